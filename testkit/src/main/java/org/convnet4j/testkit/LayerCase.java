package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.layers.Mode;
import org.convnet4j.tensor.DType;

/**
 * One layer of the net builder on its own: the net {@code arch} (text grammar of
 * {@link org.convnet4j.model.Sequential#parse}) is built on {@code inputDim} with He initialisation from
 * {@code new Rng(seed)}, and layer {@code index} runs on {@code x (N, its input shape...)}. Batch norms get
 * random gamma, beta and running statistics, dropout a fixed mask.
 *
 * @param arch the net, e.g. {@code "conv(3,1)-sbn-affine(2)"} (it must end in class scores to build)
 * @param index which layer of it is checked (0 = the first)
 * @param inputDim the net's input {@code (C, H, W)} or {@code (D)}
 * @param N the number of examples
 * @param dtype the net's dtype
 * @param mode train or test
 * @param seed the seed of the weights and inputs
 * @param special {@link Special#X} plants NaN, +Inf and -Inf in the layer's input
 */
public record LayerCase(String arch, int index, int[] inputDim, int N, DType dtype, Mode mode, long seed,
                        Special special) implements KitCase {
    /** A case with finite inputs. */
    public LayerCase(String arch, int index, int[] inputDim, int N, DType dtype, Mode mode, long seed) {
        this(arch, index, inputDim, N, dtype, mode, seed, Special.NONE);
    }

    @Override
    public boolean nonFinite() {
        return special != Special.NONE;
    }

    /** The checked layer's text, e.g. {@code "sbn"}. */
    public String layer() {
        return org.convnet4j.model.Sequential.parse(arch).layers().get(index).text();
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " " + layer() + " (layer " + index + " of " + arch + " on "
                + Arrays.toString(inputDim) + ") N=" + N + " " + mode.name().toLowerCase(java.util.Locale.ROOT)
                + (special != Special.NONE ? " non-finite " + special : "");
    }
}
