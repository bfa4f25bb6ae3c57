package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A ReLU forward's {@code (out, cache)}. */
public record ReluResult(Tensor out, ReluCache cache) {}
