package org.convnet4j.testkit;

/**
 * Runs code around each case's check, e.g. to set and restore a tuning knob from the case's blocking hint,
 * to count which cases ran, or to skip a case with a JUnit assumption.
 *
 * @param <K> the case type
 */
@FunctionalInterface
public interface Around<K> {
    /**
     * @param kase the case about to be checked
     * @param check the check; call it exactly once to run it
     */
    void run(K kase, Runnable check);

    /**
     * This around {@code inner} around the check: {@code outer.enclosing(inner).run(k, check)} runs outer, which
     * runs inner, which runs the check.
     *
     * @param inner the code to run inside this one
     * @return the composition
     */
    default Around<K> enclosing(Around<? super K> inner) {
        return (kase, check) -> run(kase, () -> inner.run(kase, check));
    }

    /** Just the check. */
    static <K> Around<K> nothing() {
        return (kase, check) -> check.run();
    }
}
