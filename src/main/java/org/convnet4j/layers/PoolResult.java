package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/** A max pool forward's {@code (out, cache)}. */
public record PoolResult(Tensor out, PoolCache cache) {}
