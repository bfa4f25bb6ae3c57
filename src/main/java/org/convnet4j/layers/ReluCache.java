package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * What a ReLU forward keeps for its backward: the input x, by reference. The ReLU's output serves as well
 * (a convolution with a fused ReLU keeps that): {@code max(0, x) > 0} exactly where {@code x > 0}, NaN included.
 */
public record ReluCache(Tensor x) {}
