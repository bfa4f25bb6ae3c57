package org.convnet4j.testkit;

import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineOp;

/**
 * Extend this to check a {@link AffineOp} of yours: implement {@link #op()}, and JUnit runs one test per case of
 * the reference grid (against {@link Affine}) and of the gradient grid (against centred differences).
 *
 * <pre>
 * class MyAffineTest extends AffineOpContract {
 *     &#64;Override
 *     protected AffineOp op() {
 *         return new MyAffine();
 *     }
 * }
 * </pre>
 */
public abstract class AffineOpContract extends OpContract<AffineOp, AffineCase> {
    /** A fresh instance of the implementation under test (called once per case). */
    protected abstract AffineOp op();

    /** The kit's tests of {@link #op()}; override to narrow the grids or add an {@link Around}. */
    @Override
    protected OpTests<AffineOp, AffineCase> kit() {
        return TestKit.affine(this::op);
    }
}
