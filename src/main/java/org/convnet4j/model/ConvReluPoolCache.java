package org.convnet4j.model;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.ReluCache;

/** The caches of a {@link ConvReluPool} forward, one per stage. */
public record ConvReluPoolCache(ConvCache conv, ReluCache relu, PoolCache pool) {}
