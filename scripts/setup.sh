#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine for convnet4j: a JDK 17, Maven, a C++ compiler (JavaCPP
# builds the JNI library with g++) and the Fashion-MNIST data set from Debian's packages
# (/usr/share/datasets/fashion-mnist), which `./convnet4j train` and the real-data test use.
# Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v g++ >/dev/null 2>&1 || need+=(g++)
[[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]] || need+=(dataset-fashion-mnist)

if [[ ${#need[@]} -eq 0 ]]; then
  echo "setup: everything is installed"
  exit 0
fi
echo "setup: installing ${need[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: run as root (or install sudo) to apt-get install ${need[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${need[@]}"
