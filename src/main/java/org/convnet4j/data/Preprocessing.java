package org.convnet4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * How raw pictures became the tensors a model was trained on, so that new pictures can be prepared the
 * same way. A model file keeps it beside the parameters ({@code org.convnet4j.model.ModelFile}).
 *
 * <pre>
 *   x[c, h, w] = black + (white - black) * p[c, h, w] / 255  -  mean[c, h, w]   (or mean[c]: per channel)
 * </pre>
 *
 * where {@code p} is the 8-bit pixel value (0..255) of channel {@code c}: for 3 channels red, green and
 * blue in that order (CIFAR-10's planes), for 1 channel the grey level (Fashion-MNIST's). The loaders of
 * this library keep pixel bytes as they are ({@code black = 0, white = 255}) and subtract the training
 * set's mean image (CS231n's {@code get_CIFAR10_data}).
 *
 * @param dataset short name of the data set the model was trained on ({@code cifar10}, {@code fashion-mnist},
 *     {@code synthetic}, or a name of the user's own)
 * @param classNames one name per class score, in label order
 * @param imageShape one image's {@code (C, H, W)}
 * @param black the value a 0 pixel becomes before the mean is subtracted
 * @param white the value a 255 pixel becomes before the mean is subtracted; {@code white != black}
 * @param mean the mean subtracted: {@code (C, H, W)} (the mean image), {@code (C)} (per channel), or null (none)
 */
public record Preprocessing(String dataset, List<String> classNames, int[] imageShape, double black, double white,
        Tensor mean) {
    private static final String OP = "preprocessing";

    public Preprocessing {
        Checks.notNull(OP, "dataset", dataset);
        if (dataset.isBlank()) throw new IllegalArgumentException(OP + ": dataset must not be blank");
        Checks.notNull(OP, "classNames", classNames);
        if (classNames.size() < 2) {
            throw new IllegalArgumentException(OP + ": classNames must hold at least 2 names, got " + classNames);
        }
        for (int i = 0; i < classNames.size(); i++) {
            String n = classNames.get(i);
            if (n == null || n.isBlank() || n.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(OP + ": classNames[" + i
                        + "] must be a non-blank name on one line, got " + (n == null ? "null" : "'" + n + "'"));
            }
        }
        classNames = List.copyOf(classNames);
        Checks.notNull(OP, "imageShape", imageShape);
        if (imageShape.length != 3) {
            throw new IllegalArgumentException(OP + ": imageShape must be (C, H, W), got " + Arrays.toString(imageShape));
        }
        for (int d : imageShape) Checks.positive(OP, "imageShape", d);
        imageShape = imageShape.clone();
        if (!Double.isFinite(black) || !Double.isFinite(white) || black == white) {
            throw new IllegalArgumentException(OP + ": black and white must be finite and differ, got black=" + black
                    + ", white=" + white);
        }
        if (mean != null) {
            boolean image = Arrays.equals(mean.shape(), imageShape);
            boolean perChannel = mean.rank() == 1 && mean.dim(0) == imageShape[0];
            if (!image && !perChannel) {
                throw new IllegalArgumentException(OP + ": mean must have shape " + Arrays.toString(imageShape)
                        + " (C, H, W) or [" + imageShape[0] + "] (C), got " + Arrays.toString(mean.shape()));
            }
        }
    }

    /**
     * The preprocessing of splits loaded by this library's loaders: pixel bytes kept as 0..255, the splits'
     * mean image (if one was subtracted), the training set's class names and image shape.
     *
     * @param dataset the data set's short name, e.g. {@link DataSource#cliName()}
     */
    public static Preprocessing of(DataSplits splits, String dataset) {
        Checks.notNull(OP, "splits", splits);
        Dataset t = splits.train();
        return new Preprocessing(dataset, t.classNames(), new int[] {t.channels(), t.height(), t.width()}, 0, 255,
                splits.mean());
    }

    /**
     * The preprocessing {@code source}'s loader applies at its default image size (CIFAR-10 and synthetic
     * 3×32×32, Fashion-MNIST 1×28×28), with the given mean: for model files that did not record theirs.
     *
     * @throws IllegalArgumentException for {@link DataSource#AUTO}
     */
    public static Preprocessing of(DataSource source, Tensor mean) {
        Checks.notNull(OP, "source", source);
        switch (source) {
            case CIFAR10:
                return new Preprocessing(source.cliName(), Cifar10Binary.CLASS_NAMES,
                        new int[] {Cifar10Binary.CHANNELS, Cifar10Binary.HEIGHT, Cifar10Binary.WIDTH}, 0, 255, mean);
            case FASHION_MNIST:
                return new Preprocessing(source.cliName(), FashionMnist.CLASS_NAMES,
                        new int[] {1, FashionMnist.ROWS, FashionMnist.COLS}, 0, 255, mean);
            case SYNTHETIC:
                return new Preprocessing(source.cliName(), Synthetic.CLASS_NAMES, new int[] {Synthetic.DEFAULT_CHANNELS,
                        Synthetic.DEFAULT_SIZE, Synthetic.DEFAULT_SIZE}, 0, 255, mean);
            default:
                throw new IllegalArgumentException(OP + ": source must be cifar10, fashion-mnist or synthetic, got " + source);
        }
    }

    @Override
    public int[] imageShape() {
        return imageShape.clone();
    }

    public int channels() {
        return imageShape[0];
    }

    public int height() {
        return imageShape[1];
    }

    public int width() {
        return imageShape[2];
    }

    public int numClasses() {
        return classNames.size();
    }

    /**
     * Maps raw images, values as the loaders read them with {@code subtractMean = false} ({@code black..white}),
     * to the model's input: a copy with the mean subtracted, in {@code dtype}. The subtraction is
     * {@link MeanImage#subtractInPlace}'s, so a split prepared here equals the same split loaded with the mean
     * subtracted, bit for bit.
     *
     * @param raw (N, C, H, W) with this {@code (C, H, W)}
     * @throws IllegalArgumentException if {@code raw}'s shape is not {@code (N, C, H, W)}
     */
    public Tensor apply(Tensor raw, DType dtype) {
        Checks.rank(OP, "raw", raw, 4, "N, C, H, W");
        Checks.notNull(OP, "dtype", dtype);
        int[] s = raw.shape();
        if (!Arrays.equals(Arrays.copyOfRange(s, 1, 4), imageShape)) {
            throw new IllegalArgumentException(OP + ": raw must be (N, " + imageShape[0] + ", " + imageShape[1] + ", "
                    + imageShape[2] + ") (the model's images), got " + Arrays.toString(s));
        }
        Tensor x = raw.dtype() == dtype ? raw.copy() : raw.as(dtype);
        subtractMean(x);
        return x;
    }

    /** Subtracts the mean from prepared-but-not-centred rows (N, C, H, W) in place; nothing without a mean. */
    void subtractMean(Tensor x) {
        if (mean == null) return;
        if (mean.rank() == 3) {
            MeanImage.subtractInPlace(x, mean.dtype() == x.dtype() ? mean : mean.as(x.dtype()));
            return;
        }
        int n = x.dim(0), c = imageShape[0], plane = imageShape[1] * imageShape[2];
        double[] m = (mean.dtype() == x.dtype() ? mean : mean.as(x.dtype())).toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                int base = (i * c + k) * plane;
                for (int j = 0; j < plane; j++) x.addFlat(base + j, -m[k]);
            }
        }
    }

    /** One line, e.g. {@code fashion-mnist, 10 classes, (1, 28, 28) grey, pixels 0..255 minus the mean image}. */
    public String describe() {
        String colour = imageShape[0] == 3 ? " RGB" : imageShape[0] == 1 ? " grey" : "";
        String m = mean == null ? "no mean subtracted" : mean.rank() == 3 ? "minus the mean image" : "minus the channel means";
        return String.format(Locale.ROOT, "%s, %d classes, (%d, %d, %d)%s, pixels %s..%s %s", dataset, classNames.size(),
                imageShape[0], imageShape[1], imageShape[2], colour, number(black), number(white), m);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.dataset.equals(dataset) && p.classNames.equals(classNames)
                && Arrays.equals(p.imageShape, imageShape) && Double.compare(p.black, black) == 0
                && Double.compare(p.white, white) == 0
                && (p.mean == null ? mean == null : mean != null && p.mean.contentEquals(mean));
    }

    @Override
    public int hashCode() {
        return dataset.hashCode() * 31 + Arrays.hashCode(imageShape);
    }

    @Override
    public String toString() {
        return "Preprocessing(" + describe() + ")";
    }
}
