package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** An affine forward's {@code (out, cache)}. */
public record AffineResult(Tensor out, AffineCache cache) {}
