package org.convnet4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * Each guess comes from a pattern in the error, shown on synthetic outputs (no case, no op): the pattern gives
 * its line, and errors without a pattern give none.
 */
class DiagnosisTest extends TestBase {
    private static final String REF = "the reference";

    private Tensor base(DType t) {
        return Tensor.randn(rng, t, 3, 2, 6, 5);
    }

    private static String guess(Tensor got, Tensor exp, Hints h) {
        Diff d = new Diff("dx", Checker.NCHW, got, exp, Rule.of(exp.dtype()));
        assertTrue(!d.ok(), "the synthetic output must be wrong");
        return Diagnosis.guess(d, h, REF);
    }

    private Tensor perturbed(Tensor t, double scale) {
        Tensor out = t.copy();
        for (int i = 0; i < out.size(); i++) out.setFlat(i, out.getFlat(i) + scale * rng.gauss());
        return out;
    }

    @Test
    void errorsWithoutPatternGetNoGuess() {
        Tensor exp = base(DType.FLOAT64);
        assertNull(guess(perturbed(exp, 1e-6), exp, Hints.none().pad(1).batch(3)));
        assertNull(guess(perturbed(exp, 1.0), exp, Hints.none().pad(1).batch(3)));
        Tensor exp32 = base(DType.FLOAT32);
        assertNull(guess(perturbed(exp32, 0.5), exp32, Hints.none()), "large float32 errors are not rounding");
    }

    @Test
    void smallWidespreadFloat32ErrorsAreLowPrecision() {
        Tensor exp = base(DType.FLOAT32);
        String g = guess(perturbed(exp, 3e-4), exp, Hints.none());
        assertTrue(g.startsWith("float32 error far above the float32 bound") && g.endsWith("accumulating in half precision?"), g);
    }

    @Test
    void aShiftedOutputIsAnIndexOffsetOrThePadding() {
        Tensor exp = base(DType.FLOAT64);
        Tensor got = exp.zerosLike();
        for (int nc = 0; nc < 6; nc++) {
            for (int h = 1; h < 6; h++) {
                for (int w = 0; w < 5; w++) got.setFlat((nc * 6 + h) * 5 + w, exp.getFlat((nc * 6 + h - 1) * 5 + w));
            }
        }
        assertEquals("dx equals the reference moved by (1, 0) along (h, w): an index offset?", guess(got, exp, Hints.none()));
        assertTrue(guess(got, exp, Hints.none().pad(1)).contains("off by the padding width (pad = 1)"));
    }

    @Test
    void aConstantFactorIsNamed() {
        Tensor exp = base(DType.FLOAT64);
        Tensor got = exp.copy();
        for (int i = 0; i < got.size(); i++) got.setFlat(i, 3 * exp.getFlat(i));
        assertEquals("dx is 3.0 times the reference everywhere (N = 3): a sum over the batch divided or multiplied by N?",
                guess(got, exp, Hints.none().batch(3)));
        assertEquals("dx is 3.0 times the reference everywhere: a missing or extra scale factor?", guess(got, exp, Hints.none()));
        for (int i = 0; i < got.size(); i++) got.setFlat(i, -exp.getFlat(i));
        assertEquals("dx has the opposite sign of the reference everywhere: a sign flipped?", guess(got, exp, Hints.none()));
        assertTrue(guess(exp.zerosLike(), exp, Hints.none()).startsWith("dx is 0 everywhere"));
    }

    @Test
    void wrongOnlyInTheLastRowOrInLaterExamples() {
        Tensor exp = base(DType.FLOAT64);
        Tensor got = exp.copy();
        for (int nc = 0; nc < 6; nc++) got.setFlat((nc * 6 + 5) * 5 + 2, 7.0);
        assertTrue(guess(got, exp, Hints.none()).contains("wrong only in its last row"));
        got = exp.copy();
        for (int i = 2 * 6 * 5; i < got.size(); i += 7) got.setFlat(i, got.getFlat(i) + 1);
        assertTrue(guess(got, exp, Hints.none()).contains("right for example 0 and wrong only for later ones"));
    }

    @Test
    void reluKinkAndNaN() {
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 6);
        x.setFlat(3, 0.0);
        x.setFlat(9, -0.0);
        x.setFlat(11, Double.NaN);
        Tensor exp = x.copy(), got = x.copy();
        for (int i = 0; i < x.size(); i++) exp.setFlat(i, x.getFlat(i) > 0 ? 1.0 : 0.0);
        for (int i = 0; i < x.size(); i++) got.setFlat(i, x.getFlat(i) >= 0 ? 1.0 : 0.0);
        assertTrue(guess(got, exp, Hints.relu(x)).contains("wrong only where x is exactly 0"));
        got = exp.copy();
        got.setFlat(11, 1.0);
        assertTrue(guess(got, exp, Hints.relu(x)).contains("wrong only where x is NaN"));
    }

    @Test
    void nonFiniteMismatches() {
        Tensor exp = base(DType.FLOAT64);
        Tensor got = exp.copy();
        exp.setFlat(4, Double.NaN);
        assertTrue(guess(got, exp, Hints.none()).startsWith("dx has a number where the reference has NaN"));
        got = exp.copy();
        got.setFlat(8, Double.NaN);
        assertTrue(guess(got, exp, Hints.none()).startsWith("dx has NaN or Inf where the reference has a number"));
    }
}
