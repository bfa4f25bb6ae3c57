package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.convnet4j.fast.FastOps;
import org.convnet4j.fast.Tuning;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.model.Model;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The one naive-vs-native harness (EJML's {@code CheckMultiThreadAgainstSingleThread} idea): an op pair
 * runs on identical copies of the same inputs over a grid of shapes and both dtypes, and the harness
 * checks (a) forward outputs, (b) every gradient, (c) that no input was mutated, (d) that a second
 * call of the fast op gives bit-identical results. Ops that only select values (max pool outputs, ReLU)
 * must match the naive results bit for bit. Subclasses pick an op family by its {@link FastOps} name;
 * after their grid this class asserts that the entry really ran in both dtypes; {@link #assertAllExercised}
 * fails when an entry of {@link FastOps#ALL} was never exercised.
 *
 * <p>Whole nets ({@link #checkNet}) run the same comparisons on random small {@link Net}s: scores, loss,
 * every gradient and the batch-norm running statistics.
 *
 * <p>Tolerances: float64 {@code rel_error <= 1e-10} (CS231n's elementwise max of
 * |a-b| / max(1e-8, |a|+|b|)); float32 {@code max|a-b| / max|b| <= 1e-5} (GEMM accumulates in float, the
 * naive path in double).
 *
 * <p>Non-finite values: cases with a {@link Special} plant NaN, +Inf and -Inf in an input (for pooling at
 * every window position), and both paths must then give the same non-finite values at the same positions
 * (NaN where the other has NaN, an infinity of the same sign); the tolerances above apply to the positions
 * where both are finite. A finite-vs-non-finite mismatch always fails, and so does any non-finite result of
 * a case without specials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NaiveVsNative {
    static final double F64_REL = 1e-10;
    static final double F32_REL_TO_MAX = 1e-5;

    /** Fast op class name + dtype -> number of cases that passed. */
    private static final Map<String, Integer> EXERCISED = new ConcurrentHashMap<>();

    private final FastOps.Entry entry;

    /** @param opName the {@link FastOps.Entry#name()} this harness covers */
    protected NaiveVsNative(String opName) {
        this.entry = FastOps.ALL.stream().filter(e -> e.name().equals(opName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no FastOps entry named " + opName));
    }

    /** The FastOps entry this harness covers. */
    public final FastOps.Entry entry() {
        return entry;
    }

    /** Runs the first grid case of each dtype (used by the FastOps coverage check). */
    public abstract void sample();

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

    private static void record(Object fast, DType t) {
        EXERCISED.merge(fast.getClass().getName() + "/" + t, 1, Integer::sum);
    }

    /** Which input of a case gets NaN, +Inf and -Inf planted in it ({@link #ALL}: every input). */
    public enum Special {
        NONE, X, W, DOUT, ALL;

        boolean in(Special which) {
            return this == ALL || this == which;
        }
    }

    private static final double[] NON_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Sets every {@code step}-th element from {@code start} to NaN, +Inf, -Inf in turn (at least one). */
    static void plant(Tensor t, int start, int step) {
        int k = 0;
        for (int i = Math.min(start, t.size() - 1); i < t.size(); i += step) t.setFlat(i, NON_FINITE[k++ % 3]);
    }

    // ---------------------------------------------------------------- convolution

    /** One convolution case; {@code chunkElements} > 0 overrides {@link Tuning#convChunkElements}. */
    public record ConvCase(DType dtype, int[] xShape, int[] wShape, ConvParam param, long chunkElements, long seed,
                           Special special) {
        ConvCase(DType dtype, int[] xShape, int[] wShape, ConvParam param, long chunkElements, long seed) {
            this(dtype, xShape, wShape, param, chunkElements, seed, Special.NONE);
        }

        @Override
        public String toString() {
            return dtype + " x" + java.util.Arrays.toString(xShape) + " w" + java.util.Arrays.toString(wShape)
                    + " stride " + param.stride() + " pad " + param.pad()
                    + (chunkElements > 0 ? " chunk " + chunkElements : "")
                    + (special != Special.NONE ? " non-finite " + special : "");
        }
    }

    /** The conv grid: edge cases plus random shapes, both dtypes. */
    public static Stream<ConvCase> convCases() {
        List<ConvCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new ConvCase(t, new int[] {2, 3, 5, 5}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), 0, 1));
            out.add(new ConvCase(t, new int[] {1, 1, 7, 4}, new int[] {1, 1, 1, 1}, new ConvParam(1, 0), 0, 2)); // 1x1
            out.add(new ConvCase(t, new int[] {3, 2, 7, 9}, new int[] {2, 2, 2, 3}, new ConvParam(2, 0), 0, 3)); // floor drops
            out.add(new ConvCase(t, new int[] {2, 3, 31, 31}, new int[] {5, 3, 3, 3}, new ConvParam(2, 1), 0, 4)); // seed-like
            out.add(new ConvCase(t, new int[] {1, 2, 2, 3}, new int[] {2, 2, 4, 5}, new ConvParam(3, 2), 0, 5)); // big pad
            out.add(new ConvCase(t, new int[] {5, 2, 6, 5}, new int[] {3, 2, 3, 2}, new ConvParam(1, 1), 1, 6)); // chunk of 1
            out.add(new ConvCase(t, new int[] {7, 3, 9, 8}, new int[] {4, 3, 3, 3}, new ConvParam(2, 1), 2000, 7)); // uneven chunks
            // non-finite values: in x, in w (an infinite weight on taps that meet the padding), in dout (which
            // reaches dw through the padded zeros: 0 * Inf = NaN), everywhere
            out.add(new ConvCase(t, new int[] {2, 3, 6, 5}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), 0, 8, Special.X));
            out.add(new ConvCase(t, new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1), 0, 9, Special.W));
            out.add(new ConvCase(t, new int[] {3, 2, 5, 6}, new int[] {2, 2, 3, 2}, new ConvParam(2, 2), 1, 10, Special.DOUT));
            out.add(new ConvCase(t, new int[] {4, 3, 7, 7}, new int[] {5, 3, 3, 3}, new ConvParam(1, 1), 0, 11, Special.ALL));
            out.add(new ConvCase(t, new int[] {1, 1, 1, 1}, new int[] {1, 1, 3, 3}, new ConvParam(1, 1), 0, 12, Special.W));
            Special[] kinds = Special.values();
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 1 + r.nextInt(9), W = 1 + r.nextInt(9);
                int F = 1 + r.nextInt(4), stride = 1 + r.nextInt(3), pad = r.nextInt(3);
                int HH = 1 + r.nextInt(Math.min(4, H + 2 * pad)), WW = 1 + r.nextInt(Math.min(4, W + 2 * pad));
                long chunk = r.nextInt(3) == 0 ? 1 + r.nextInt(3000) : 0;
                out.add(new ConvCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad),
                        chunk, 100 + k, k % 3 == 2 ? kinds[1 + k / 3 % 4] : Special.NONE));
            }
        }
        return out.stream();
    }

    /** Runs one case through both ops and checks (a)-(d). */
    public static void checkConv(ConvOp naive, ConvOp fast, ConvCase c) {
        NativeAssume.nativeAvailable();
        Rng rng = new Rng((int) c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), c.wShape());
        Tensor b = Tensor.randn(rng, c.dtype(), c.wShape()[0]);
        if (c.special().in(Special.X)) plant(x, (int) (c.seed() % 5), 7);
        // every filter's tap (0, 0) (on the padding at the top-left outputs when pad > 0), and a few more
        int taps = c.wShape()[1] * c.wShape()[2] * c.wShape()[3];
        if (c.special().in(Special.W)) plant(w, 0, Math.max(1, taps - 1));
        withKnob(c.chunkElements(), () -> Tuning.convChunkElements, v -> Tuning.convChunkElements = v, () -> {
            ConvResult rn = naive.forward(x.copy(), w.copy(), b.copy(), c.param());
            Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
            ConvResult rf = fast.forward(xf, wf, bf, c.param());
            assertClose("out", rf.out(), rn.out(), c);
            // conv-relu fused (the ReLU applied as the output is written): the naive composition is the reference,
            // and the fused fast path gives the bits of its own forward followed by the ReLU
            Tensor reluNaive = new Relu().forward(rn.out()).out();
            assertSame("naive forwardRelu", reluNaive, naive.forwardRelu(x.copy(), w.copy(), b.copy(), c.param()).out(), c);
            Tensor reluFast = fast.forwardRelu(xf, wf, bf, c.param()).out();
            assertClose("relu(out)", reluFast, reluNaive, c);
            assertSame("forwardRelu vs forward then relu", new Relu().forward(rf.out()).out(), reluFast, c);
            Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
            if (c.special().in(Special.DOUT)) plant(dout, 0, 5);
            Tensor doutF = dout.copy();
            ConvGrads gn = naive.backward(dout.copy(), rn.cache());
            ConvGrads gf = fast.backward(doutF, rf.cache());
            assertClose("dx", gf.dx(), gn.dx(), c);
            assertClose("dw", gf.dw(), gn.dw(), c);
            assertClose("db", gf.db(), gn.db(), c);
            // without dx (a net's first layer): no dx, and dw, db the same bits as the full backward's
            ConvGrads gfw = fast.backward(doutF, rf.cache(), false), gnw = naive.backward(dout.copy(), rn.cache(), false);
            assertTrue(gfw.dx() == null && gnw.dx() == null, () -> "dx asked not to be computed, " + c);
            assertSame("dw without dx", gf.dw(), gfw.dw(), c);
            assertSame("db without dx", gf.db(), gfw.db(), c);
            assertSame("naive dw without dx", gn.dw(), gnw.dw(), c);
            assertSame("naive db without dx", gn.db(), gnw.db(), c);
            assertUnchanged(c, "x", x, xf);
            assertUnchanged(c, "w", w, wf);
            assertUnchanged(c, "b", b, bf);
            assertUnchanged(c, "dout", dout, doutF);
            ConvResult rf2 = fast.forward(xf, wf, bf, c.param());
            ConvGrads gf2 = fast.backward(doutF, rf2.cache());
            assertSame("second forward out", rf.out(), rf2.out(), c);
            assertSame("second backward dx", gf.dx(), gf2.dx(), c);
            assertSame("second backward dw", gf.dw(), gf2.dw(), c);
            assertSame("second backward db", gf.db(), gf2.db(), c);
        });
        record(fast, c.dtype());
    }

    /** Runs {@code body} with a {@link Tuning} knob set to {@code value} (kept if value <= 0), then restores it. */
    private static void withKnob(long value, LongSupplier get, LongConsumer set, Runnable body) {
        long saved = get.getAsLong();
        if (value > 0) set.accept(value);
        try {
            body.run();
        } finally {
            set.accept(saved);
        }
    }

    // ---------------------------------------------------------------- conv-relu-pool (fused)

    /** One conv-relu-pool case; {@code chunkElements} > 0 overrides {@link Tuning#convChunkElements}. */
    public record ConvPoolCase(DType dtype, int[] xShape, int[] wShape, ConvParam conv, PoolParam pool, long chunkElements,
                               long seed, Special special) {
        @Override
        public String toString() {
            return dtype + " x" + java.util.Arrays.toString(xShape) + " w" + java.util.Arrays.toString(wShape) + " stride "
                    + conv.stride() + " pad " + conv.pad() + " pool " + pool.height() + "x" + pool.width() + " stride "
                    + pool.stride() + (chunkElements > 0 ? " chunk " + chunkElements : "")
                    + (special != Special.NONE ? " non-finite " + special : "");
        }
    }

    /**
     * The conv-relu-pool grid: ThreeLayerConvNet's 2x2 tiled pool, overlapping 3x3 windows, a floor that drops the
     * last row, a 1x1 pool, a strided conv, one image, chunked calls, non-finite values, random shapes; both dtypes.
     */
    public static Stream<ConvPoolCase> convReluPoolCases() {
        List<ConvPoolCase> out = new ArrayList<>();
        Random r = new Random(231);
        PoolParam two = new PoolParam(2, 2, 2);
        for (DType t : DType.values()) {
            out.add(new ConvPoolCase(t, new int[] {3, 3, 8, 8}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), two, 0, 1,
                    Special.NONE)); // T1-like
            out.add(new ConvPoolCase(t, new int[] {2, 2, 9, 9}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1),
                    new PoolParam(3, 3, 2), 0, 2, Special.NONE)); // overlapping windows
            out.add(new ConvPoolCase(t, new int[] {2, 1, 7, 7}, new int[] {2, 1, 3, 3}, new ConvParam(1, 1), two, 0, 3,
                    Special.NONE)); // the floor drops the last row and column
            out.add(new ConvPoolCase(t, new int[] {2, 2, 5, 6}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1),
                    new PoolParam(1, 1, 1), 0, 4, Special.NONE)); // 1x1 pool: the ReLU alone
            out.add(new ConvPoolCase(t, new int[] {2, 3, 11, 10}, new int[] {2, 3, 3, 3}, new ConvParam(2, 1),
                    new PoolParam(2, 3, 1), 0, 5, Special.NONE)); // strided conv, non-square pool
            out.add(new ConvPoolCase(t, new int[] {1, 3, 8, 8}, new int[] {5, 3, 7, 7}, new ConvParam(1, 3), two, 0, 6,
                    Special.NONE)); // one image, 7x7 filters
            out.add(new ConvPoolCase(t, new int[] {5, 2, 6, 6}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1), two, 1, 7,
                    Special.NONE)); // one image per native call
            out.add(new ConvPoolCase(t, new int[] {2, 3, 8, 8}, new int[] {4, 3, 3, 3}, new ConvParam(1, 1), two, 0, 8,
                    Special.X));
            out.add(new ConvPoolCase(t, new int[] {2, 2, 6, 6}, new int[] {3, 2, 3, 3}, new ConvParam(1, 1),
                    new PoolParam(3, 3, 2), 0, 9, Special.W));
            out.add(new ConvPoolCase(t, new int[] {3, 2, 6, 8}, new int[] {2, 2, 3, 3}, new ConvParam(1, 1), two, 0, 10,
                    Special.DOUT));
            for (int k = 0; k < 10; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 2 + r.nextInt(8), W = 2 + r.nextInt(8);
                int F = 1 + r.nextInt(4), stride = 1 + r.nextInt(2), pad = r.nextInt(3);
                int HH = 1 + r.nextInt(Math.min(4, H + 2 * pad)), WW = 1 + r.nextInt(Math.min(4, W + 2 * pad));
                int Hout = 1 + (H + 2 * pad - HH) / stride, Wout = 1 + (W + 2 * pad - WW) / stride;
                int PH = 1 + r.nextInt(Math.min(3, Hout)), PW = 1 + r.nextInt(Math.min(3, Wout));
                out.add(new ConvPoolCase(t, new int[] {N, C, H, W}, new int[] {F, C, HH, WW}, new ConvParam(stride, pad),
                        new PoolParam(PH, PW, 1 + r.nextInt(3)), r.nextInt(3) == 0 ? 1 + r.nextInt(2000) : 0, 100 + k,
                        k % 4 == 3 ? Special.ALL : Special.NONE));
            }
        }
        return out.stream();
    }

    /**
     * Conv-relu-pool ({@link ConvOp#forwardReluPool}, {@link ConvOp#backwardReluPool}) of {@code fast} against the
     * naive layers one by one ({@code naive} with {@link MaxPool2d}), within the tolerances; and, bit for bit, against
     * the fast layers one by one ({@code fast} with {@link MaxPool2dFast}): a fused path must not change a result.
     * Backward with and without dx; inputs unchanged; a second call identical; a fused cache refused by another op
     * and when made for another x.
     */
    public static void checkConvReluPool(ConvOp naive, ConvOp fast, ConvPoolCase c) {
        NativeAssume.nativeAvailable();
        Rng rng = new Rng((int) c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), c.wShape());
        Tensor b = Tensor.randn(rng, c.dtype(), c.wShape()[0]);
        if (c.special().in(Special.X)) plant(x, (int) (c.seed() % 5), 7);
        if (c.special().in(Special.W)) plant(w, 0, Math.max(1, c.wShape()[1] * c.wShape()[2] * c.wShape()[3] - 1));
        PoolOp naivePool = new MaxPool2d(), fastPool = new MaxPool2dFast();
        withKnob(c.chunkElements(), () -> Tuning.convChunkElements, v -> Tuning.convChunkElements = v, () -> {
            ConvPoolResult rn = naive.forwardReluPool(x.copy(), w.copy(), b.copy(), c.conv(), naivePool, c.pool());
            Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
            ConvPoolResult rf = fast.forwardReluPool(xf, wf, bf, c.conv(), fastPool, c.pool());
            assertClose("pooled out", rf.out(), rn.out(), c);
            ConvResult layered = fast.forwardRelu(xf, wf, bf, c.conv());
            PoolResult layeredPool = fastPool.forward(layered.out(), c.pool());
            assertSame("pooled out vs the fast layers one by one", layeredPool.out(), rf.out(), c);
            Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
            if (c.special().in(Special.DOUT)) plant(dout, 0, 5);
            Tensor doutF = dout.copy();
            for (boolean needDx : new boolean[] {true, false}) {
                ConvGrads gn = naive.backwardReluPool(dout.copy(), rn.cache(), naivePool, needDx);
                ConvGrads gf = fast.backwardReluPool(doutF, rf.cache(), fastPool, needDx);
                ConvGrads gl = fast.backward(fastPool.backwardRelu(doutF, layeredPool.cache()), layered.cache(), needDx);
                if (needDx) {
                    assertClose("dx", gf.dx(), gn.dx(), c);
                    assertSame("dx vs the fast layers one by one", gl.dx(), gf.dx(), c);
                } else {
                    assertTrue(gf.dx() == null && gn.dx() == null, () -> "dx asked not to be computed, " + c);
                }
                assertClose("dw", gf.dw(), gn.dw(), c);
                assertClose("db", gf.db(), gn.db(), c);
                assertSame("dw vs the fast layers one by one", gl.dw(), gf.dw(), c);
                assertSame("db vs the fast layers one by one", gl.db(), gf.db(), c);
            }
            assertUnchanged(c, "x", x, xf);
            assertUnchanged(c, "w", w, wf);
            assertUnchanged(c, "b", b, bf);
            assertUnchanged(c, "dout", dout, doutF);
            ConvPoolResult rf2 = fast.forwardReluPool(xf, wf, bf, c.conv(), fastPool, c.pool());
            assertSame("second pooled out", rf.out(), rf2.out(), c);
            assertSame("second dw", fast.backwardReluPool(doutF, rf.cache(), fastPool, true).dw(),
                    fast.backwardReluPool(doutF, rf2.cache(), fastPool, true).dw(), c);
            if (rf.cache().pooled() != null) {
                // a fused cache is read by its own op only, and only for the x it was made for
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> naive.backwardReluPool(doutF, rf.cache(), naivePool, true), () -> "naive op, " + c);
                ConvPoolCache forged = new ConvPoolCache(new org.convnet4j.layers.ConvCache(x.copy(), wf, bf, c.conv()),
                        c.pool(), null, rf.cache().pooled());
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> fast.backwardReluPool(doutF, forged, fastPool, true), () -> "another x, " + c);
            }
        });
        record(fast, c.dtype());
    }

    // ---------------------------------------------------------------- max pooling

    /**
     * One pool case; {@code ties} draws x from {0, 1, 2} so windows have several maxima; {@code special} X plants
     * NaN, +Inf and -Inf at every window position (see {@link #plantWindows}), DOUT plants them in dout.
     */
    public record PoolCase(DType dtype, int[] xShape, PoolParam param, boolean ties, long chunkElements, long seed,
                           Special special) {
        PoolCase(DType dtype, int[] xShape, PoolParam param, boolean ties, long chunkElements, long seed) {
            this(dtype, xShape, param, ties, chunkElements, seed, Special.NONE);
        }

        @Override
        public String toString() {
            return dtype + " x" + java.util.Arrays.toString(xShape) + " pool " + param.height() + "x" + param.width()
                    + " stride " + param.stride() + (ties ? " ties" : "")
                    + (chunkElements > 0 ? " chunk " + chunkElements : "")
                    + (special != Special.NONE ? " non-finite " + special : "");
        }
    }

    /**
     * Window wi (row-major) of plane pc gets NaN, +Inf or -Inf (by {@code (wi + pc) % 3}) at its window position
     * {@code (wi / 3 + pc) % (height * width)}, except every fourth window, which stays finite; over a plane's
     * windows each value lands on each position. Overlapping windows also see their neighbours' values.
     */
    static void plantWindows(Tensor x, PoolParam p) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int Hout = 1 + (H - p.height()) / p.stride(), Wout = 1 + (W - p.width()) / p.stride();
        int k = p.height() * p.width();
        for (int pc = 0; pc < N * C; pc++) {
            for (int wi = 0; wi < Hout * Wout; wi++) {
                if ((wi + pc) % 4 == 3) continue;
                int pos = (wi / 3 + pc) % k;
                int h = (wi / Wout) * p.stride() + pos / p.width(), v = (wi % Wout) * p.stride() + pos % p.width();
                x.setFlat((pc * H + h) * W + v, NON_FINITE[(wi + pc) % 3]);
            }
        }
    }

    public static Stream<PoolCase> poolCases() {
        List<PoolCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new PoolCase(t, new int[] {2, 3, 8, 8}, new PoolParam(2, 2, 2), false, 0, 1)); // tiled 2x2
            out.add(new PoolCase(t, new int[] {2, 3, 8, 6}, new PoolParam(2, 2, 2), true, 0, 2)); // tiled, ties
            out.add(new PoolCase(t, new int[] {1, 1, 9, 6}, new PoolParam(3, 3, 3), true, 0, 3)); // tiled 3x3
            out.add(new PoolCase(t, new int[] {3, 2, 9, 9}, new PoolParam(3, 3, 2), true, 0, 4)); // overlap
            out.add(new PoolCase(t, new int[] {2, 2, 7, 7}, new PoolParam(2, 2, 2), false, 0, 5)); // floor drops
            out.add(new PoolCase(t, new int[] {2, 1, 5, 7}, new PoolParam(2, 3, 1), true, 0, 6)); // non-square
            out.add(new PoolCase(t, new int[] {5, 2, 6, 6}, new PoolParam(2, 2, 2), true, 1, 7)); // chunk of 1
            out.add(new PoolCase(t, new int[] {5, 3, 7, 5}, new PoolParam(3, 2, 2), true, 200, 8)); // chunks, general
            // NaN, +Inf and -Inf at every window position: tiled 2x2, tiled 3x3, overlapping, floor drops, in dout
            out.add(new PoolCase(t, new int[] {2, 3, 8, 8}, new PoolParam(2, 2, 2), false, 0, 9, Special.X));
            out.add(new PoolCase(t, new int[] {2, 2, 8, 6}, new PoolParam(2, 2, 2), true, 0, 10, Special.ALL));
            out.add(new PoolCase(t, new int[] {1, 3, 9, 9}, new PoolParam(3, 3, 3), false, 0, 11, Special.X));
            out.add(new PoolCase(t, new int[] {3, 2, 9, 9}, new PoolParam(3, 3, 2), true, 0, 12, Special.X));
            out.add(new PoolCase(t, new int[] {2, 2, 7, 7}, new PoolParam(2, 2, 2), false, 40, 13, Special.ALL));
            out.add(new PoolCase(t, new int[] {2, 1, 5, 7}, new PoolParam(2, 3, 1), false, 0, 14, Special.DOUT));
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(4), C = 1 + r.nextInt(3), H = 1 + r.nextInt(9), W = 1 + r.nextInt(9);
                int PH = 1 + r.nextInt(Math.min(3, H)), PW = 1 + r.nextInt(Math.min(3, W)), stride = 1 + r.nextInt(3);
                out.add(new PoolCase(t, new int[] {N, C, H, W}, new PoolParam(PH, PW, stride), r.nextBoolean(),
                        r.nextInt(3) == 0 ? 1 + r.nextInt(300) : 0, 100 + k, k % 3 == 2 ? Special.ALL : Special.NONE));
            }
        }
        return out.stream();
    }

    public static void checkPool(PoolOp naive, PoolOp fast, PoolCase c) {
        NativeAssume.nativeAvailable();
        Rng rng = new Rng((int) c.seed());
        Tensor x = c.ties() ? ints(rng, c.dtype(), c.xShape()) : Tensor.randn(rng, c.dtype(), c.xShape());
        if (c.special().in(Special.X)) plantWindows(x, c.param());
        withKnob(c.chunkElements(), () -> Tuning.poolChunkElements, v -> Tuning.poolChunkElements = v, () -> {
            PoolResult rn = naive.forward(x.copy(), c.param());
            Tensor xf = x.copy();
            PoolResult rf = fast.forward(xf, c.param());
            assertSame("out", rf.out(), rn.out(), c); // a max is a copy of an input: exact
            Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
            if (c.special().in(Special.DOUT)) plant(dout, 1, 4);
            Tensor doutF = dout.copy();
            Tensor dxn = naive.backward(dout.copy(), rn.cache());
            Tensor dxf = fast.backward(doutF, rf.cache());
            assertClose("dx", dxf, dxn, c);
            assertUnchanged(c, "x", x, xf);
            assertUnchanged(c, "dout", dout, doutF);
            // the naive cache has no argmax: the fast backward must recompute it and agree
            assertClose("dx from a naive cache", fast.backward(doutF, rn.cache()), dxn, c);
            checkPoolAfterRelu(naive, fast, c, x, dout);
            PoolResult rf2 = fast.forward(xf, c.param());
            assertSame("second forward out", rf.out(), rf2.out(), c);
            assertEquals(rf.cache().strategy(), rf2.cache().strategy());
            assertSame("second backward dx", dxf, fast.backward(doutF, rf2.cache()), c);
        });
        record(fast, c.dtype());
    }

    /**
     * Relu-pool fused ({@link PoolOp#backwardRelu}) on a ReLU's output: the reference is the naive composition
     * {@code relu_backward(pool_backward(dout))} with the ReLU's own input (negatives, zeros that tie, NaN); the fast
     * fused pass must agree with it within the tolerance, and give the bits of its own backward followed by the
     * ReLU's, from its own cache and from a naive one.
     */
    private static void checkPoolAfterRelu(PoolOp naive, PoolOp fast, PoolCase c, Tensor pre, Tensor dout) {
        Tensor x = new Relu().forward(pre).out(), xf = x.copy(), doutF = dout.copy();
        PoolResult rn = naive.forward(x.copy(), c.param()), rf = fast.forward(xf, c.param());
        Tensor expected = new Relu().backward(naive.backward(dout.copy(), rn.cache()), new ReluCache(pre.copy()));
        assertSame("naive backwardRelu", expected, naive.backwardRelu(dout.copy(), rn.cache()), c);
        Tensor fused = fast.backwardRelu(doutF, rf.cache());
        assertClose("dx through relu", fused, expected, c);
        assertSame("backwardRelu vs backward then relu",
                new Relu().backward(fast.backward(doutF, rf.cache()), new ReluCache(xf)), fused, c);
        assertSame("backwardRelu from a naive cache", fused, fast.backwardRelu(doutF, rn.cache()), c);
        assertUnchanged(c, "relu x", x, xf);
        assertUnchanged(c, "dout", dout, doutF);
    }

    private static Tensor ints(Rng rng, DType t, int[] shape) {
        Tensor x = Tensor.zeros(t, shape);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, Math.floor(3 * (rng.gauss() * 0.3 + 0.5)));
        return x;
    }

    // ---------------------------------------------------------------- affine

    /** One affine case: x of any rank >= 2, w (D, M) with D the product of x's trailing axes. */
    public record AffineCase(DType dtype, int[] xShape, int M, long seed, Special special) {
        AffineCase(DType dtype, int[] xShape, int M, long seed) {
            this(dtype, xShape, M, seed, Special.NONE);
        }

        @Override
        public String toString() {
            return dtype + " x" + java.util.Arrays.toString(xShape) + " M " + M
                    + (special != Special.NONE ? " non-finite " + special : "");
        }
    }

    /** The affine grid: rank-2 and rank-4 x, N = 1, M = 1, a 1-element D, and random shapes, both dtypes. */
    public static Stream<AffineCase> affineCases() {
        List<AffineCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new AffineCase(t, new int[] {2, 4, 5, 6}, 3, 1)); // the notebook's affine_forward shapes
            out.add(new AffineCase(t, new int[] {1, 7}, 5, 2)); // N = 1, rank 2
            out.add(new AffineCase(t, new int[] {3, 1}, 1, 3)); // D = 1, M = 1
            out.add(new AffineCase(t, new int[] {1, 3, 8, 8}, 10, 4)); // N = 1, rank 4
            out.add(new AffineCase(t, new int[] {50, 32, 4, 4}, 100, 5)); // ThreeLayerConvNet-like hidden layer
            out.add(new AffineCase(t, new int[] {4, 2, 3}, 7, 6)); // rank 3
            out.add(new AffineCase(t, new int[] {5, 40}, 9, 7, Special.X)); // non-finite values
            out.add(new AffineCase(t, new int[] {6, 2, 4, 4}, 11, 8, Special.W));
            out.add(new AffineCase(t, new int[] {7, 30}, 13, 9, Special.DOUT));
            out.add(new AffineCase(t, new int[] {3, 50}, 100, 10, Special.ALL));
            for (int k = 0; k < 20; k++) {
                int N = 1 + r.nextInt(6), M = 1 + r.nextInt(12);
                int[] shape = r.nextBoolean()
                        ? new int[] {N, 1 + r.nextInt(40)}
                        : new int[] {N, 1 + r.nextInt(4), 1 + r.nextInt(6), 1 + r.nextInt(6)};
                out.add(new AffineCase(t, shape, M, 100 + k, k % 4 == 3 ? Special.ALL : Special.NONE));
            }
        }
        return out.stream();
    }

    /** Runs one affine case through both ops and checks (a)-(d). */
    public static void checkAffine(AffineOp naive, AffineOp fast, AffineCase c) {
        NativeAssume.nativeAvailable();
        Rng rng = new Rng((int) c.seed());
        int D = 1;
        for (int k = 1; k < c.xShape().length; k++) D *= c.xShape()[k];
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor w = Tensor.randn(rng, c.dtype(), D, c.M());
        Tensor b = Tensor.randn(rng, c.dtype(), c.M());
        // sparse, so that most outputs stay finite and the tolerance check keeps meaning something
        if (c.special().in(Special.X)) plant(x, 1, Math.max(1, x.size() / 3 + 1));
        if (c.special().in(Special.W)) plant(w, 2, Math.max(1, w.size() / 3 + 1));
        AffineResult rn = naive.forward(x.copy(), w.copy(), b.copy());
        Tensor xf = x.copy(), wf = w.copy(), bf = b.copy();
        AffineResult rf = fast.forward(xf, wf, bf);
        assertClose("out", rf.out(), rn.out(), c);
        Tensor dout = Tensor.randn(rng, c.dtype(), rn.out().shape());
        if (c.special().in(Special.DOUT)) plant(dout, 0, Math.max(1, dout.size() / 3 + 1));
        Tensor doutF = dout.copy();
        AffineGrads gn = naive.backward(dout.copy(), rn.cache());
        AffineGrads gf = fast.backward(doutF, rf.cache());
        assertClose("dx", gf.dx(), gn.dx(), c);
        assertClose("dw", gf.dw(), gn.dw(), c);
        assertClose("db", gf.db(), gn.db(), c);
        AffineGrads gfw = fast.backward(doutF, rf.cache(), false), gnw = naive.backward(dout.copy(), rn.cache(), false);
        assertTrue(gfw.dx() == null && gnw.dx() == null, () -> "dx asked not to be computed, " + c);
        assertSame("dw without dx", gf.dw(), gfw.dw(), c);
        assertSame("db without dx", gf.db(), gfw.db(), c);
        assertSame("naive dw without dx", gn.dw(), gnw.dw(), c);
        assertSame("naive db without dx", gn.db(), gnw.db(), c);
        assertUnchanged(c, "x", x, xf);
        assertUnchanged(c, "w", w, wf);
        assertUnchanged(c, "b", b, bf);
        assertUnchanged(c, "dout", dout, doutF);
        AffineResult rf2 = fast.forward(xf, wf, bf);
        AffineGrads gf2 = fast.backward(doutF, rf2.cache());
        assertSame("second forward out", rf.out(), rf2.out(), c);
        assertSame("second backward dx", gf.dx(), gf2.dx(), c);
        assertSame("second backward dw", gf.dw(), gf2.dw(), c);
        assertSame("second backward db", gf.db(), gf2.db(), c);
        record(fast, c.dtype());
    }

    // ---------------------------------------------------------------- relu

    /**
     * One ReLU case: x of any shape; {@code specials} plants 0, -0, NaN and infinities in x and dout;
     * {@code chunkElements} > 0 overrides {@link Tuning#eltwiseChunkElements}.
     */
    public record ReluCase(DType dtype, int[] xShape, boolean specials, long chunkElements, long seed) {
        @Override
        public String toString() {
            return dtype + " x" + java.util.Arrays.toString(xShape) + (specials ? " specials" : "")
                    + (chunkElements > 0 ? " chunk " + chunkElements : "");
        }
    }

    /** The ReLU grid: ranks 1 to 4, one element, special values, chunked calls, random shapes, both dtypes. */
    public static Stream<ReluCase> reluCases() {
        List<ReluCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (DType t : DType.values()) {
            out.add(new ReluCase(t, new int[] {2, 3, 8, 8}, false, 0, 1));
            out.add(new ReluCase(t, new int[] {1}, false, 0, 2)); // one element
            out.add(new ReluCase(t, new int[] {4, 10}, true, 0, 3)); // 0, -0, NaN, +-inf
            out.add(new ReluCase(t, new int[] {3, 5, 7}, true, 16, 4)); // chunks of 16, the last one short
            out.add(new ReluCase(t, new int[] {5, 4, 9, 9}, false, 1, 5)); // chunks of one element
            out.add(new ReluCase(t, new int[] {50, 32, 8, 8}, false, 0, 6)); // past autoReluMinElements
            for (int k = 0; k < 10; k++) {
                int[] shape = new int[1 + r.nextInt(4)];
                for (int i = 0; i < shape.length; i++) shape[i] = 1 + r.nextInt(9);
                out.add(new ReluCase(t, shape, r.nextBoolean(), r.nextInt(3) == 0 ? 1 + r.nextInt(50) : 0, 100 + k));
            }
        }
        return out.stream();
    }

    /** Runs one ReLU case through both ops: a ReLU only selects values, so everything must be bit-identical. */
    public static void checkRelu(ReluOp naive, ReluOp fast, ReluCase c) {
        NativeAssume.nativeAvailable();
        Rng rng = new Rng((int) c.seed());
        Tensor x = Tensor.randn(rng, c.dtype(), c.xShape());
        Tensor dout = Tensor.randn(rng, c.dtype(), c.xShape());
        if (c.specials()) {
            double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < x.size(); i += 2) {
                x.setFlat(i, special[(i / 2) % special.length]);
                dout.setFlat(x.size() - 1 - i, special[(i / 2 + 1) % special.length]);
            }
        }
        withKnob(c.chunkElements(), () -> Tuning.eltwiseChunkElements, v -> Tuning.eltwiseChunkElements = v, () -> {
            ReluResult rn = naive.forward(x.copy());
            Tensor xf = x.copy();
            ReluResult rf = fast.forward(xf);
            assertSame("out", rf.out(), rn.out(), c);
            Tensor doutF = dout.copy();
            Tensor dxn = naive.backward(dout.copy(), rn.cache());
            Tensor dxf = fast.backward(doutF, rf.cache());
            assertSame("dx", dxf, dxn, c);
            assertUnchanged(c, "x", x, xf);
            assertUnchanged(c, "dout", dout, doutF);
            assertSame("second forward out", rf.out(), fast.forward(xf).out(), c);
            assertSame("second backward dx", dxf, fast.backward(doutF, rf.cache()), c);
        });
        record(fast, c.dtype());
    }

    // ---------------------------------------------------------------- whole nets

    /** One whole-net case: a random architecture ({@link RandomNets}) in one dtype, N examples. */
    public record NetCase(DType dtype, RandomNets.Case net, int N) {
        @Override
        public String toString() {
            return dtype + " N=" + N + " " + net;
        }
    }

    /**
     * Random small nets (random depth, layer types and shapes, both losses), each in a random dtype, on 3
     * to 6 examples: batch norm of one or two examples is degenerate (its output does not depend on its
     * input, so every gradient before it is zero up to rounding, and rounding is all there is to compare).
     */
    public static Stream<NetCase> netCases() {
        List<NetCase> out = new ArrayList<>();
        Random r = new Random(231);
        for (RandomNets.Case c : RandomNets.cases(231, 24)) {
            out.add(new NetCase(r.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32, c, 3 + r.nextInt(4)));
        }
        return out.stream();
    }

    /**
     * The same net (same draws) on the naive ops and on {@code fast}: forward scores in test mode, the loss
     * and every gradient in train mode (dropout masks fixed, batch-norm shifts off zero), both dtypes; the
     * input and the parameters unchanged; a second pass of the fast net bit-identical.
     *
     * <p>Parameter gradients are judged on their layer's scale: {@code db_i} (and {@code dbeta_i}) is a sum
     * over the batch whose terms cancel, exactly so when a batch norm follows (it removes any shift, so the
     * true gradient is 0), and then both paths return rounding residue of different sizes. So an entry
     * passes if its rel_error is within the dtype's bound, or if {@code |a - b| <= bound * S} with S the
     * largest naive gradient entry of the layer's pair ({@code W_i, b_i} or {@code gamma_i, beta_i}): the
     * harness's scale-aware float32 criterion, taken over the layer rather than the one tensor.
     */
    public static void checkNet(Ops fast, NetCase c) {
        NativeAssume.nativeAvailable();
        Net naive = net(c, Ops.naive()), other = net(c, fast);
        int[] in = c.net().inputDim();
        Rng rng = new Rng((int) c.net().seed() + 7);
        Tensor x = Tensor.randn(rng, c.dtype(), c.N(), in[0], in[1], in[2]);
        int[] y = rng.randint(naive.numClasses(), c.N());
        Tensor xf = x.copy();
        Model.LossAndGrads ln = naive.loss(x.copy(), y), lf = other.loss(xf, y);
        assertLossClose(ln.loss(), lf.loss(), c);
        assertEquals(ln.grads().keySet(), lf.grads().keySet(), () -> "gradient names, " + c);
        for (String name : ln.grads().keySet()) {
            assertCloseOnScale("d" + name, lf.grads().get(name), ln.grads().get(name), layerScale(ln.grads(), name), c);
        }
        // the train pass updated both nets' running statistics alike; test mode uses them
        assertClose("scores", other.scores(xf), naive.scores(x.copy()), c);
        for (String name : naive.state().keySet()) {
            assertClose(name, other.state().get(name), naive.state().get(name), c);
        }
        assertUnchanged(c, "x", x, xf);
        for (String name : naive.params().keySet()) assertUnchanged(c, name, naive.params().get(name), other.params().get(name));
        Model.LossAndGrads again = other.loss(xf, y);
        assertEquals(lf.loss(), again.loss(), () -> "second loss, " + c);
        for (String name : lf.grads().keySet()) assertSame("second d" + name, lf.grads().get(name), again.grads().get(name), c);
        assertSame("second scores", other.scores(xf), other.scores(xf), c);
    }

    private static Net net(NetCase c, Ops ops) {
        Rng r = new Rng((int) c.net().seed());
        Net net = c.net().arch().build(Net.Config.defaults(c.net().inputDim()).withDtype(c.dtype())
                .withInit(Net.Init.HE).withReg(0.01), ops, r);
        org.convnet4j.check.NetGradCheck.jitterShifts(net, r);
        net.setDropoutSeed(c.net().seed());
        return net;
    }

    /** The largest |entry| of the gradients of name's pair: W_i and b_i, or gamma_i and beta_i. */
    private static double layerScale(Map<String, Tensor> grads, String name) {
        String i = name.replaceAll("^[a-zA-Z]+", "");
        String[] pair = name.startsWith("W") || name.startsWith("b") && !name.startsWith("beta")
                ? new String[] {"W" + i, "b" + i} : new String[] {"gamma" + i, "beta" + i};
        double s = 0;
        for (String p : pair) {
            Tensor t = grads.get(p);
            for (int k = 0; k < t.size(); k++) s = Math.max(s, Math.abs(t.getFlat(k)));
        }
        return s;
    }

    private static void assertCloseOnScale(String what, Tensor fast, Tensor naive, double scale, NetCase c) {
        assertArrayEquals(naive.shape(), fast.shape(), () -> what + " shape, " + c);
        assertEquals(naive.dtype(), fast.dtype(), () -> what + " dtype, " + c);
        double bound = naive.dtype() == DType.FLOAT64 ? F64_REL : F32_REL_TO_MAX;
        for (int k = 0; k < naive.size(); k++) {
            double a = fast.getFlat(k), b = naive.getFlat(k);
            double rel = Math.abs(a - b) / Math.max(1e-8, Math.abs(a) + Math.abs(b));
            boolean ok = naive.dtype() == DType.FLOAT64 ? rel <= bound || Math.abs(a - b) <= bound * scale
                    : Math.abs(a - b) <= bound * scale;
            if (!ok) {
                fail(what + "[" + k + "]: " + a + " vs naive " + b + ": rel_error " + rel + ", |a-b| / layer scale "
                        + Math.abs(a - b) / scale + " (scale " + scale + "), bound " + bound + ", " + c);
            }
        }
    }

    private static void assertLossClose(double naive, double fast, NetCase c) {
        double rel = Math.abs(naive - fast) / Math.max(1e-8, Math.abs(naive) + Math.abs(fast));
        double bound = c.dtype() == DType.FLOAT64 ? F64_REL : F32_REL_TO_MAX;
        if (!(rel <= bound)) fail("loss " + fast + " vs naive " + naive + ": relative error " + rel + " > " + bound + ", " + c);
    }

    // ---------------------------------------------------------------- comparisons

    /** CS231n's rel_error: max over elements of |a-b| / max(1e-8, |a|+|b|), over positions where both are finite. */
    public static double relError(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                m = Math.max(m, Math.abs(x - y) / Math.max(1e-8, Math.abs(x) + Math.abs(y)));
            }
        }
        return m;
    }

    /** max|a-b| / max|b| (0 when both are all zero), over positions where both are finite. */
    public static double errRelToMax(Tensor a, Tensor b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                diff = Math.max(diff, Math.abs(x - y));
                scale = Math.max(scale, Math.abs(y));
            }
        }
        return scale == 0 ? diff : diff / scale;
    }

    /** The first position where one of a, b is not finite and they are not the same NaN or infinity, or -1. */
    static int nonFiniteMismatch(Tensor a, Tensor b) {
        for (int i = 0; i < a.size(); i++) {
            double x = a.getFlat(i), y = b.getFlat(i);
            // Double.compare: NaN equals NaN, an infinity equals only itself
            if (!(Double.isFinite(x) && Double.isFinite(y)) && Double.compare(x, y) != 0) return i;
        }
        return -1;
    }

    private static boolean plantsNonFinite(Object c) {
        if (c instanceof ConvCase k) return k.special() != Special.NONE;
        if (c instanceof PoolCase k) return k.special() != Special.NONE;
        if (c instanceof AffineCase k) return k.special() != Special.NONE;
        if (c instanceof ConvPoolCase k) return k.special() != Special.NONE;
        return c instanceof ReluCase k && k.specials();
    }

    private static int firstNonFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.getFlat(i))) return i;
        }
        return -1;
    }

    static void assertClose(String what, Tensor fast, Tensor naive, Object c) {
        assertArrayEquals(naive.shape(), fast.shape(), () -> what + " shape, " + c);
        assertEquals(naive.dtype(), fast.dtype(), () -> what + " dtype, " + c);
        int bad = nonFiniteMismatch(fast, naive);
        if (bad >= 0) {
            fail(what + ": at flat index " + bad + " fast gives " + fast.getFlat(bad) + ", naive " + naive.getFlat(bad)
                    + ", " + c);
        }
        if (!plantsNonFinite(c)) {
            int nf = firstNonFinite(naive);
            if (nf >= 0) fail(what + ": non-finite " + naive.getFlat(nf) + " at " + nf + " from finite inputs, " + c);
        }
        double rel = relError(fast, naive), relMax = errRelToMax(fast, naive);
        String msg = what + ": rel_error " + rel + ", max|a-b|/max|b| " + relMax + ", " + c;
        if (naive.dtype() == DType.FLOAT64) {
            if (!(rel <= F64_REL)) fail(msg);
        } else if (!(relMax <= F32_REL_TO_MAX)) {
            fail(msg);
        }
    }

    static void assertSame(String what, Tensor a, Tensor b, Object c) {
        if (!a.contentEquals(b)) fail(what + " differs (expected bit-identical), rel_error " + relError(a, b) + ", " + c);
    }

    static void assertUnchanged(Object c, String name, Tensor original, Tensor passed) {
        if (!original.contentEquals(passed)) fail("the fast op mutated its input " + name + ", " + c);
    }
}
