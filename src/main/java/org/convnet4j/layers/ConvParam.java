package org.convnet4j.layers;

/**
 * Convolution hyper-parameters, the seed's {@code conv_param = {'stride': .., 'pad': ..}}.
 *
 * @param stride step between filter positions, {@code > 0}
 * @param pad zero padding added on each side of H and W, {@code >= 0}
 */
public record ConvParam(int stride, int pad) {
    public ConvParam {
        if (stride <= 0) throw new IllegalArgumentException("conv: stride must be > 0, got " + stride);
        if (pad < 0) throw new IllegalArgumentException("conv: pad must be >= 0, got " + pad);
    }
}
