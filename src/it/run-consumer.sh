#!/usr/bin/env bash
# Consumer check: convnet4j used the way a user's project uses it, resolved from a Maven repository (the
# local one, after `bash cppbuild.sh install`). Three parts, each failing the script:
#  1. lean/: a project whose only dependency is org.convnet4j:convnet4j-platform. `mvn dependency:list`
#     must give exactly lean/dependencies.txt (the core, its natives, JavaCPP, OpenBLAS, slf4j-api): an
#     extra artifact (the command line's picocli, gson, ...) or a missing one fails.
#  2. consumer/: the README's pom.xml (convnet4j-platform, convnet4j-viz, slf4j-simple); its
#     `mvn dependency:list` must give exactly consumer/dependencies.txt. ConsumerCheck then loads the fast
#     conv and pool from the jars (natives extracted into a fresh JavaCPP cache) and compares them with the
#     naive ones.
#  3. the README's Java example (consumer/src/main/java/example/TrainAndPredict.java) runs as the README
#     says, `mvn compile exec:exec`: it loads data, trains, writes the plot, saves, loads and predicts.
#
#   bash src/it/run-consumer.sh [--install] [-- <extra mvn args, e.g. -o>]
#
#   --install  first run `bash cppbuild.sh install` (otherwise the jars must already be installed)
# Environment: PLATFORM (default: the host, as cppbuild.sh detects it) narrows the natives with
# -Djavacpp.platform; CONSUMER_ALL_PLATFORMS=1 leaves them un-narrowed (downloads every platform's
# OpenBLAS; the lists are then compared without the other platforms' classifier jars). JAVA (default:
# java), MVN (default: mvn).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONSUMER="$ROOT/src/it/consumer"
LEAN="$ROOT/src/it/lean"
NAME=run-consumer.sh
source "$ROOT/src/it/common.sh"

MVN_ARGS=(-B -q -Dconvnet4j.version="$VERSION")
[[ "${CONSUMER_ALL_PLATFORMS:-0}" == 1 ]] || MVN_ARGS+=(-Djavacpp.platform="$PLATFORM")

# Compares `mvn dependency:list` output ($1) with an expected list ($2, with ${version} and ${platform}).
check_list() {
    local got="$1.sorted" want="$1.expected"
    # "   g:a:jar[:classifier]:v:scope -- module name": keep the coordinates only
    grep -E '^ +[^ ]+:[^ ]+:' "$1" | sed -E 's/^ +//; s/ -- module.*$//' | sort >"$got"
    if [[ "${CONSUMER_ALL_PLATFORMS:-0}" == 1 ]]; then
        # every platform's natives were resolved: compare without the other platforms' classifier jars
        grep -vE "^org\.bytedeco:[^:]+:jar:[a-z]+-[a-z0-9_]+:" "$got" >"$got.tmp" || true
        grep -E "^org\.bytedeco:[^:]+:jar:$PLATFORM:" "$got" >>"$got.tmp" || true
        sort "$got.tmp" >"$got"
    fi
    sed -e "s/\${version}/$VERSION/g" -e "s/\${platform}/$PLATFORM/g" "$2" | sort >"$want"
    if ! diff -u "$want" "$got"; then
        echo "run-consumer.sh: FAIL: the dependencies of $(dirname "$2") differ from $2 (- expected, + resolved)" >&2
        exit 1
    fi
    echo "run-consumer.sh: $(wc -l <"$got") dependencies of $(basename "$(dirname "$2")"), as $2 lists:"
    sed 's/^/  /' "$got"
}

# 1. the lean dependency
mkdir -p "$LEAN/target"
"${MVN:-mvn}" "${MVN_ARGS[@]}" -f "$LEAN/pom.xml" "${MVN_EXTRA[@]}" dependency:list \
    -DoutputFile="$LEAN/target/dependencies.txt"
check_list "$LEAN/target/dependencies.txt" "$LEAN/dependencies.txt"

# 2. the README's project: its dependencies, then the natives from the jars
CP_FILE="$CONSUMER/target/classpath.txt"
"${MVN:-mvn}" "${MVN_ARGS[@]}" -f "$CONSUMER/pom.xml" "${MVN_EXTRA[@]}" clean package dependency:list \
    -DoutputFile="$CONSUMER/target/dependencies.txt" dependency:build-classpath -Dmdep.outputFile="$CP_FILE"
check_list "$CONSUMER/target/dependencies.txt" "$CONSUMER/dependencies.txt"

CP="$(cat "$CP_FILE")"
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

# 3. the README's example, run the README's way
echo "run-consumer.sh: the README example (mvn compile exec:exec in $CONSUMER):"
LOG="$CONSUMER/target/example.log"
# (Debian's Maven 3.8 prints colour resets even in batch mode: strip them)
"${MVN:-mvn}" "${MVN_ARGS[@]}" -f "$CONSUMER/pom.xml" "${MVN_EXTRA[@]}" compile exec:exec 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' | tee "$LOG"
for f in out/model.cnv out/loss_acc.png out/kitten.png; do
    [[ -s "$CONSUMER/target/$f" ]] || { echo "run-consumer.sh: FAIL: the example did not write target/$f" >&2; exit 1; }
done
grep -qE '^test accuracy [0-9.]+$' "$LOG" && grep -q 'kitten.png: \[' "$LOG" \
    || { echo "run-consumer.sh: FAIL: the example did not print its test accuracy and prediction" >&2; exit 1; }
echo "run-consumer.sh: OK"
