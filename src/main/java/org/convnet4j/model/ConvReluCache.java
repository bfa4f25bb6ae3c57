package org.convnet4j.model;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ReluCache;

/** The caches of a {@link ConvRelu} forward: the convolution's and the ReLU's. */
public record ConvReluCache(ConvCache conv, ReluCache relu) {}
