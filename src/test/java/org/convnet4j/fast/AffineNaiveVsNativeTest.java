package org.convnet4j.fast;

import java.util.stream.Stream;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.testing.FastOpHarness;
import org.convnet4j.testkit.AffineCase;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.OpTests;
import org.convnet4j.testkit.TestKit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** AffineFast beside Affine over the kit's affine grid. */
class AffineNaiveVsNativeTest extends FastOpHarness {
    AffineNaiveVsNativeTest() {
        super("affine");
    }

    private OpTests<AffineOp, AffineCase> kit() {
        // the affine kernel has no chunk knob: every case runs as it comes
        return TestKit.affine(AffineFast::new).around(harness(c -> 0, () -> 0, v -> {}));
    }

    @TestFactory
    Stream<DynamicTest> agrees() {
        return kit().referenceTests();
    }

    @Override
    public void sample() {
        OpTests<AffineOp, AffineCase> kit = kit();
        Cases.affine().stream().filter(c -> c.seed() == 1).forEach(kit::runReference);
    }
}
