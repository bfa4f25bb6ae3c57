package org.convnet4j.testkit;

import org.convnet4j.tensor.DType;

/**
 * One case of a grid: the shapes and settings an op or layer is run with, its dtype, and the seed its inputs
 * are drawn from ({@code new Rng(seed)}, NumPy's stream). {@link #toString()} names the case in test names
 * and reports.
 */
public sealed interface KitCase permits ConvCase, ConvPoolCase, PoolCase, AffineCase, ReluCase, LayerCase, NetCase {
    /** The dtype of every input and output. */
    DType dtype();

    /** The seed of the case's inputs. */
    long seed();

    /** Whether the case plants NaN or infinities in an input. */
    boolean nonFinite();

    /** The case in words (dtype, shapes, stride, pad, ...): the name of its dynamic test and its reports' "case:". */
    @Override
    String toString();
}
