package org.convnet4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * The kit catches the usual mistakes and says which: deliberately broken implementations ({@link UserConv}'s
 * and {@link UserPool}'s subclasses) run through the reference and gradient grids, and every failure must name
 * the broken output and, where the inputs are finite, carry the guess line for that mistake. The same
 * implementations unbroken pass every case ({@link CorrectImplementationsTest}), so each failure here is the
 * mistake's doing.
 */
class BrokenImplementationsTest extends TestBase {
    static final String OVERLAP = "dx is wrong only where windows overlap: are overlapping contributions added?";
    static final String LAST_MAX = "gradient sent to the last maximum, not the first";
    static final String HALF = "accumulating in half precision?";

    /** A case and what its check threw (null when it passed). */
    record Outcome<K>(K kase, KitFailure failure) {}

    static <K> List<Outcome<K>> run(List<K> cases, Consumer<K> check) {
        List<Outcome<K>> out = new ArrayList<>();
        for (K c : cases) {
            KitFailure f = null;
            try {
                check.accept(c);
            } catch (KitFailure e) {
                f = e;
            }
            out.add(new Outcome<>(c, f));
        }
        return out;
    }

    /** Whether two windows of the case cover one position of x (not only of its padding). */
    static boolean overlapsInsideX(ConvCase c) {
        int most = 0;
        for (int h = 0; h < c.xShape()[2]; h++) {
            for (int w = 0; w < c.xShape()[3]; w++) {
                most = Math.max(most, covering(h, c.xShape()[2], c.wShape()[2], c) * covering(w, c.xShape()[3], c.wShape()[3], c));
            }
        }
        return most >= 2;
    }

    private static int covering(int pos, int size, int kernel, ConvCase c) {
        int n = 0, out = 1 + (size + 2 * c.param().pad() - kernel) / c.param().stride();
        for (int i = 0; i < out; i++) {
            int start = i * c.param().stride() - c.param().pad();
            if (start <= pos && pos < start + kernel) n++;
        }
        return n;
    }

    @Test
    void overwritingOverlapsIsCaughtAndNamed() {
        List<Outcome<ConvCase>> ref = run(Cases.conv(), c -> ReferenceCheck.conv(new Conv2d(), new UserConv.Overwriting(), c));
        List<Outcome<ConvCase>> grad = run(Cases.convGradient(), c -> GradientCheck.conv(new UserConv.Overwriting(), c));
        for (List<Outcome<ConvCase>> outcomes : List.of(ref, grad)) {
            int caught = 0;
            for (Outcome<ConvCase> o : outcomes) {
                if (o.failure() == null) {
                    assertFalse(overlapsInsideX(o.kase()), o.kase() + ": passed with overlapping windows");
                    continue;
                }
                caught++;
                Report r = o.failure().report();
                assertEquals("dx", r.output(), o.kase() + ": only dx is broken");
                assertTrue(overlapsInsideX(o.kase()), o.kase() + ": failed without overlapping windows\n" + r);
                if (!o.kase().nonFinite()) assertEquals(OVERLAP, r.guess(), o.kase() + "\n" + r);
            }
            assertTrue(caught >= outcomes.size() / 4, "caught " + caught + " of " + outcomes.size());
        }
        // the clearest case: stride 2, windows overlap along w only
        Report r = failureOf(ref, c -> c.dtype() == DType.FLOAT64 && c.seed() == 3);
        assertEquals("reference check", r.check());
        assertEquals("(n, c, h, w)", r.axes());
        assertEquals(4, r.index().length);
        assertTrue(r.caseText().contains("float64 x[3, 2, 7, 9] w[2, 2, 2, 3] stride 2 pad 0"), r.caseText());
        assertTrue(r.error() > r.bound() && r.bound() == Tolerances.F64_REL_ERROR, r.toString());
        String text = r.toString();
        assertTrue(text.startsWith("reference check of Overwriting: dx differs from the reference (Conv2d) in "), text);
        assertTrue(text.contains("\n  worst: dx at (n, c, h, w) = (" + r.index()[0] + ", " + r.index()[1] + ", "
                + r.index()[2] + ", " + r.index()[3] + "): yours " + Report.num(r.yours()) + ", reference "
                + Report.num(r.theirs()) + ", rel_error "), text);
        assertTrue(text.endsWith("\n  guess: " + OVERLAP), text);
    }

    @Test
    void dxOffByThePaddingIsCaughtAndNamed() {
        List<Outcome<ConvCase>> ref = run(Cases.conv(), c -> ReferenceCheck.conv(new Conv2d(), new UserConv.PadOff(), c));
        List<Outcome<ConvCase>> grad = run(Cases.convGradient(), c -> GradientCheck.conv(new UserConv.PadOff(), c));
        for (List<Outcome<ConvCase>> outcomes : List.of(ref, grad)) {
            int guessed = 0;
            for (Outcome<ConvCase> o : outcomes) {
                int pad = o.kase().param().pad();
                if (o.failure() == null) {
                    assertFalse(pad > 0 && !o.kase().nonFinite() && ref == outcomes, o.kase() + " passed with pad " + pad);
                    continue;
                }
                Report r = o.failure().report();
                assertEquals("dx", r.output(), o.kase() + ": only dx is broken");
                assertTrue(pad > 0, o.kase() + ": failed without padding\n" + r);
                // too little overlap between the two (e.g. H = 1 with pad 1) leaves no clear pattern: no guess then
                if (!o.kase().nonFinite() && r.hasGuess()) {
                    assertTrue(r.guess().contains("off by the padding width (pad = " + pad + ")"), r.toString());
                    guessed++;
                }
            }
            assertTrue(guessed >= 10, "the padding guess in " + guessed + " cases");
        }
        Report r = failureOf(ref, c -> c.dtype() == DType.FLOAT64 && c.seed() == 1);
        assertEquals("dx equals the reference (Conv2d) moved by (1, 1) along (h, w): off by the padding width (pad = 1)?"
                + " dx is the padded gradient's [pad, pad + H) x [pad, pad + W)", r.guess());
    }

    @Test
    void lastMaximumIsCaughtAndNamed() {
        List<Outcome<PoolCase>> ref = run(Cases.pool(), c -> ReferenceCheck.pool(new MaxPool2d(), new UserPool.LastMax(), c));
        int caught = 0;
        for (Outcome<PoolCase> o : ref) {
            if (o.failure() == null) continue;
            caught++;
            Report r = o.failure().report();
            assertEquals("dx", r.output(), o.kase() + ": the forward values are the same");
            assertTrue(o.kase().ties() || o.kase().nonFinite(), o.kase() + ": failed without ties\n" + r);
            // with NaN and infinities in x too: the model of the whole dx comes before the non-finite guesses
            assertNotNull(r.guess(), r.toString());
            assertTrue(r.guess().startsWith(LAST_MAX), r.toString());
        }
        assertTrue(caught >= 20, "caught " + caught);
        // without ties there is one maximum per window: the gradient grid (distinct values) cannot tell
        assertTrue(run(Cases.poolGradient(), c -> GradientCheck.pool(new UserPool.LastMax(), c)).stream()
                .allMatch(o -> o.failure() == null));
        Report r = failureOf(ref, c -> c.dtype() == DType.FLOAT64 && c.seed() == 2);
        assertTrue(r.caseText().contains("pool 2x2 stride 2 ties"), r.caseText());
    }

    /** NumPy's product form of the ReLU backward: -0 for a negative dout and NaN for an infinite one where x <= 0. */
    static final class ProductRelu implements ReluOp {
        @Override
        public ReluResult forward(Tensor x) {
            return new Relu().forward(x);
        }

        @Override
        public Tensor backward(Tensor dout, ReluCache cache) {
            Tensor dx = dout.copy();
            for (int i = 0; i < dx.size(); i++) dx.setFlat(i, dout.getFlat(i) * (cache.x().getFlat(i) > 0 ? 1 : 0));
            return dx;
        }
    }

    @Test
    void productReluBackwardIsCaughtAndNamed() {
        List<Outcome<ReluCase>> ref = run(Cases.relu(), c -> ReferenceCheck.relu(new Relu(), new ProductRelu(), c));
        int caught = 0;
        for (Outcome<ReluCase> o : ref) {
            if (o.failure() == null) continue;
            caught++;
            Report r = o.failure().report();
            assertEquals("dx", r.output(), r.toString());
            assertNotNull(r.guess(), r.toString());
            assertTrue(r.guess().startsWith("dx is -0 or NaN where x <= 0 and the reference gives +0"), r.toString());
        }
        assertTrue(caught >= ref.size() / 2, "caught " + caught + " of " + ref.size());
    }

    @Test
    void halfPrecisionAccumulationIsCaughtAndNamed() {
        List<Outcome<ConvCase>> ref = run(Cases.conv(), c -> ReferenceCheck.conv(new Conv2d(), new UserConv.HalfPrecision(), c));
        int f32 = 0, caught = 0;
        for (Outcome<ConvCase> o : ref) {
            if (o.kase().dtype() == DType.FLOAT64) {
                assertEquals(null, o.failure(), o.kase() + ": float64 sums are exact here");
                continue;
            }
            f32++;
            if (o.failure() == null) continue;
            caught++;
            if (!o.kase().nonFinite()) {
                Report r = o.failure().report();
                assertNotNull(r.guess(), r.toString());
                assertTrue(r.guess().startsWith("float32 error far above the float32 bound") && r.guess().endsWith(HALF),
                        r.toString());
            }
        }
        assertTrue(caught >= 0.9 * f32, "caught " + caught + " of " + f32);
        Report r = failureOf(ref, c -> c.dtype() == DType.FLOAT32 && c.seed() == 1);
        assertEquals("out", r.output());
        assertEquals("|a-b|/max|b|", r.errorName());
        assertEquals(Tolerances.F32_REL_TO_MAX, r.bound());
    }

    /** A conv whose fused conv-relu leaves out the ReLU. */
    static final class NoReluWhenFused extends UserConv {
        @Override
        public ConvResult forwardRelu(Tensor x, Tensor w, Tensor b, ConvParam param) {
            return forward(x, w, b, param);
        }
    }

    /** A conv that computes dx when a net's first layer asked for none. */
    static final class DxWhenNotAsked extends UserConv {
        @Override
        public ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
            return backward(dout, cache);
        }
    }

    /** A conv whose fused conv-relu-pool pools the conv output before the ReLU. */
    static final class PoolsWithoutRelu extends UserConv {
        @Override
        public ConvPoolResult forwardReluPool(Tensor x, Tensor w, Tensor b, ConvParam convParam, PoolOp pool,
                PoolParam poolParam) {
            ConvResult c = forward(x, w, b, convParam);
            PoolResult p = pool.forward(c.out(), poolParam);
            return new ConvPoolResult(p.out(), new ConvPoolCache(c.cache(), poolParam, p.cache(), null));
        }
    }

    /** A pool whose fused relu-pool backward forgets the ReLU's mask. */
    static final class PoolIgnoresRelu extends UserPool {
        @Override
        public Tensor backwardRelu(Tensor dout, PoolCache cache) {
            return backward(dout, cache);
        }
    }

    /** A pool whose backward into a given dx adds to what dx held instead of overwriting it. */
    static final class IntoAddsToStale extends UserPool {
        @Override
        public Tensor backward(Tensor dout, PoolCache cache, Tensor dx) {
            Tensor g = backward(dout, cache);
            for (int i = 0; i < g.size(); i++) dx.addFlat(i, g.getFlat(i));
            return dx;
        }
    }

    /** A pool whose backward into a given dx returns a new tensor and leaves dx alone. */
    static final class IntoReturnsNew extends UserPool {
        @Override
        public Tensor backward(Tensor dout, PoolCache cache, Tensor dx) {
            return backward(dout, cache);
        }
    }

    /** A pool that keeps one output tensor and writes each forward into it (what a net's cache cannot survive). */
    static final class ReusesOutput extends UserPool {
        private Tensor kept;

        @Override
        public PoolResult forward(Tensor x, PoolParam p) {
            PoolResult r = super.forward(x, p);
            if (kept == null || !java.util.Arrays.equals(kept.shape(), r.out().shape()) || kept.dtype() != r.out().dtype()) {
                kept = r.out();
            } else {
                for (int i = 0; i < kept.size(); i++) kept.setFlat(i, r.out().getFlat(i));
            }
            return new PoolResult(kept, r.cache());
        }
    }

    /** A second call that hands back the first call's tensor is caught (comparing it with itself would pass). */
    @Test
    void resultsReusedAcrossCallsAreCaught() {
        org.opentest4j.AssertionFailedError e = assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> ReferenceCheck.pool(new MaxPool2d(), new ReusesOutput(), Cases.pool().get(0)));
        assertTrue(e.getMessage().startsWith("reference check of ReusesOutput: the second call returned out in the first"
                + " call's storage"), e.getMessage());
    }

    /** Backward into a caller's dx (what a net does) must overwrite all of dx and return it. */
    @Test
    void brokenBackwardIntoAGivenDxIsCaught() {
        Report r = failureOf(run(Cases.pool(), c -> ReferenceCheck.pool(new MaxPool2d(), new IntoAddsToStale(), c)),
                c -> c.seed() == 1 && c.dtype() == DType.FLOAT64);
        assertEquals("dx written into a given dx", r.output(), r.toString());
        org.opentest4j.AssertionFailedError e = assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> ReferenceCheck.pool(new MaxPool2d(), new IntoReturnsNew(), Cases.pool().get(0)));
        assertTrue(e.getMessage().startsWith("reference check of IntoReturnsNew: backward into a dx must return the"
                + " tensor it was given"), e.getMessage());
    }

    /** The fused paths a net takes (conv-relu, relu-pool, conv-relu-pool, no dx) are checked too, and named. */
    @Test
    void brokenFusedPathsAreCaughtAndNamed() {
        Report r = failureOf(run(Cases.conv(), c -> ReferenceCheck.conv(new Conv2d(), new NoReluWhenFused(), c)),
                c -> c.seed() == 1 && c.dtype() == DType.FLOAT64);
        assertEquals("relu(out)", r.output(), r.toString());
        assertTrue(r.toString().startsWith("reference check of NoReluWhenFused: relu(out) differs from the reference"),
                r.toString());
        org.opentest4j.AssertionFailedError e = assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> ReferenceCheck.conv(new Conv2d(), new DxWhenNotAsked(), Cases.conv().get(0)));
        assertTrue(e.getMessage().startsWith("reference check of DxWhenNotAsked: dx of backward(dout, cache, false) was"
                + " not asked for and must be null"), e.getMessage());
        List<Outcome<ConvPoolCase>> pooled = run(Cases.convReluPool(),
                c -> ReferenceCheck.convReluPool(new Conv2d(), new MaxPool2d(), new PoolsWithoutRelu(), new UserPool(), c));
        r = failureOf(pooled, c -> c.seed() == 1 && c.dtype() == DType.FLOAT64);
        assertEquals("pooled out", r.output(), r.toString());
        assertTrue(pooled.stream().filter(o -> o.failure() != null).count() >= pooled.size() / 2,
                "caught in most cases");
        List<Outcome<PoolCase>> pools = run(Cases.pool(),
                c -> ReferenceCheck.pool(new MaxPool2d(), new PoolIgnoresRelu(), c));
        r = failureOf(pools, c -> c.seed() == 1 && c.dtype() == DType.FLOAT64);
        assertEquals("dx through the ReLU", r.output(), r.toString());
    }

    /** The rounding the half-precision op uses is binary16's. */
    @Test
    void toHalfRoundsToBinary16() {
        assertEquals(1.0, UserConv.toHalf(1.0));
        assertEquals(1.0 + 1.0 / 1024, UserConv.toHalf(1.0 + 1.0 / 1024));
        assertEquals(1.0, UserConv.toHalf(1.0 + 1.0 / 2048)); // a tie goes to even
        assertEquals(1.0 + 2.0 / 1024, UserConv.toHalf(1.0 + 3.0 / 2048)); // a tie goes to even
        assertEquals(2048.0, UserConv.toHalf(2049.0));
        assertEquals(65504.0, UserConv.toHalf(65519.0));
        assertEquals(Double.POSITIVE_INFINITY, UserConv.toHalf(65520.0));
        assertEquals(Math.scalb(1.0, -24), UserConv.toHalf(Math.scalb(1.0, -24)));
        assertEquals(0.0, UserConv.toHalf(Math.scalb(1.0, -26)));
    }

    /** The static assert of the kit throws the first failure; the JUnit entry point runs the same checks. */
    @Test
    void assertAllThrowsTheFirstFailure() {
        KitFailure f = assertThrows(KitFailure.class, () -> TestKit.conv(UserConv.Overwriting::new).assertAll());
        assertEquals(OVERLAP, f.report().guess());
        assertEquals(f.report().toString(), f.getMessage());
    }

    private static <K> Report failureOf(List<Outcome<K>> outcomes, java.util.function.Predicate<K> which) {
        Outcome<K> o = outcomes.stream().filter(x -> which.test(x.kase())).findFirst().orElseThrow();
        assertNotNull(o.failure(), o.kase() + " passed");
        return o.failure().report();
    }
}
