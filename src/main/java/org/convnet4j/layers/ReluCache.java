package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** What a ReLU forward keeps for its backward: the input x, by reference. */
public record ReluCache(Tensor x) {}
