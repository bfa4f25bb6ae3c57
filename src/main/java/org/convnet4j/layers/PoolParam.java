package org.convnet4j.layers;

/**
 * Max-pool hyper-parameters, the seed's {@code pool_param = {'pool_height', 'pool_width', 'stride'}}.
 * Windows may overlap ({@code stride < height}) or leave rows/columns unused (the output size is floored).
 *
 * @param height pool window height, {@code > 0}
 * @param width pool window width, {@code > 0}
 * @param stride step between windows, {@code > 0}
 */
public record PoolParam(int height, int width, int stride) {
    public PoolParam {
        if (height <= 0) throw new IllegalArgumentException("max_pool: pool height must be > 0, got " + height);
        if (width <= 0) throw new IllegalArgumentException("max_pool: pool width must be > 0, got " + width);
        if (stride <= 0) throw new IllegalArgumentException("max_pool: stride must be > 0, got " + stride);
    }

    /** The 2x2, stride-2 pool used by the seed's conv-relu-pool sandwich and ThreeLayerConvNet. */
    public static PoolParam twoByTwo() {
        return new PoolParam(2, 2, 2);
    }
}
