package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;

/**
 * One max-pool case: {@code x (N, C, H, W)}, then {@code dout} shaped like the output.
 *
 * @param dtype the dtype of x and dout
 * @param xShape {@code (N, C, H, W)}
 * @param param window and stride
 * @param ties x drawn from {0, 1, 2}, so windows hold several maxima (the reference sends the gradient to the
 *     first in row-major window order); otherwise {@code randn}
 * @param chunkElements a blocking hint, 0 for none (see {@link ConvCase#chunkElements()}; convnet4j's tests
 *     set {@code Tuning.poolChunkElements} from it)
 * @param seed the seed of the inputs
 * @param special {@link Special#X} plants NaN, +Inf and -Inf at every window position, {@link Special#DOUT}
 *     in dout, {@link Special#ALL} both
 */
public record PoolCase(DType dtype, int[] xShape, PoolParam param, boolean ties, long chunkElements, long seed,
                       Special special) implements KitCase {
    /** A case with finite inputs. */
    public PoolCase(DType dtype, int[] xShape, PoolParam param, boolean ties, long chunkElements, long seed) {
        this(dtype, xShape, param, ties, chunkElements, seed, Special.NONE);
    }

    @Override
    public boolean nonFinite() {
        return special != Special.NONE;
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " x" + Arrays.toString(xShape) + " pool " + param.height() + "x" + param.width()
                + " stride " + param.stride() + (ties ? " ties" : "")
                + (chunkElements > 0 ? " chunk " + chunkElements : "")
                + (special != Special.NONE ? " non-finite " + special : "");
    }
}
