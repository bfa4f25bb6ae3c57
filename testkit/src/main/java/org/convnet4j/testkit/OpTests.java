package org.convnet4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The kit's checks of one implementation as JUnit 5 dynamic tests, one per grid case, named by the case, so
 * IDEs and Surefire list each. Made by {@link TestKit}; return its streams from a {@code @TestFactory}:
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicNode&gt; myConv() {
 *     return TestKit.conv(MyConv::new).tests();
 * }
 * </pre>
 *
 * The implementation and the reference are made afresh for each case by their suppliers, inside the dynamic
 * test, so a constructor that throws fails (or, with an assumption, skips) that test alone.
 *
 * @param <O> the op type: {@code ConvOp}, {@code PoolOp}, {@code AffineOp}, {@code ReluOp}, or {@code Ops} for
 *     layers and nets
 * @param <K> the case type
 */
public final class OpTests<O, K extends KitCase> {
    /** Runs one reference case: (reference, candidate, case). */
    interface ReferenceRun<O, K> {
        void run(O reference, O candidate, K kase);
    }

    private final String family;
    private final Supplier<? extends O> candidate;
    private Supplier<? extends O> reference;
    private List<K> referenceCases, gradientCases;
    private Around<? super K> around = Around.nothing();
    private final ReferenceRun<O, K> referenceRun;
    private final BiConsumer<O, K> gradientRun;

    OpTests(String family, Supplier<? extends O> candidate, Supplier<? extends O> reference, List<K> referenceCases,
            List<K> gradientCases, ReferenceRun<O, K> referenceRun, BiConsumer<O, K> gradientRun) {
        this.family = family;
        this.candidate = Objects.requireNonNull(candidate, "candidate");
        this.reference = reference;
        this.referenceCases = referenceCases;
        this.gradientCases = gradientCases;
        this.referenceRun = referenceRun;
        this.gradientRun = gradientRun;
    }

    /**
     * Compares with another reference than convnet4j's naive twin.
     *
     * @param reference makes the implementation trusted to be right
     * @return this
     */
    public OpTests<O, K> against(Supplier<? extends O> reference) {
        this.reference = Objects.requireNonNull(reference, "reference");
        return this;
    }

    /**
     * Replaces the reference grid (e.g. {@code Cases.conv()} filtered, or with cases of your own).
     *
     * @param cases the cases
     * @return this
     */
    public OpTests<O, K> cases(List<K> cases) {
        this.referenceCases = List.copyOf(cases);
        return this;
    }

    /**
     * Replaces the gradient grid (float64 cases only).
     *
     * @param cases the cases
     * @return this
     */
    public OpTests<O, K> gradientCases(List<K> cases) {
        this.gradientCases = List.copyOf(cases);
        return this;
    }

    /**
     * Runs code around every case's check (both kinds).
     *
     * @param around e.g. sets a knob from the case and restores it
     * @return this
     */
    public OpTests<O, K> around(Around<? super K> around) {
        this.around = Objects.requireNonNull(around, "around");
        return this;
    }

    /** One dynamic test per reference case: the implementation beside the reference ({@link ReferenceCheck}). */
    public Stream<DynamicTest> referenceTests() {
        return referenceCases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> runReference(c)));
    }

    /** One dynamic test per gradient case: the implementation's backward against centred differences ({@link GradientCheck}). */
    public Stream<DynamicTest> gradientTests() {
        return gradientCases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> runGradient(c)));
    }

    /** Both, as two containers: "{family} reference check" and "{family} gradient check". */
    public Stream<DynamicNode> tests() {
        return Stream.of(DynamicContainer.dynamicContainer(family + " reference check", referenceTests()),
                DynamicContainer.dynamicContainer(family + " gradient check", gradientTests()));
    }

    /** Runs the reference check of one case, outside JUnit (e.g. in your own loop). */
    public void runReference(K c) {
        around.run(c, () -> referenceRun.run(reference.get(), candidate.get(), c));
    }

    /** Runs the gradient check of one case, outside JUnit. */
    public void runGradient(K c) {
        around.run(c, () -> gradientRun.accept(candidate.get(), c));
    }

    /** Runs every case of both grids and throws the first failure: a static assert for a plain {@code @Test}. */
    public void assertAll() {
        referenceCases.forEach(this::runReference);
        gradientCases.forEach(this::runGradient);
    }
}
