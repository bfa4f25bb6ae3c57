package org.convnet4j.check;

import static org.convnet4j.testing.Compare.assertPrinted;
import static org.convnet4j.testing.Compare.assertRelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * Every numeric check of the seed notebook's layer cells, each with the seed's printed figure next to the
 * bound. Statistics printed to 8 decimals must round to the printed digits (our Rng reproduces NumPy's
 * stream), so their bound is half a unit in the 8th decimal, {@link NotebookChecks#PRINTED_DIGITS}.
 */
class NotebookChecksTest extends TestBase {
    private static final double HALF_UNIT = NotebookChecks.PRINTED_DIGITS;

    @Test
    void convForwardMatchesCorrectOut() {
        // seed: 2.2121476417505994e-08; bound 2.9e-8 from the 8-decimal rounding of correct_out
        double e = NotebookChecks.convForwardError();
        assertRelError("conv_forward_naive", e, NotebookChecks.CONV_FORWARD, "2.2121476417505994e-08");
        // Same inputs, same correct_out: the figure itself reproduces, up to the last bits of our output.
        assertEquals(2.2121476417505994e-08, e, 1e-6 * 2.2121476417505994e-08);
    }

    @Test
    void convBackwardDx() {
        // seed: 1.159803161159293e-08 ("should be around 1e-8"); bound 1e-7
        assertRelError("conv dx", NotebookChecks.convBackwardErrors()[0], NotebookChecks.CONV_GRAD, "1.159803161159293e-08");
    }

    @Test
    void convBackwardDw() {
        // seed: 2.2471264748452487e-10; bound 1e-7
        assertRelError("conv dw", NotebookChecks.convBackwardErrors()[1], NotebookChecks.CONV_GRAD, "2.2471264748452487e-10");
    }

    @Test
    void convBackwardDb() {
        // seed: 3.37264006649648e-11; bound 1e-7
        assertRelError("conv db", NotebookChecks.convBackwardErrors()[2], NotebookChecks.CONV_GRAD, "3.37264006649648e-11");
    }

    @Test
    void maxPoolForwardMatchesCorrectOut() {
        // seed: 4.1666665157267834e-08; bound 2e-7 from the 8-decimal rounding of correct_out (smallest |v| 0.0126)
        double e = NotebookChecks.maxPoolForwardError();
        assertRelError("max_pool_forward_naive", e, NotebookChecks.POOL_FORWARD, "4.1666665157267834e-08");
        // Max pooling copies inputs, so the figure is the seed's to the last digit.
        assertEquals(4.1666665157267834e-08, e, 1e-6 * 4.1666665157267834e-08);
    }

    @Test
    void maxPoolBackwardDx() {
        // seed: 3.27562514223145e-12 ("around 1e-12"); bound 1e-10
        assertRelError("max_pool dx", NotebookChecks.maxPoolBackwardError(), NotebookChecks.POOL_GRAD, "3.27562514223145e-12");
    }

    @Test
    void convReluPoolGradients() {
        // seed: dx 6.514336569263308e-09, dw 1.490843753539445e-08, db 2.037390356217257e-09; bound 1e-7
        double[] e = NotebookChecks.convReluPoolErrors();
        assertRelError("conv_relu_pool dx", e[0], NotebookChecks.SANDWICH_GRAD, "6.514336569263308e-09");
        assertRelError("conv_relu_pool dw", e[1], NotebookChecks.SANDWICH_GRAD, "1.490843753539445e-08");
        assertRelError("conv_relu_pool db", e[2], NotebookChecks.SANDWICH_GRAD, "2.037390356217257e-09");
    }

    @Test
    void convReluGradients() {
        // seed: dx 3.5600610115232832e-09, dw 2.2497700915729298e-10, db 1.3087619975802167e-10; bound 1e-7
        double[] e = NotebookChecks.convReluErrors();
        assertRelError("conv_relu dx", e[0], NotebookChecks.SANDWICH_GRAD, "3.5600610115232832e-09");
        assertRelError("conv_relu dw", e[1], NotebookChecks.SANDWICH_GRAD, "2.2497700915729298e-10");
        assertRelError("conv_relu db", e[2], NotebookChecks.SANDWICH_GRAD, "1.3087619975802167e-10");
    }

    @Test
    void spatialBatchNormTrainBeforeStatistics() {
        NotebookChecks.TrainStats s = NotebookChecks.spatialBatchNormTrainStats();
        assertPrinted("before means", "[9.33463814 8.90909116 9.11056338]", s.beforeMeans(), HALF_UNIT);
        assertPrinted("before stds", "[3.61447857 3.19347686 3.5168142 ]", s.beforeStds(), HALF_UNIT);
    }

    @Test
    void spatialBatchNormTrainAfterStatistics() {
        NotebookChecks.TrainStats s = NotebookChecks.spatialBatchNormTrainStats();
        // seed means [6.18949336e-16 5.99520433e-16 -1.22124533e-16] are rounding noise: bound |mean| <= 1e-13
        for (double m : s.afterMeans()) assertTrue(Math.abs(m) <= NotebookChecks.ZERO_MEAN, "after mean " + m);
        // stds are sqrt(var / (var + eps)), deterministic: the printed digits must reproduce
        assertPrinted("after stds", "[0.99999962 0.99999951 0.9999996 ]", s.afterStds(), HALF_UNIT);
    }

    @Test
    void spatialBatchNormTrainNontrivialGammaBeta() {
        NotebookChecks.TrainStats s = NotebookChecks.spatialBatchNormTrainStats();
        assertPrinted("gamma/beta means", "[6. 7. 8.]", s.affineMeans(), HALF_UNIT);
        assertPrinted("gamma/beta stds", "[2.99999885 3.99999804 4.99999798]", s.affineStds(), HALF_UNIT);
    }

    @Test
    void spatialBatchNormTestTimeStatistics() {
        double[][] s = NotebookChecks.spatialBatchNormTestStats();
        // The OCR'd seed shows "[-0.08034406 0.07562881 0.05716371" and lost the fourth mean; 0.04378383
        // comes from src/test/resources/gen/spatial_batchnorm_stats.py (NumPy, CS231n's formulas).
        assertPrinted("test-time means", "[-0.08034406 0.07562881 0.05716371 0.04378383]", s[0], HALF_UNIT);
        assertPrinted("test-time stds", "[0.96718744 1.0299714 1.02887624 1.00585577]", s[1], HALF_UNIT);
    }

    @Test
    void spatialBatchNormBackward() {
        // seed: dx 2.7866481929016103e-07, dgamma 7.0974817113608705e-12, dbeta 3.275608725278405e-12;
        // bounds 1e-6 (dx, see NotebookChecks.BN_DX) and 1e-9
        double[] e = NotebookChecks.spatialBatchNormBackwardErrors();
        assertRelError("spatial batchnorm dx", e[0], NotebookChecks.BN_DX, "2.7866481929016103e-07");
        assertRelError("spatial batchnorm dgamma", e[1], NotebookChecks.BN_DPARAM, "7.0974817113608705e-12");
        assertRelError("spatial batchnorm dbeta", e[2], NotebookChecks.BN_DPARAM, "3.275608725278405e-12");
    }

    @Test
    void runReturnsEveryCheckPassing() {
        List<NotebookChecks.Row> rows = NotebookChecks.run();
        assertEquals(23, rows.size());
        Set<String> names = new HashSet<>();
        for (NotebookChecks.Row r : rows) {
            assertTrue(names.add(r.name()), "duplicate row " + r.name());
            assertTrue(r.passed(), r.toString());
            assertEquals(r.value() <= r.threshold(), r.passed(), r.toString());
            assertTrue(!r.notebookPrinted().isEmpty() && !r.ours().isEmpty(), r.toString());
        }
    }

    @Test
    void maxDistanceToPrintedIsExactAndStrict() {
        assertEquals(0.0, NotebookChecks.maxDistanceToPrinted("[6. 7. 8.]", new double[] {6, 7, 8}));
        assertEquals(5e-9, NotebookChecks.maxDistanceToPrinted("[0.9999996 ]", new double[] {0.999999605}), 1e-15);
        // one value off in the 8th decimal is caught
        assertTrue(NotebookChecks.maxDistanceToPrinted("[9.33463814 8.90909116]", new double[] {9.33463814, 8.90909117})
                > HALF_UNIT);
    }

    @Test
    void formatsLikeNumpy() {
        assertEquals("[9.33463814 8.90909116 9.11056338]",
                NotebookChecks.format(new double[] {9.334638144, 8.909091161, 9.110563383}));
        assertEquals("[6. 7. 8.]", NotebookChecks.format(new double[] {6, 7, 8}));
        assertEquals("2.2121476417505994e-08", NotebookChecks.repr(2.2121476417505994e-08));
    }
}
