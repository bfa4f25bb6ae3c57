package org.convnet4j.model;

import org.convnet4j.tensor.Tensor;

/** An {@link AffineRelu} forward's {@code (out, cache)}. */
public record AffineReluResult(Tensor out, AffineReluCache cache) {}
