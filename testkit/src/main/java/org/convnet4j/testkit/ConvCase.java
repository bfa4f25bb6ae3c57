package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.tensor.DType;

/**
 * One convolution case: {@code x (N, C, H, W)}, {@code w (F, C, HH, WW)}, {@code b (F)} drawn from
 * {@code randn} in that order, then {@code dout} shaped like the output.
 *
 * @param dtype the dtype of every tensor
 * @param xShape {@code (N, C, H, W)}
 * @param wShape {@code (F, C, HH, WW)}
 * @param param stride and pad
 * @param chunkElements a blocking hint, 0 for none: convnet4j's own tests set its native kernels' chunk size
 *     ({@code Tuning.convChunkElements}) from it, so the same grid also runs their chunked code paths; the kit
 *     itself ignores it, and so may your op
 * @param seed the seed of the inputs
 * @param special which input gets NaN and infinities
 */
public record ConvCase(DType dtype, int[] xShape, int[] wShape, ConvParam param, long chunkElements, long seed,
                       Special special) implements KitCase {
    /** A case with finite inputs. */
    public ConvCase(DType dtype, int[] xShape, int[] wShape, ConvParam param, long chunkElements, long seed) {
        this(dtype, xShape, wShape, param, chunkElements, seed, Special.NONE);
    }

    @Override
    public boolean nonFinite() {
        return special != Special.NONE;
    }

    /** {@code Hout = 1 + (H + 2*pad - HH) / stride}, floored. */
    public int hOut() {
        return 1 + (xShape[2] + 2 * param.pad() - wShape[2]) / param.stride();
    }

    /** {@code Wout = 1 + (W + 2*pad - WW) / stride}, floored. */
    public int wOut() {
        return 1 + (xShape[3] + 2 * param.pad() - wShape[3]) / param.stride();
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " x" + Arrays.toString(xShape) + " w" + Arrays.toString(wShape) + " stride "
                + param.stride() + " pad " + param.pad() + (chunkElements > 0 ? " chunk " + chunkElements : "")
                + (special != Special.NONE ? " non-finite " + special : "");
    }
}
