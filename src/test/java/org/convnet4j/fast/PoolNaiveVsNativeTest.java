package org.convnet4j.fast;

import java.util.stream.Stream;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testkit.Around;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.OpTests;
import org.convnet4j.testkit.PoolCase;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** MaxPool2dFast beside MaxPool2d over the kit's pool grid. */
class PoolNaiveVsNativeTest extends FastOpHarness {
    PoolNaiveVsNativeTest() {
        super("max_pool");
    }

    private OpTests<PoolOp, PoolCase> kit() {
        return kit(Around.nothing());
    }

    private OpTests<PoolOp, PoolCase> kit(Around<PoolCase> variant) {
        return TestKit.pool(MaxPool2dFast::new).around(harness(PoolCase::chunkElements, () -> Tuning.poolChunkElements,
                v -> Tuning.poolChunkElements = v).enclosing(variant));
    }

    /** With the default kernels: AVX2 for stride 2 where the CPU has it. */
    @TestFactory
    Stream<DynamicTest> agrees() {
        return kit().referenceTests();
    }

    /** The same grid with the scalar kernels only ({@link Tuning#poolAvx2} off). */
    @TestFactory
    Stream<DynamicTest> agreesWithScalarKernels() {
        return kit(setting(() -> Tuning.poolAvx2, v -> Tuning.poolAvx2 = v, false)).referenceTests();
    }

    @Override
    public void sample() {
        OpTests<PoolOp, PoolCase> kit = kit();
        Cases.pool().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
