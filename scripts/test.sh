#!/usr/bin/env bash
# The whole test run, as CI does it on a fresh machine:
#  1. set-up (JDK, Maven, g++, Fashion-MNIST),
#  2. build every module (parent/pom.xml: the core with its JNI library, viz, cli, platform, bench) and run
#     every test with the native library REQUIRED (a missing or broken native build fails instead of
#     skipping) and the Fashion-MNIST tests required,
#  2b. run the core's native harness again under -Xcheck:jni: HotSpot then hands native code copies of the
#     arrays (JNI allows that) and reports any JNI call made inside a critical region, which fails this script;
#  3. install the artifacts (bash cppbuild.sh install) into the local repository,
#  4. the consumer checks: the exact dependency list of a project that depends only on convnet4j-platform, the
#     README's example project built and run against the installed artifacts, and a project that tests
#     its own conv with convnet4j-testkit (the correct conv must pass, a broken one fail with the expected report),
#  5. one short run of two JMH benchmarks (built in step 2) loads the natives (a smoke test: nothing is
#     timed or compared).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# -Djavacpp.platform narrows convnet4j-platform's natives to this host's (the bytedeco convention)
platform=$(bash cppbuild.sh --host-platform)
mvn -B -ntp -f parent/pom.xml -Djavacpp.platform="$platform" -Dcnn.requireNative=true -Dcnn.requireData=true verify
rm -f target/surefire-reports/*.dumpstream
mvn -B -ntp -q surefire:test -Dcnn.requireNative=true -DargLine=-Xcheck:jni \
  -Dtest='*NaiveVsNativeTest,BatchSplitTest,ConcurrentFastOpsTest,NativeSafetyTest,AffineSafetyTest,ReluSafetyTest,PoolAvx2FuzzTest,ConvReluPoolAvx2Test'
if grep -l "Calling other JNI functions" target/surefire-reports/*.dumpstream 2>/dev/null; then
  echo "scripts/test.sh: -Xcheck:jni reported JNI calls inside a critical region (files above)" >&2
  exit 1
fi
bash cppbuild.sh install -- -ntp
bash src/it/run-consumer.sh -- -ntp
bash src/it/run-testkit-consumer.sh -- -ntp
java -jar bench/target/benchmarks.jar 'BenchmarkConv2d.forward|BenchmarkRelu.backward|BenchmarkTrainStep' -p shape=S1 \
  -p blasThreads=1 -p dtype=float64 -p impl=fast -p trainCase=T1 -f 1 -wi 0 -i 1 -r 200ms -foe true
echo "scripts/test.sh: all passed"
