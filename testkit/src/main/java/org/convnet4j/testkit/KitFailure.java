package org.convnet4j.testkit;

import org.opentest4j.AssertionFailedError;

/**
 * A failed check: an {@link AssertionFailedError} (so JUnit, IDEs and Surefire show it as a test failure)
 * whose message is the {@link Report}'s text and whose {@link #report()} keeps its fields.
 */
public final class KitFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    private final transient Report report;

    /** @param report what the check found */
    public KitFailure(Report report) {
        super(report.toString());
        this.report = report;
    }

    /** What the check found. */
    public Report report() {
        return report;
    }
}
