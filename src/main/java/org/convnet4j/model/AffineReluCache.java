package org.convnet4j.model;

import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.ReluCache;

/** The caches of an {@link AffineRelu} forward: the affine layer's and the ReLU's. */
public record AffineReluCache(AffineCache affine, ReluCache relu) {}
