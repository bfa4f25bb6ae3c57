package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.convnet4j.tensor.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every test: a fresh fixed-seed {@link Rng} per test (so tests do not depend on their order),
 * and a test that writes to stdout or stderr fails, because library code must log through SLF4J and a
 * passing test must be silent (EJML's {@code EjmlStandardJUnit}).
 */
public abstract class TestBase {
    /** The seed of {@link #rng}: the notebook's {@code np.random.seed(231)}. */
    public static final long SEED = 231;

    /** Reseeded before each test. */
    protected Rng rng;

    private PrintStream savedOut;
    private PrintStream savedErr;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void captureOutputAndSeed() {
        rng = new Rng(SEED);
        savedOut = System.out;
        savedErr = System.err;
        captured = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
    }

    @AfterEach
    void failIfPrinted() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        String text = captured.toString(StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            fail("the test wrote to stdout/stderr (use SLF4J in library code, nothing in tests): "
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
        }
    }
}
