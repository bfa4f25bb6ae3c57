package org.convnet4j.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convnet4j.tensor.Checks;

/**
 * A classifier scored on labelled images: the confusion matrix and what follows from it.
 *
 * <pre>
 *   confusion[t][p] = number of images of true class t predicted as p
 *   accuracy        = sum_k confusion[k][k] / N
 *   precision_k     = confusion[k][k] / sum_t confusion[t][k]     (NaN when nothing was predicted as k)
 *   recall_k        = confusion[k][k] / sum_p confusion[k][p]     (NaN when no image is of class k)
 * </pre>
 *
 * (scikit-learn's {@code confusion_matrix}, {@code precision_score}, {@code recall_score}, which report the
 * undefined cases as 0 with a warning; NaN says "undefined" without a warning.)
 */
public final class Evaluation {
    private final List<String> classNames;
    private final int[] labels;
    private final int[] predicted;
    private final double[] confidence;
    private final long[][] confusion;

    /**
     * @param classNames K names
     * @param labels N true classes in [0, K)
     * @param predictions N predictions over the same K classes
     * @throws IllegalArgumentException if the counts disagree or a label is out of range
     */
    public Evaluation(List<String> classNames, int[] labels, List<Prediction> predictions) {
        Checks.notNull("evaluation", "classNames", classNames);
        Checks.notNull("evaluation", "labels", labels);
        Checks.notNull("evaluation", "predictions", predictions);
        if (labels.length != predictions.size()) {
            throw new IllegalArgumentException("evaluation: labels must have one entry per prediction (" + predictions.size()
                    + "), got " + labels.length);
        }
        int k = classNames.size();
        this.classNames = List.copyOf(classNames);
        this.labels = labels.clone();
        this.predicted = new int[labels.length];
        this.confidence = new double[labels.length];
        this.confusion = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            Prediction p = predictions.get(i);
            if (p.classNames().size() != k) {
                throw new IllegalArgumentException("evaluation: predictions[" + i + "] has " + p.classNames().size()
                        + " classes, expected " + k);
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("evaluation: labels[" + i + "] must be in [0, " + k + "), got " + labels[i]);
            }
            predicted[i] = p.predictedClass();
            confidence[i] = p.probability(predicted[i]);
            confusion[labels[i]][predicted[i]]++;
        }
    }

    public List<String> classNames() {
        return classNames;
    }

    /** N, the number of images. */
    public int size() {
        return labels.length;
    }

    /** A copy of the true classes. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the predicted classes ({@code np.argmax} of each image's scores). */
    public int[] predicted() {
        return predicted.clone();
    }

    /** A copy of the probability each image's predicted class got. */
    public double[] confidence() {
        return confidence.clone();
    }

    /** A copy of the matrix: {@code [true class][predicted class]}. */
    public long[][] confusion() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) c[i] = confusion[i].clone();
        return c;
    }

    /** The number of correct predictions. */
    public long correct() {
        long c = 0;
        for (int k = 0; k < confusion.length; k++) c += confusion[k][k];
        return c;
    }

    /** Correct / N; NaN for no images. */
    public double accuracy() {
        return (double) correct() / labels.length;
    }

    public double precision(int k) {
        long col = 0;
        for (long[] row : confusion) col += row[k];
        return (double) confusion[k][k] / col;
    }

    public double recall(int k) {
        return (double) confusion[k][k] / support(k);
    }

    /** The number of images of class {@code k}. */
    public long support(int k) {
        long n = 0;
        for (long v : confusion[k]) n += v;
        return n;
    }

    /**
     * The indices of the misclassified images, most confident mistake first (by the probability given to the
     * wrong class; ties by index).
     */
    public int[] misclassified() {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) if (predicted[i] != labels[i]) wrong.add(i);
        wrong.sort((a, b) -> {
            int c = Double.compare(confidence[b], confidence[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return wrong.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Per class: precision, recall and support, as a text table ("-" for an undefined value). */
    public String perClassTable() {
        int w = Math.max(5, longestName());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s  %9s  %6s  %7s%n", "class", "precision",
                "recall", "support"));
        for (int k = 0; k < classNames.size(); k++) {
            s.append(String.format(Locale.ROOT, "%-" + w + "s  %9s  %6s  %7d%n", classNames.get(k), fmt(precision(k)),
                    fmt(recall(k)), support(k)));
        }
        return s.toString();
    }

    /** The confusion matrix as a text table: rows are true classes, columns predicted ones (numbered). */
    public String confusionTable() {
        int k = classNames.size();
        int w = Math.max(17, longestName() + 5); // the header, or "9 " + the longest name
        long max = 1;
        for (long[] row : confusion) for (long v : row) max = Math.max(max, v);
        int cw = Math.max(3, Long.toString(max).length()) + 1;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "true \\ predicted"));
        for (int p = 0; p < k; p++) s.append(String.format(Locale.ROOT, "%" + cw + "d", p));
        s.append(System.lineSeparator());
        for (int t = 0; t < k; t++) {
            s.append(String.format(Locale.ROOT, "%-" + w + "s", String.format(Locale.ROOT, "%d %s", t, classNames.get(t))));
            for (int p = 0; p < k; p++) s.append(String.format(Locale.ROOT, "%" + cw + "d", confusion[t][p]));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    private int longestName() {
        int n = 0;
        for (String c : classNames) n = Math.max(n, c.length());
        return n;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Evaluation(accuracy %.4f = %d / %d, %d classes)", accuracy(), correct(),
                labels.length, classNames.size());
    }
}
