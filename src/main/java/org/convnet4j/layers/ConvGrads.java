package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A convolution backward's {@code (dx, dw, db)}: gradients of the loss with respect to x, w and b. */
public record ConvGrads(Tensor dx, Tensor dw, Tensor db) {}
