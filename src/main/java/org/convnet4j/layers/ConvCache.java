package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** What a convolution's forward keeps for its backward: the inputs, by reference. */
public record ConvCache(Tensor x, Tensor w, Tensor b, ConvParam param) {}
