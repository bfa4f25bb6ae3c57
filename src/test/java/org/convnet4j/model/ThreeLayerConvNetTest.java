package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.convnet4j.check.GradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** The seed's ThreeLayerConvNet cells: loss sanity check and numeric gradient check. */
class ThreeLayerConvNetTest extends TestBase {

    /** Seed In [19]: "Initial loss (no regularization): 2.302585647096208", then with reg 0.5: 2.5082799202104122. */
    @Test
    void initialLossIsLogTenAndRegularisationRaisesIt() {
        ThreeLayerConvNet model = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults(), Ops.naive(), rng);
        int n = 50;
        Tensor x = Tensor.randn(rng, DType.FLOAT32, n, 3, 32, 32);
        int[] y = rng.randint(10, n);
        double loss = model.loss(x, y).loss();
        // weights of scale 1e-3 give scores near 0, so softmax is near uniform: log(10) = 2.302585
        assertEquals(Math.log(10), loss, 1e-3, "initial loss without regularisation");
        model.setReg(0.5);
        double withReg = model.loss(x, y).loss();
        // the seed's 2.508 - 2.3026 = 0.2056 is 0.5 * 0.5 * sum(W^2) for its parameter count; ours has the same count
        double sumSq = 0;
        for (String w : new String[] {"W1", "W2", "W3"}) {
            Tensor t = model.params().get(w);
            for (int i = 0; i < t.size(); i++) sumSq += t.getFlat(i) * t.getFlat(i);
        }
        assertEquals(loss + 0.25 * sumSq, withReg, 1e-5, "regularised loss = data loss + 0.5 * reg * sum W^2");
        assertTrue(withReg > 2.45 && withReg < 2.56, "seed printed 2.508; got " + withReg);
    }

    /**
     * Seed In [20]: every parameter's max relative error is at most ~2e-2 (the seed prints W2 1.8e-2).
     * With weights of scale 1e-3 the loss sits at log(10) and a 1e-6 step moves it by less than one ulp
     * for most W2 entries, so a numeric gradient there is a multiple of ulp(L) / (2h) = 2.2e-10 and,
     * divided by the 1e-8 floor of rel_error, the seed's figure for W2 is rounding noise. The check
     * therefore ignores entries whose difference is within that resolution (ulp(L) / h, a factor 2 of
     * headroom) and holds the rest to the seed's 2e-2; {@link #gradientsMatchTightlyAwayFromTinyWeights}
     * checks the same gradients to 1e-6.
     */
    @Test
    void numericGradientCheckLikeTheSeed() {
        Rng r = new Rng(231);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 2, 3, 16, 16);
        int[] y = r.randint(10, 2);
        ThreeLayerConvNet.Config cfg = ThreeLayerConvNet.Config.defaults().withInputDim(3, 16, 16).withFilters(3, 3)
                .withHiddenDim(7).withDtype(DType.FLOAT64);
        ThreeLayerConvNet model = new ThreeLayerConvNet(cfg, Ops.naive(), r);
        Model.LossAndGrads lg = model.loss(x, y);
        double h = 1e-6;
        double resolution = Math.ulp(lg.loss()) / h;
        for (String name : new TreeMap<>(lg.grads()).keySet()) {
            Tensor num = GradCheck.numericalGradient(t -> model.loss(x, y).loss(), model.params().get(name), h);
            Tensor ana = lg.grads().get(name);
            double worst = 0;
            for (int i = 0; i < num.size(); i++) {
                double a = ana.getFlat(i), b = num.getFlat(i);
                if (Math.abs(a - b) <= resolution) continue;
                worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b)));
            }
            assertTrue(worst <= 2e-2, name + " max relative error beyond the rounding resolution " + worst
                    + " (raw rel_error " + GradCheck.relError(num, ana) + "; seed: all <= 1.9e-2)");
        }
    }

    /** With a stronger signal (scale 1e-1, reg) the analytic gradient must match tightly, not only to 2e-2. */
    @Test
    void gradientsMatchTightlyAwayFromTinyWeights() {
        Rng r = new Rng(7);
        ThreeLayerConvNet.Config cfg = ThreeLayerConvNet.Config.defaults().withInputDim(2, 8, 6).withFilters(2, 3)
                .withHiddenDim(5).withNumClasses(4).withWeightScale(0.3).withReg(0.1).withDtype(DType.FLOAT64);
        ThreeLayerConvNet model = new ThreeLayerConvNet(cfg, Ops.naive(), r);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 3, 2, 8, 6);
        int[] y = {0, 3, 1};
        Map<String, Tensor> grads = model.loss(x, y).grads();
        for (String name : grads.keySet()) {
            Tensor num = GradCheck.numericalGradient(t -> model.loss(x, y).loss(), model.params().get(name));
            double err = GradCheck.relError(num, grads.get(name));
            assertTrue(err < 1e-6, name + " relative error " + err);
        }
    }

    @Test
    void rejectsInputsThatDoNotMatchTheConfig() {
        ThreeLayerConvNet model = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withInputDim(3, 8, 8)
                .withHiddenDim(4), Ops.naive(), rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.scores(Tensor.zeros(DType.FLOAT32, 2, 1, 8, 8)));
        assertTrue(e.getMessage().contains("(N, 3, 8, 8)") && e.getMessage().contains("[2, 1, 8, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.scores(Tensor.zeros(DType.FLOAT64, 2, 3, 8, 8)));
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.loss(Tensor.zeros(DType.FLOAT32, 2, 3, 8, 8), new int[3]));
        assertTrue(e.getMessage().contains("y must have 2 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ThreeLayerConvNet.Config.defaults().withFilters(4, 4));
        assertTrue(e.getMessage().contains("filter_size must be odd"), e.getMessage());
    }
}
