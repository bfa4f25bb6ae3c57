package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A (spatial) batch-norm backward's {@code (dx, dgamma, dbeta)}, shaped like x, gamma and beta. */
public record BatchNormGrads(Tensor dx, Tensor dgamma, Tensor dbeta) {}
