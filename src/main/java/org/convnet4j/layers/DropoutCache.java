package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * What a dropout forward keeps for its backward: the mode that ran and, in train mode, the mask
 * ({@code (rand < p) / p}, float64, shaped like x; null in test mode).
 */
public record DropoutCache(Mode mode, Tensor mask, int[] xShape) {}
