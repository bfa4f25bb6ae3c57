package org.convnet4j.testkit;

/**
 * Which input of a case gets NaN, +Inf and -Inf planted in it. With any but {@link #NONE}, the op under test
 * must give the same non-finite values at the same positions as the reference (NumPy's propagation: 0 * Inf
 * is NaN, a NaN wins a max), and the tolerances apply where both are finite.
 */
public enum Special {
    /** All inputs finite. */
    NONE,
    /** Non-finite values in x. */
    X,
    /** Non-finite values in the weights. */
    W,
    /** Non-finite values in the upstream gradient. */
    DOUT,
    /** Non-finite values in every input. */
    ALL;

    /** Whether this setting plants values in {@code which}. */
    public boolean in(Special which) {
        return this == ALL || this == which;
    }
}
