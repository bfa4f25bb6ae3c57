package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A conv-relu-pool forward's result ({@link ConvOp#forwardReluPool}).
 *
 * @param out the pooled output {@code (N, F, PHout, PWout)}
 * @param cache what the backward needs
 */
public record ConvPoolResult(Tensor out, ConvPoolCache cache) {}
