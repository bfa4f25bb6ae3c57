package org.convnet4j.model;

import org.convnet4j.tensor.Tensor;

/** A {@link ConvRelu} forward's {@code (out, cache)}. */
public record ConvReluResult(Tensor out, ConvReluCache cache) {}
