package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * A loss and its gradient with respect to the scores.
 *
 * @param loss the mean loss over the N examples
 * @param dscores {@code (N, C)}, dtype of the scores
 */
public record LossResult(double loss, Tensor dscores) {}
