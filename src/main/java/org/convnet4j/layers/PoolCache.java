package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * What a max pool's forward keeps for its backward. {@code argmax} is optional: a path that found the
 * winners during forward stores their flat offsets into x (one per output element) so backward need
 * not search again; the naive path stores {@code null} and searches. {@code strategy} names the path
 * that ran (as CS231n's fast pool stores {@code 'reshape'} or {@code 'im2col'}).
 */
public record PoolCache(Tensor x, PoolParam param, int[] argmax, String strategy) {}
