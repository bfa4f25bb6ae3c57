package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * What a (spatial) batch-norm forward keeps for its backward: the input and gamma by reference, the mode
 * that ran, and the per-channel mean and {@code std = sqrt(var + eps)} it normalised with (batch
 * statistics in train mode, running statistics in test mode), as float64 vectors of length D (or C).
 */
public record BatchNormCache(Tensor x, Tensor gamma, BatchNormParam.Mode mode, Tensor mean, Tensor std) {}
