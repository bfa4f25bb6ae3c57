package org.convnet4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.convnet4j.tensor.DType;

/**
 * What {@link BenchRunner} measures and how long it spends. Fluent setters validate their argument
 * and return {@code this}; the defaults suit a full run on a 2-core machine (about a minute).
 */
public final class BenchOptions {
    private List<BenchCase> cases = new ArrayList<>(Arrays.asList(BenchCase.values()));
    private DType dtype = DType.FLOAT32;
    private int blasThreads = 1;
    private int warmup = 2;
    private long warmupMs = 500;
    private int repeats = 10;
    private int naiveRepeats = 3;
    private double naiveFlopLimit = 1e9;
    private int gemmSize = 2048;
    private int gemmRepeats = 5;
    private Path jsonOut;
    private List<TrainCase> trainCases = new ArrayList<>(List.of(TrainCase.T1));
    private boolean epoch;
    private Path epochDataDir = Path.of(org.convnet4j.data.FashionMnist.SYSTEM_DIR);

    /** Whether to time T1, one ThreeLayerConvNet training step, fast vs naive (default true); T2 is kept as set. */
    public BenchOptions trainStep(boolean on) {
        trainCases.remove(TrainCase.T1);
        if (on) trainCases.add(0, TrainCase.T1);
        return this;
    }

    /** Whether T1 runs. */
    public boolean trainStep() {
        return trainCases.contains(TrainCase.T1);
    }

    /**
     * The training-step cases to time, in order (default T1; T2 runs the fast path only, its naive step taking
     * minutes).
     */
    public BenchOptions trainCases(List<TrainCase> cases) {
        if (cases == null) throw new IllegalArgumentException("bench: trainCases must not be null");
        this.trainCases = new ArrayList<>(cases);
        return this;
    }

    public List<TrainCase> trainCases() {
        return List.copyOf(trainCases);
    }

    /**
     * Whether to time one Fashion-MNIST epoch with {@code train}'s defaults (hidden 500, reg 1e-3, Adam 1e-3, batch
     * 50, 55,000 images, the AUTO backend), training time only (default false).
     */
    public BenchOptions epoch(boolean on) {
        this.epoch = on;
        return this;
    }

    public boolean epoch() {
        return epoch;
    }

    /** The Fashion-MNIST folder of {@link #epoch} (default Debian's, {@code /usr/share/datasets/fashion-mnist}). */
    public BenchOptions epochDataDir(Path dir) {
        if (dir == null) throw new IllegalArgumentException("bench: epochDataDir must not be null");
        this.epochDataDir = dir;
        return this;
    }

    public Path epochDataDir() {
        return epochDataDir;
    }

    /** The cases to run, in order (default S1..S5; may be empty when only T1 is wanted). */
    public BenchOptions cases(List<BenchCase> cases) {
        if (cases == null) throw new IllegalArgumentException("bench: cases must not be null");
        this.cases = new ArrayList<>(cases);
        return this;
    }

    /**
     * Element type of S3..S5 and the training cases (default float32); S1 and S2 always run in float64, like the
     * notebook, and in this dtype too when it is float32.
     */
    public BenchOptions dtype(DType dtype) {
        if (dtype == null) throw new IllegalArgumentException("bench: dtype must not be null");
        this.dtype = dtype;
        return this;
    }

    /** BLAS threads, pinned for the whole run so results compare (default 1). */
    public BenchOptions blasThreads(int n) {
        if (n <= 0) throw new IllegalArgumentException("bench: blasThreads must be > 0, got " + n);
        this.blasThreads = n;
        return this;
    }

    /** Untimed calls of the fast path before timing (default 2). */
    public BenchOptions warmup(int n) {
        if (n < 0) throw new IllegalArgumentException("bench: warmup must be >= 0, got " + n);
        this.warmup = n;
        return this;
    }

    /**
     * Untimed calls of the fast path go on for at least this long, in ms (default 500), after {@link #warmup}: the
     * split paths run on two threads, and while the JIT's compiler threads still work, a 2-core machine has more
     * runnable threads than cores (S2's split pool backward took 0.07-0.6 ms after 10 calls, 0.04 after 300).
     *
     * @throws IllegalArgumentException when {@code ms} is negative or too large to count in nanoseconds (a long)
     */
    public BenchOptions warmupMs(long ms) {
        if (ms < 0 || ms > Long.MAX_VALUE / 1_000_000) {
            throw new IllegalArgumentException("bench: warmupMs must be in [0, " + Long.MAX_VALUE / 1_000_000 + "], got " + ms);
        }
        this.warmupMs = ms;
        return this;
    }

    /** Timed calls of the fast path per case and direction; the median is reported (default 10). */
    public BenchOptions repeats(int n) {
        if (n <= 0) throw new IllegalArgumentException("bench: repeats must be > 0, got " + n);
        this.repeats = n;
        return this;
    }

    /** Timed calls of the naive path (default 3); 0 skips the naive path everywhere. */
    public BenchOptions naiveRepeats(int n) {
        if (n < 0) throw new IllegalArgumentException("bench: naiveRepeats must be >= 0, got " + n);
        this.naiveRepeats = n;
        return this;
    }

    /**
     * The naive conv runs only where one forward costs at most this many flops (default 1e9: S1 and S3
     * run naive, S4 does not). Pools and the notebook's S1/S2 always run naive when naiveRepeats > 0.
     */
    public BenchOptions naiveFlopLimit(double flops) {
        if (!(flops >= 0)) throw new IllegalArgumentException("bench: naiveFlopLimit must be >= 0, got " + flops);
        this.naiveFlopLimit = flops;
        return this;
    }

    /** Order of the square sgemm/dgemm measured as the ceiling (default 2048); 0 skips it. */
    public BenchOptions gemmSize(int n) {
        if (n < 0) throw new IllegalArgumentException("bench: gemmSize must be >= 0, got " + n);
        this.gemmSize = n;
        return this;
    }

    /** Timed GEMM calls per routine (default 5). */
    public BenchOptions gemmRepeats(int n) {
        if (n <= 0) throw new IllegalArgumentException("bench: gemmRepeats must be > 0, got " + n);
        this.gemmRepeats = n;
        return this;
    }

    /** Where to write the JSON report (atomically); null (the default) writes none. */
    public BenchOptions jsonOut(Path path) {
        this.jsonOut = path;
        return this;
    }

    public List<BenchCase> cases() {
        return List.copyOf(cases);
    }

    public DType dtype() {
        return dtype;
    }

    public int blasThreads() {
        return blasThreads;
    }

    public int warmup() {
        return warmup;
    }

    public long warmupMs() {
        return warmupMs;
    }

    public int repeats() {
        return repeats;
    }

    public int naiveRepeats() {
        return naiveRepeats;
    }

    public double naiveFlopLimit() {
        return naiveFlopLimit;
    }

    public int gemmSize() {
        return gemmSize;
    }

    public int gemmRepeats() {
        return gemmRepeats;
    }

    public Path jsonOut() {
        return jsonOut;
    }
}
