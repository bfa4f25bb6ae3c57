package org.convnet4j.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convnet4j.tensor.Checks;

/**
 * A model's answer for one image: its K class scores, their softmax probabilities and the class names.
 *
 * <pre>
 *   p_k = exp(s_k - max_j s_j) / sum_j exp(s_j - max_j s_j)        (CS231n's softmax, shifted for stability)
 * </pre>
 *
 * As in NumPy, a NaN score, or an infinite one, makes every probability NaN. Classes are ranked by score
 * (the probabilities are monotone in it), highest first, ties by class index; a NaN score ranks first, as
 * {@code np.argmax} picks the first NaN. So {@link #predictedClass()} is {@code np.argmax(scores)}, the class
 * the Solver's {@code checkAccuracy} counts.
 */
public final class Prediction {
    private final double[] scores;
    private final double[] probabilities;
    private final List<String> classNames;
    private final Integer[] order;

    /** One ranked class: its index, name and probability. */
    public record ClassProbability(int index, String name, double probability) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.4f", name, probability);
        }
    }

    /**
     * @param scores K class scores
     * @param classNames K names
     * @throws IllegalArgumentException if the lengths differ or K &lt; 1
     */
    public Prediction(double[] scores, List<String> classNames) {
        Checks.notNull("prediction", "scores", scores);
        Checks.notNull("prediction", "classNames", classNames);
        if (scores.length == 0 || scores.length != classNames.size()) {
            throw new IllegalArgumentException("prediction: scores must have one value per class name (" + classNames.size()
                    + "), got " + scores.length);
        }
        this.scores = scores.clone();
        this.classNames = List.copyOf(classNames);
        this.probabilities = softmax(this.scores);
        int k = scores.length;
        order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        // Double.compare puts NaN above +Infinity: NaN first, then descending scores; stable, so ties keep index order
        Arrays.sort(order, (a, b) -> Double.compare(this.scores[b], this.scores[a]));
    }

    /** The softmax of one row of scores, in double (see the class comment). */
    public static double[] softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) max = Math.max(max, v); // Math.max propagates NaN
        double[] p = new double[s.length];
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            p[i] = Math.exp(s[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < s.length; i++) p[i] /= sum;
        return p;
    }

    /** A copy of the K scores. */
    public double[] scores() {
        return scores.clone();
    }

    /** A copy of the K probabilities. */
    public double[] probabilities() {
        return probabilities.clone();
    }

    public double probability(int classIndex) {
        return probabilities[classIndex];
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The index of the highest score: {@code np.argmax(scores)}. */
    public int predictedClass() {
        return order[0];
    }

    /** The name of {@link #predictedClass()}. */
    public String predictedName() {
        return classNames.get(order[0]);
    }

    /**
     * The {@code k} most likely classes, most likely first ({@code min(k, K)} of them).
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public List<ClassProbability> top(int k) {
        Checks.positive("prediction", "k", k);
        List<ClassProbability> out = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            int c = order[r];
            out.add(new ClassProbability(c, classNames.get(c), probabilities[c]));
        }
        return out;
    }

    /** The top 3, e.g. {@code Shirt 0.8123, T-shirt/top 0.1010, Pullover 0.0501}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (ClassProbability c : top(3)) s.append(s.length() > 0 ? ", " : "").append(c);
        return s.toString();
    }
}
