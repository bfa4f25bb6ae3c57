package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A convolution forward's {@code (out, cache)}. */
public record ConvResult(Tensor out, ConvCache cache) {}
