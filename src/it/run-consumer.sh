#!/usr/bin/env bash
# Consumer check: builds src/it/consumer (a separate Maven project whose only dependency is
# org.convnet4j:convnet4j-platform), resolves it from the local Maven repository, and runs a fast
# conv and pool against the naive ones with the classpath Maven computed. Exits non-zero on a
# mismatch or when the native library does not load from the classifier jar.
#
#   bash src/it/run-consumer.sh [--install] [-- <extra mvn args, e.g. -o>]
#
#   --install  first run `bash cppbuild.sh install` (otherwise the jars must already be installed)
# Environment: PLATFORM (default: the host, as cppbuild.sh detects it) narrows the natives with
# -Djavacpp.platform; CONSUMER_ALL_PLATFORMS=1 leaves them un-narrowed (downloads every platform's
# OpenBLAS). JAVA (default: java), MVN (default: mvn).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONSUMER="$ROOT/src/it/consumer"
INSTALL=0
MVN_EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --install) INSTALL=1; shift ;;
        --) shift; MVN_EXTRA=("$@"); break ;;
        *) echo "run-consumer.sh: unknown argument '$1'" >&2; exit 64 ;;
    esac
done

VERSION="$(grep -m1 -E '^  <version>' "$ROOT/pom.xml" | sed -E 's|.*<version>([^<]+)</version>.*|\1|')"
[[ -n "$VERSION" ]] || { echo "run-consumer.sh: cannot read the version from pom.xml" >&2; exit 1; }

if [[ -z "${PLATFORM:-}" ]]; then
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) PLATFORM=linux-x86_64 ;;
        Linux-aarch64) PLATFORM=linux-arm64 ;;
        Darwin-arm64) PLATFORM=macosx-arm64 ;;
        Darwin-x86_64) PLATFORM=macosx-x86_64 ;;
        *) echo "run-consumer.sh: unrecognized host $(uname -s)-$(uname -m); set PLATFORM" >&2; exit 1 ;;
    esac
fi

if [[ "$INSTALL" == 1 ]]; then
    bash "$ROOT/cppbuild.sh" -platform "$PLATFORM" install -- "${MVN_EXTRA[@]}"
fi

MVN_ARGS=(-B -q -f "$CONSUMER/pom.xml" -Dconvnet4j.version="$VERSION")
[[ "${CONSUMER_ALL_PLATFORMS:-0}" == 1 ]] || MVN_ARGS+=(-Djavacpp.platform="$PLATFORM")

CP_FILE="$CONSUMER/target/classpath.txt"
"${MVN:-mvn}" "${MVN_ARGS[@]}" "${MVN_EXTRA[@]}" clean package dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE"

CP="$(cat "$CP_FILE")"
echo "run-consumer.sh: convnet4j $VERSION, javacpp.platform ${PLATFORM}; resolved jars:"
tr ':' '\n' <<<"$CP" | sed 's|.*/||; s|^|  |'
# the natives must come from the published classifier jar, never from a build tree
grep -q "convnet4j-$VERSION-$PLATFORM.jar" <<<"$CP" \
    || { echo "run-consumer.sh: FAIL: convnet4j-$VERSION-$PLATFORM.jar is not on the classpath" >&2; exit 1; }
if tr ':' '\n' <<<"$CP" | grep -q '/target/classes$'; then
    echo "run-consumer.sh: FAIL: a build tree is on the classpath" >&2; exit 1
fi

# a fresh JavaCPP cache proves the libraries are extracted from the jars just resolved
CACHE="$(mktemp -d)"
trap 'rm -rf "$CACHE"' EXIT
"${JAVA:-java}" -Dorg.bytedeco.javacpp.cachedir="$CACHE" -cp "$CONSUMER/target/classes:$CP" consumer.ConsumerCheck
