package org.convnet4j.data;

import java.util.Arrays;
import java.util.List;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * A labelled image set: {@code images} of shape (N, C, H, W) (row-major NCHW, float32 or float64),
 * {@code labels[i]} in {@code [0, classNames.size())} the class of image {@code i}.
 *
 * <p>Immutable as far as this class goes: the label array is copied in and out, but {@link #images()}
 * returns the tensor itself (no copy; 49,000 CIFAR images are 600 MB as float32), so callers must not
 * write into it unless they own the set. {@link #take} and {@link #first} copy.
 */
public final class Dataset {
    private final Tensor images;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param images (N, C, H, W)
     * @param labels N labels, each in {@code [0, classNames.size())}
     * @param classNames one name per class, at least one
     * @throws IllegalArgumentException if the rank, the label count or a label value is wrong
     */
    public Dataset(Tensor images, int[] labels, List<String> classNames) {
        Checks.rank("dataset", "images", images, 4, "N, C, H, W");
        Checks.notNull("dataset", "labels", labels);
        Checks.notNull("dataset", "classNames", classNames);
        if (classNames.isEmpty()) throw new IllegalArgumentException("dataset: classNames must not be empty");
        if (labels.length != images.dim(0)) {
            throw new IllegalArgumentException("dataset: labels must have N = " + images.dim(0)
                    + " entries (images " + Arrays.toString(images.shape()) + "), got " + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("dataset: labels[" + i + "] must be in [0, " + classNames.size()
                        + "), got " + labels[i]);
            }
        }
        this.images = images;
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
    }

    /** The images, (N, C, H, W); the tensor itself, not a copy. */
    public Tensor images() {
        return images;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of image {@code i}. @throws IllegalArgumentException unless {@code 0 <= i < N} */
    public int label(int i) {
        return labels[Checks.index("dataset", "label index", i, labels.length)];
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** N, the number of images. */
    public int size() {
        return labels.length;
    }

    public int channels() {
        return images.dim(1);
    }

    public int height() {
        return images.dim(2);
    }

    public int width() {
        return images.dim(3);
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int y : labels) counts[y]++;
        return counts;
    }

    /**
     * The images at {@code indices}, in that order (repeats allowed), copied: the minibatch
     * {@code X[idx], y[idx]} of the CS231n Solver.
     *
     * @throws IllegalArgumentException if an index is outside {@code [0, N)}
     */
    public Dataset take(int[] indices) {
        Checks.notNull("take", "indices", indices);
        int n = size();
        int[] outLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("take: indices[" + k + "] must be in [0, " + n + "), got " + i);
            }
            outLabels[k] = labels[i];
        }
        return new Dataset(images.takeRows(indices), outLabels, classNames);
    }

    /** A copy of images {@code [from, to)}. */
    public Dataset slice(int from, int to) {
        int n = size();
        if (from < 0 || to < from || to > n) {
            throw new IllegalArgumentException("slice: need 0 <= from <= to <= N = " + n + ", got from=" + from
                    + ", to=" + to);
        }
        return new Dataset(images.sliceRows(from, to), Arrays.copyOfRange(labels, from, to), classNames);
    }

    /** A copy of the first {@code k} images ({@code min(k, N)} if the set is smaller). */
    public Dataset first(int k) {
        Checks.nonNegative("first", "k", k);
        return slice(0, Math.min(k, size()));
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " images " + Arrays.toString(images.shape()) + ", " + numClasses() + " classes)";
    }
}
