package org.convnet4j.predict;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

class EvaluationTest extends TestBase {
    private static final List<String> CLASSES = List.of("cat", "dog", "bird");

    /** A prediction of class k with probability about p (scores chosen so). */
    private static Prediction predicted(int k, double margin) {
        double[] s = new double[3];
        s[k] = margin;
        return new Prediction(s, CLASSES);
    }

    @Test
    void confusionPrecisionRecallAndAccuracyByHand() {
        int[] labels = {0, 0, 0, 1, 1, 2};
        List<Prediction> p = new ArrayList<>(List.of(predicted(0, 1), predicted(0, 1), predicted(1, 3), predicted(1, 1),
                predicted(0, 5), predicted(1, 2)));
        Evaluation e = new Evaluation(CLASSES, labels, p);
        assertArrayEquals(new long[][] {{2, 1, 0}, {1, 1, 0}, {0, 1, 0}}, e.confusion());
        assertEquals(3, e.correct());
        assertEquals(0.5, e.accuracy());
        assertEquals(2.0 / 3, e.precision(0));
        assertEquals(1.0 / 3, e.precision(1));
        assertTrue(Double.isNaN(e.precision(2)), "nothing predicted as bird");
        assertEquals(2.0 / 3, e.recall(0));
        assertEquals(0.5, e.recall(1));
        assertEquals(0.0, e.recall(2));
        assertEquals(3, e.support(0));
        // wrong ones: image 4 (margin 5), 2 (margin 3), 5 (margin 2): most confident first
        assertArrayEquals(new int[] {4, 2, 5}, e.misclassified());
        assertArrayEquals(new int[] {0, 0, 1, 1, 0, 1}, e.predicted());
        assertEquals("class  precision  recall  support\n"
                + "cat       0.6667  0.6667        3\n"
                + "dog       0.3333  0.5000        2\n"
                + "bird           -  0.0000        1\n", e.perClassTable().replace(System.lineSeparator(), "\n"));
        assertEquals("true \\ predicted    0   1   2\n"
                + "0 cat               2   1   0\n"
                + "1 dog               1   1   0\n"
                + "2 bird              0   1   0\n", e.confusionTable().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void badArgumentsAreRefused() {
        rejects(() -> new Evaluation(CLASSES, new int[] {0}, List.of()), "evaluation", "labels", "(0)", "got 1");
        rejects(() -> new Evaluation(CLASSES, new int[] {3}, List.of(predicted(0, 1))), "evaluation", "labels[0]", "[0, 3)", "3");
        rejects(() -> new Evaluation(List.of("a", "b"), new int[] {0}, List.of(predicted(0, 1))), "evaluation",
                "predictions[0]", "3 classes", "expected 2");
    }
}
