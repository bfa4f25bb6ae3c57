package org.convnet4j.model;

import org.convnet4j.tensor.Tensor;

/** A {@link ConvReluPool} forward's {@code (out, cache)}. */
public record ConvReluPoolResult(Tensor out, ConvReluPoolCache cache) {}
