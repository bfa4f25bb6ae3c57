package org.convnet4j.model;

import java.math.BigDecimal;
import org.convnet4j.tensor.Checks;

/**
 * One layer of a {@link Sequential} architecture, before it is built: the kind and its hyper-parameters,
 * nothing that depends on the input shape. {@link #text()} is the layer's form in the architecture
 * grammar (see {@link Sequential}), which {@link Sequential#parse} reads back to an equal spec.
 */
public sealed interface LayerSpec {
    /** The layer in the text grammar, e.g. {@code conv(32,3)} or {@code pool(3,stride=2)}. */
    String text();

    /**
     * Convolution ({@link org.convnet4j.layers.ConvOp}) with F square {@code size x size} filters.
     *
     * @param filters F, {@code >= 1}
     * @param size filter height and width, {@code >= 1}
     * @param stride {@code >= 1}
     * @param pad zero padding on each side, {@code >= 0}
     */
    record Conv(int filters, int size, int stride, int pad) implements LayerSpec {
        public Conv {
            Checks.positive("conv", "filters (F)", filters);
            Checks.positive("conv", "size (filter height and width)", size);
            Checks.positive("conv", "stride", stride);
            Checks.nonNegative("conv", "pad", pad);
        }

        /** The default pad, {@code (size - 1) / 2}: "same" output size for odd sizes at stride 1. */
        public static int defaultPad(int size) {
            return (size - 1) / 2;
        }

        @Override
        public String text() {
            return "conv(" + filters + "," + size + (stride != 1 ? ",stride=" + stride : "")
                    + (pad != defaultPad(size) ? ",pad=" + pad : "") + ")";
        }
    }

    /**
     * Max pool ({@link org.convnet4j.layers.PoolOp}) with square {@code size x size} windows.
     *
     * @param size window height and width, {@code >= 1}
     * @param stride {@code >= 1}
     */
    record Pool(int size, int stride) implements LayerSpec {
        public Pool {
            Checks.positive("pool", "size (window height and width)", size);
            Checks.positive("pool", "stride", stride);
        }

        @Override
        public String text() {
            return "pool(" + size + (stride != size ? ",stride=" + stride : "") + ")";
        }
    }

    /**
     * Fully connected layer ({@link org.convnet4j.layers.AffineOp}) with M outputs; its input is flattened.
     *
     * @param units M, {@code >= 1}
     */
    record Affine(int units) implements LayerSpec {
        public Affine {
            Checks.positive("affine", "units (M)", units);
        }

        @Override
        public String text() {
            return "affine(" + units + ")";
        }
    }

    /** ReLU ({@link org.convnet4j.layers.ReluOp}). */
    record Relu() implements LayerSpec {
        @Override
        public String text() {
            return "relu";
        }
    }

    /** Batch norm of {@code (N, D)} activations ({@link org.convnet4j.layers.BatchNorm}). */
    record BatchNorm() implements LayerSpec {
        @Override
        public String text() {
            return "bn";
        }
    }

    /** Spatial batch norm of {@code (N, C, H, W)} activations ({@link org.convnet4j.layers.SpatialBatchNorm}). */
    record SpatialBatchNorm() implements LayerSpec {
        @Override
        public String text() {
            return "sbn";
        }
    }

    /**
     * Inverted dropout ({@link org.convnet4j.layers.Dropout}).
     *
     * @param p the probability of keeping a unit, in (0, 1]
     */
    record Dropout(double p) implements LayerSpec {
        public Dropout {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("dropout: p (the probability of keeping a unit) must be in (0, 1], got " + p);
            }
        }

        @Override
        public String text() {
            // the shortest decimal that reads back as the same double (no exponent: "0.0001", not "1.0E-4")
            return "dropout(" + new BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString() + ")";
        }
    }
}
