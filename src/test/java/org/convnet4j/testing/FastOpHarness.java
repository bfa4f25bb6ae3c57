package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.convnet4j.fast.FastOps;
import org.convnet4j.tensor.DType;
import org.convnet4j.testkit.Around;
import org.convnet4j.testkit.KitCase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The library's side of the one harness: its native ops run through the test kit ({@code org.convnet4j.testkit},
 * the code users get as convnet4j-testkit) beside their naive twins, and this class adds only what concerns
 * the library itself:
 * <ul>
 *   <li>the native library is required ({@link NativeAssume}) before each case;</li>
 *   <li>each case's blocking hint sets its op's {@code Tuning} chunk size, so the grids also run the chunked
 *       kernel paths ({@link #harness});</li>
 *   <li>FastOps coverage (EJML's {@code expectedFunctions}): subclasses pick an op family by its
 *       {@link FastOps} name; after their grid this class asserts that the entry really ran in both dtypes, and
 *       {@link #assertAllExercised} fails when an entry of {@link FastOps#ALL} was never exercised.</li>
 * </ul>
 * The tolerances, grids, checks and reports are the kit's ({@code Tolerances}, {@code Cases},
 * {@code ReferenceCheck}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FastOpHarness extends TestBase {
    /** Fast op class name + dtype -> number of cases that passed. */
    private static final Map<String, Integer> EXERCISED = new ConcurrentHashMap<>();

    private final FastOps.Entry entry;

    /** @param opName the {@link FastOps.Entry#name()} this harness covers */
    protected FastOpHarness(String opName) {
        this.entry = FastOps.ALL.stream().filter(e -> e.name().equals(opName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no FastOps entry named " + opName));
    }

    /** The FastOps entry this harness covers. */
    public final FastOps.Entry entry() {
        return entry;
    }

    /** Runs the first grid case of each dtype (used by the FastOps coverage check). */
    public abstract void sample();

    /**
     * Around each case: requires the native library, sets {@code knob} from the case's blocking hint (a hint of 0
     * leaves it), restores it, and counts the case for this entry's dtype once its check passed.
     */
    protected <K extends KitCase> Around<K> harness(ToLongFunction<K> hint, LongSupplier get, LongConsumer set) {
        return (c, check) -> {
            NativeAssume.nativeAvailable();
            withKnob(hint.applyAsLong(c), get, set, check);
            EXERCISED.merge(entry.fast().getName() + "/" + c.dtype(), 1, Integer::sum);
        };
    }

    /** Around each case: a {@code Tuning} setting set to {@code value} for the check, then restored. */
    public static <K, T> Around<K> setting(java.util.function.Supplier<T> get, java.util.function.Consumer<T> set, T value) {
        return (c, check) -> {
            T saved = get.get();
            set.accept(value);
            try {
                check.run();
            } finally {
                set.accept(saved);
            }
        };
    }

    /** Runs {@code body} with a knob set to {@code value} (kept if value <= 0), then restores it. */
    public static void withKnob(long value, LongSupplier get, LongConsumer set, Runnable body) {
        long saved = get.getAsLong();
        if (value > 0) set.accept(value);
        try {
            body.run();
        } finally {
            set.accept(saved);
        }
    }

    /** After a subclass's grid: its op really ran, in both dtypes. */
    @AfterAll
    void exercised() {
        NativeAssume.nativeAvailable();
        assertExercised(entry, 1);
    }

    /** Asserts that {@code entry} was exercised in both dtypes by at least {@code min} cases each. */
    public static void assertExercised(FastOps.Entry entry, int min) {
        for (DType t : DType.values()) {
            int n = EXERCISED.getOrDefault(entry.fast().getName() + "/" + t, 0);
            assertTrue(n >= min, entry.name() + " (" + entry.fast().getSimpleName() + ") ran " + n + " " + t
                    + " cases, expected >= " + min);
        }
    }

    /** Every FastOps entry must have been exercised by some harness run in this JVM. */
    public static void assertAllExercised(int min) {
        for (FastOps.Entry e : FastOps.ALL) assertExercised(e, min);
    }
}
