package org.convnet4j.data;

import java.util.List;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * A small built-in image-classification set, so training always has something to run on without
 * downloads: 10 classes of noisy oriented stripes, generated deterministically from a seed with
 * {@link Rng}.
 *
 * <p>Class {@code k} (0..9) draws sinusoidal stripes at angle {@code θ = (k mod 5)·36°} with
 * {@code 2} cycles per image width for {@code k < 5} and {@code 4} for {@code k ≥ 5}; with 3 channels each
 * class also has its own fixed colour tint. Per image: a random phase in {@code [0, 3π/2)}, a random
 * contrast, and Gaussian pixel noise:
 * <pre>
 *   t        = 2π · cycles · (w·cos θ + h·sin θ) / W
 *   x[c,h,w] = clip(round(128 + A · tint[k][c] · sin(t + φ) + σ · n), 0, 255)
 *   φ ~ U[0, 3π/2),  A ~ U[30, 70),  n ~ N(0, 1),  σ = noise (default 60)
 * </pre>
 * Values are 0..255 like CIFAR-10 and, as there, the training mean image is subtracted by default, so
 * the same hyper-parameters work. The limited phase range keeps class means distinct (a nearest-class-mean
 * classifier reaches about 60%, chance is 10%), while the noise and random phase leave room for a convnet,
 * whose oriented filters are phase-invariant after ReLU and pooling, to do much better.
 *
 * <p>Each split has its own stream ({@code seed}, {@code seed+1}, {@code seed+2}, mod 2^32), so the
 * validation and test images do not change when the training size does.
 */
public final class Synthetic {
    /** Class names: orientation and stripe frequency. */
    public static final List<String> CLASS_NAMES = List.of(
            "0deg-wide", "36deg-wide", "72deg-wide", "108deg-wide", "144deg-wide",
            "0deg-narrow", "36deg-narrow", "72deg-narrow", "108deg-narrow", "144deg-narrow");
    public static final int NUM_CLASSES = 10;
    public static final int DEFAULT_NUM_TRAIN = 2_000;
    public static final int DEFAULT_NUM_VAL = 500;
    public static final int DEFAULT_NUM_TEST = 500;
    public static final int DEFAULT_CHANNELS = 3;
    public static final int DEFAULT_SIZE = 32;
    public static final double DEFAULT_NOISE = 60.0;
    public static final long DEFAULT_SEED = 231;
    /**
     * Phase range 3π/2: wide enough that the class mean images are weak (nearest-class-mean reaches about
     * 60% on validation, measured), narrow enough that they are not zero; a phase-invariant detector (which a
     * conv layer + ReLU + pooling can learn) separates the classes almost perfectly.
     */
    private static final double PHASE_RANGE = 1.5 * Math.PI;

    private Synthetic() {}

    /** Default sizes (2,000 / 500 / 500 of 3×32×32), seed 231, mean subtracted. */
    public static DataSplits load(DType dtype) {
        return load(DEFAULT_NUM_TRAIN, DEFAULT_NUM_VAL, DEFAULT_NUM_TEST, DEFAULT_CHANNELS, DEFAULT_SIZE,
                DEFAULT_SEED, true, dtype);
    }

    /**
     * Generates train / val / test splits of {@code channels × size × size} images.
     *
     * @param channels C, 1 or more (tints apply for C = 3; other C use equal weights per channel)
     * @param size H = W, at least 4
     * @param seed 0 .. 2^32-1
     * @throws IllegalArgumentException on a negative count, {@code channels < 1}, {@code size < 4} or a bad seed
     */
    public static DataSplits load(int numTrain, int numVal, int numTest, int channels, int size, long seed,
            boolean subtractMean, DType dtype) {
        Checks.nonNegative("synthetic", "numTrain", numTrain);
        Checks.nonNegative("synthetic", "numVal", numVal);
        Checks.nonNegative("synthetic", "numTest", numTest);
        Checks.positive("synthetic", "channels", channels);
        if (size < 4) throw new IllegalArgumentException("synthetic: size must be >= 4, got " + size);
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("synthetic: seed must be in [0, 2^32), got " + seed);
        }
        Checks.notNull("synthetic", "dtype", dtype);
        Dataset train = generate(numTrain, channels, size, seed, DEFAULT_NOISE, dtype);
        Dataset val = generate(numVal, channels, size, (seed + 1) & 0xFFFFFFFFL, DEFAULT_NOISE, dtype);
        Dataset test = generate(numTest, channels, size, (seed + 2) & 0xFFFFFFFFL, DEFAULT_NOISE, dtype);
        String source = "synthetic stripes (10 classes, " + channels + "x" + size + "x" + size + ", seed " + seed + ")";
        return DataSplits.of(train, val, test, subtractMean, source);
    }

    /**
     * {@code n} images (n, C, size, size) with values 0..255 (not centred) from one stream seeded with
     * {@code seed}. Labels are uniform over the 10 classes.
     *
     * @throws IllegalArgumentException if n &lt; 0, channels or size &lt;= 0, n*C*size*size exceeds a Java array,
     *     the seed is outside [0, 2^32), noise is negative or not finite, or dtype is null
     */
    public static Dataset generate(int n, int channels, int size, long seed, double noise, DType dtype) {
        Checks.nonNegative("synthetic", "n", n);
        Checks.positive("synthetic", "channels", channels);
        Checks.positive("synthetic", "size", size);
        Checks.notNull("synthetic", "dtype", dtype);
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("synthetic: noise must be finite and >= 0, got " + noise);
        }
        Rng rng = new Rng(seed);
        Tensor images = Tensor.zeros(dtype, n, channels, size, size);
        int[] labels = new int[n];
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            int k = rng.randint(NUM_CLASSES);
            labels[i] = k;
            double theta = (k % 5) * Math.PI / 5;
            double cycles = k < 5 ? 2 : 4;
            double phase = rng.random() * PHASE_RANGE;
            double amp = 30 + 40 * rng.random();
            double kx = 2 * Math.PI * cycles * Math.cos(theta) / size;
            double ky = 2 * Math.PI * cycles * Math.sin(theta) / size;
            for (int c = 0; c < channels; c++) {
                double a = amp * tint(k, c, channels);
                int base = (i * channels + c) * plane;
                for (int h = 0; h < size; h++) {
                    for (int w = 0; w < size; w++) {
                        double v = 128 + a * Math.sin(kx * w + ky * h + phase) + noise * rng.gauss();
                        images.setFlat(base + h * size + w, Math.max(0, Math.min(255, Math.rint(v))));
                    }
                }
            }
        }
        return new Dataset(images, labels, CLASS_NAMES);
    }

    /** A fixed per-class colour weight in [0.4, 1.0] for RGB images; 1 otherwise. */
    private static double tint(int k, int c, int channels) {
        if (channels != 3) return 1.0;
        return 0.7 + 0.3 * Math.cos(2 * Math.PI * (k / 10.0 + c / 3.0));
    }
}
