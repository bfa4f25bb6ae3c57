package org.convnet4j.predict;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class PredictionTest extends TestBase {
    private static final List<String> ABCD = List.of("a", "b", "c", "d");

    @Test
    void probabilitiesAreTheSoftmaxAndTopKIsRankedByScore() {
        Prediction p = new Prediction(new double[] {1, 3, 2, 3}, ABCD);
        // softmax by hand: e^1, e^3, e^2, e^3 over their sum
        double z = Math.exp(1) + 2 * Math.exp(3) + Math.exp(2);
        assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(3) / z, Math.exp(2) / z, Math.exp(3) / z},
                p.probabilities(), 1e-15);
        assertEquals(1, p.predictedClass(), "ties go to the first index, as np.argmax");
        assertEquals("b", p.predictedName());
        List<Prediction.ClassProbability> top = p.top(3);
        assertEquals(List.of(1, 3, 2), top.stream().map(Prediction.ClassProbability::index).toList());
        assertEquals(4, p.top(10).size(), "at most K");
        assertEquals(String.format(java.util.Locale.ROOT, "b %.4f, d %.4f, c %.4f", Math.exp(3) / z, Math.exp(3) / z,
                Math.exp(2) / z), p.toString());
    }

    @Test
    void hugeScoresDoNotOverflow() {
        Prediction p = new Prediction(new double[] {1000, 999, -1e308}, List.of("a", "b", "c"));
        assertEquals(1 / (1 + Math.exp(-1)), p.probability(0), 1e-15);
        assertEquals(0, p.probability(2));
    }

    @Test
    void nonFiniteScoresPropagateAsNumPyDoes() {
        Prediction nan = new Prediction(new double[] {1, Double.NaN, 5, Double.NaN}, ABCD);
        assertEquals(1, nan.predictedClass(), "np.argmax picks the first NaN");
        for (double v : nan.probabilities()) assertTrue(Double.isNaN(v));
        Prediction inf = new Prediction(new double[] {1, Double.POSITIVE_INFINITY, 5, 0}, ABCD);
        assertEquals(1, inf.predictedClass());
        for (double v : inf.probabilities()) assertTrue(Double.isNaN(v), "inf - inf in the shift");
    }

    @Test
    void badArgumentsAreRefused() {
        rejects(() -> new Prediction(new double[] {1, 2}, ABCD), "prediction", "scores", "(4)", "got 2");
        rejects(() -> new Prediction(new double[0], List.of()), "prediction", "scores");
        rejects(() -> new Prediction(new double[] {1, 2, 3, 4}, ABCD).top(0), "prediction", "k", "0");
    }
}
