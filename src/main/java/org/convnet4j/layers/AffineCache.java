package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** What an affine forward keeps for its backward: the inputs, by reference. */
public record AffineCache(Tensor x, Tensor w, Tensor b) {}
