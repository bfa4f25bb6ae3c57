package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A (spatial) batch-norm forward's {@code (out, cache)}. */
public record BatchNormResult(Tensor out, BatchNormCache cache) {}
