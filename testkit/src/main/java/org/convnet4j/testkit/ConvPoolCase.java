package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;

/**
 * One conv-relu-pool case (CS231n's {@code conv_relu_pool_forward}): {@code x (N, C, H, W)}, {@code w (F, C, HH,
 * WW)}, {@code b (F)} drawn from {@code randn} in that order, then {@code dout} shaped like the pooled output.
 *
 * @param dtype the dtype of every tensor
 * @param xShape {@code (N, C, H, W)}
 * @param wShape {@code (F, C, HH, WW)}
 * @param conv the convolution's stride and pad
 * @param pool the max pool's window and stride
 * @param chunkElements a blocking hint, 0 for none (see {@link ConvCase#chunkElements()})
 * @param seed the seed of the inputs
 * @param special which input gets NaN and infinities
 */
public record ConvPoolCase(DType dtype, int[] xShape, int[] wShape, ConvParam conv, PoolParam pool, long chunkElements,
                           long seed, Special special) implements KitCase {
    @Override
    public boolean nonFinite() {
        return special != Special.NONE;
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " x" + Arrays.toString(xShape) + " w" + Arrays.toString(wShape) + " stride "
                + conv.stride() + " pad " + conv.pad() + " pool " + pool.height() + "x" + pool.width() + " stride "
                + pool.stride() + (chunkElements > 0 ? " chunk " + chunkElements : "")
                + (special != Special.NONE ? " non-finite " + special : "");
    }
}
