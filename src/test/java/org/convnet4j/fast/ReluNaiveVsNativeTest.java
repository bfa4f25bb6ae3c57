package org.convnet4j.fast;

import java.util.stream.Stream;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.OpTests;
import org.convnet4j.testkit.ReluCase;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** ReluFast beside Relu over the kit's ReLU grid (bit for bit). */
class ReluNaiveVsNativeTest extends FastOpHarness {
    ReluNaiveVsNativeTest() {
        super("relu");
    }

    private OpTests<ReluOp, ReluCase> kit() {
        return TestKit.relu(ReluFast::new).around(harness(ReluCase::chunkElements, () -> Tuning.eltwiseChunkElements,
                v -> Tuning.eltwiseChunkElements = v));
    }

    @TestFactory
    Stream<DynamicTest> agrees() {
        return kit().referenceTests();
    }

    @Override
    public void sample() {
        OpTests<ReluOp, ReluCase> kit = kit();
        Cases.relu().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
