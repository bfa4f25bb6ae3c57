package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** An affine backward's {@code (dx, dw, db)}, shaped like x, w and b. */
public record AffineGrads(Tensor dx, Tensor dw, Tensor db) {}
