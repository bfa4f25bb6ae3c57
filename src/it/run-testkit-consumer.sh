#!/usr/bin/env bash
# Test-kit consumer check: builds src/it/testkit-consumer (a separate Maven project with its own convolution,
# depending on convnet4j-platform and, test-scoped, convnet4j-testkit and JUnit 5, all from the local Maven
# repository) and runs its tests the way a user does, with `mvn test`:
#   1. MyConvTest (the kit's ConvOpContract) and MyConvInNetsTest (TestKit.layers in a @TestFactory) on a
#      correct conv: every dynamic test must pass, one per grid case;
#   2. BrokenConvTest on the same conv with `+=` replaced by `=` in its backward: the build must fail, and the
#      failure report must name the output, the worst element and guess the overlap mistake.
# Exits non-zero when either expectation is not met.
#
#   bash src/it/run-testkit-consumer.sh [--install] [-- <extra mvn args, e.g. -o -Dmaven.repo.local=DIR>]
#
#   --install  first run `bash cppbuild.sh install` (otherwise the jars must already be installed)
# Environment: PLATFORM (default: the host) narrows the natives with -Djavacpp.platform; MVN (default: mvn).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PROJECT="$ROOT/src/it/testkit-consumer"
NAME=run-testkit-consumer.sh
source "$ROOT/src/it/common.sh"

fail() { echo "run-testkit-consumer.sh: FAIL: $*" >&2; exit 1; }
MVN_ARGS=(-B -f "$PROJECT/pom.xml" -Dconvnet4j.version="$VERSION" -Djavacpp.platform="$PLATFORM")
LOG_DIR="$(mktemp -d)"
trap 'rm -rf "$LOG_DIR"' EXIT
REPORTS="$PROJECT/target/surefire-reports"

# the kit and the library must come from the repository, never from a build tree
"${MVN:-mvn}" "${MVN_ARGS[@]}" "${MVN_EXTRA[@]}" -q clean dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$LOG_DIR/classpath.txt" >"$LOG_DIR/classpath.log" 2>&1 \
    || { cat "$LOG_DIR/classpath.log" >&2; fail "cannot resolve the test class path"; }
CP="$(cat "$LOG_DIR/classpath.txt")"
grep -q "convnet4j-testkit-$VERSION.jar" <<<"$CP" || fail "convnet4j-testkit-$VERSION.jar is not on the test class path"
grep -q "convnet4j-$VERSION-$PLATFORM.jar" <<<"$CP" || fail "convnet4j-$VERSION-$PLATFORM.jar is not on the test class path"
if tr ':' '\n' <<<"$CP" | grep -q '/target/classes$'; then fail "a build tree is on the class path"; fi

# 1. the correct conv passes every case
if ! "${MVN:-mvn}" "${MVN_ARGS[@]}" "${MVN_EXTRA[@]}" test -Dtest='MyConvTest,MyConvInNetsTest' >"$LOG_DIR/good.log" 2>&1; then
    tail -60 "$LOG_DIR/good.log" >&2
    fail "MyConv (a correct conv) did not pass the test kit"
fi
for t in MyConvTest MyConvInNetsTest; do
    xml="$REPORTS/TEST-consumer.$t.xml"
    [[ -f "$xml" ]] || fail "no report $xml"
    read -r tests failures errors skipped < <(sed -nE 's/.*<testsuite [^>]*tests="([0-9]+)"[^>]*errors="([0-9]+)"[^>]*skipped="([0-9]+)"[^>]*failures="([0-9]+)".*/\1 \4 \2 \3/p' "$xml" | head -1)
    [[ -n "${tests:-}" ]] || fail "cannot read the counts of $xml"
    (( failures == 0 && errors == 0 && skipped == 0 )) || fail "$t: $failures failures, $errors errors, $skipped skipped"
    echo "run-testkit-consumer.sh: $t: $tests tests passed"
done
(( $(sed -nE 's/.*<testsuite [^>]*tests="([0-9]+)".*/\1/p' "$REPORTS/TEST-consumer.MyConvTest.xml" | head -1) >= 90 )) \
    || fail "MyConvTest ran fewer than 90 tests: not one per grid case"
grep -qF 'name="matchesTheReference() float64 x[2, 3, 5, 5] w[4, 3, 3, 3] stride 1 pad 1"' "$REPORTS/TEST-consumer.MyConvTest.xml" \
    || fail "the dynamic tests are not named by their cases"

# 2. the broken conv fails, with the report a person can act on
if "${MVN:-mvn}" "${MVN_ARGS[@]}" "${MVN_EXTRA[@]}" test -Dtest=BrokenConvTest >"$LOG_DIR/broken.log" 2>&1; then
    fail "BrokenConvTest passed: the test kit missed dx_pad[...] = instead of +="
fi
txt="$REPORTS/consumer.BrokenConvTest.txt"
[[ -f "$txt" ]] || { tail -60 "$LOG_DIR/broken.log" >&2; fail "BrokenConvTest left no report (did it compile?)"; }
expect() { grep -qF -- "$1" "$txt" || { sed -n '1,40p' "$txt" >&2; fail "the report lacks: $1"; }; }
expect "reference check of BrokenConv: dx differs from the reference (Conv2d) in "
expect "gradient check of BrokenConv: dx differs from the numeric gradient in "
expect "  case:  float64 x[3, 2, 7, 9] w[2, 2, 2, 3] stride 2 pad 0"
expect "  worst: dx at (n, c, h, w) = ("
expect "  guess: dx is wrong only where windows overlap: are overlapping contributions added?"
# every finite case that fails must carry the overlap guess (non-finite cases fail on NaN first)
awk '/(reference|gradient) check of BrokenConv/ { c = "" } /^  case:/ { c = $0 }
     /^  guess:/ && c !~ /non-finite/ && $0 !~ /windows overlap/ { print c; print; bad = 1 } END { exit bad }' "$txt" >&2 \
    || fail "a finite case of BrokenConv got another guess than the overlap one (above)"
xml="$REPORTS/TEST-consumer.BrokenConvTest.xml"
read -r tests failures < <(sed -nE 's/.*<testsuite [^>]*tests="([0-9]+)"[^>]*failures="([0-9]+)".*/\1 \2/p' "$xml" | head -1)
(( failures > 0 && failures < tests )) || fail "BrokenConvTest: $failures of $tests failed (expected some, not all: non-overlapping windows are right)"
echo "run-testkit-consumer.sh: BrokenConvTest: $failures of $tests tests failed as expected; the first report:"
awk '/reference check of BrokenConv/ { p = 1; sub(/^.*reference check/, "reference check") } p { print "  " $0; if (++n == 4) exit }' "$txt"
echo "run-testkit-consumer.sh: OK"
