package org.convnet4j.fast;

import java.util.stream.Stream;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.testing.FastOpHarness;
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
        return TestKit.pool(MaxPool2dFast::new).around(harness(PoolCase::chunkElements, () -> Tuning.poolChunkElements,
                v -> Tuning.poolChunkElements = v));
    }

    @TestFactory
    Stream<DynamicTest> agrees() {
        return kit().referenceTests();
    }

    @Override
    public void sample() {
        OpTests<PoolOp, PoolCase> kit = kit();
        Cases.pool().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
