package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A dropout forward's {@code (out, cache)}. */
public record DropoutResult(Tensor out, DropoutCache cache) {}
