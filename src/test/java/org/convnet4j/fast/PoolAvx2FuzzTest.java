package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.convnet4j.fast.PoolOracle.Run;
import org.convnet4j.fast.PoolOracle.Values;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.PoolShape;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * The native max-pool forward, AVX2 kernels ({@code pool_avx2.h}, stride 2) and scalar ones, against a plain scan
 * ({@link PoolOracle}: first NaN, else first maximum; the winner's exact bits) and against the naive
 * {@link MaxPool2d} (output values and, through backward with distinct dout values, the winners): random shapes
 * with rows of 1 to 100 windows, windows 1x1 to 7x7 (wider than, equal to and narrower than the stride), strides 1
 * to 4; NaN at every place of a window row; rows of exactly 3 to 9 and 15 to 17 windows (the vector widths and the
 * overlapping last group); batch splits and chunks; threads at once while another thread flips
 * {@link Tuning#poolAvx2}.
 */
class PoolAvx2FuzzTest extends TestBase {

    /** A random case: shape, window, stride, values. */
    record Case(DType t, int N, int C, int H, int W, PoolParam p, Values v) {
        Tensor input(Random r) {
            return PoolOracle.input(r, t, v, N, C, H, W);
        }

        @Override
        public String toString() {
            return t + " x (" + N + ", " + C + ", " + H + ", " + W + ") " + p + " " + v;
        }
    }

    /** Draws a case: mostly stride 2, often a last window that ends at the last column and row. */
    static Case randomCase(Random r, int k) {
        DType t = k % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int stride = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 2;
        int PH = 1 + r.nextInt(7), PW = 1 + r.nextInt(7);
        int Wout = 1 + r.nextInt(r.nextBoolean() ? 20 : 100), Hout = 1 + r.nextInt(8);
        int W = Math.min(200, stride * (Wout - 1) + PW + (r.nextInt(3) == 0 ? r.nextInt(stride + 1) : 0));
        int H = Math.min(20, stride * (Hout - 1) + PH + (r.nextInt(3) == 0 ? r.nextInt(stride + 1) : 0));
        Values v = Values.values()[r.nextInt(Values.values().length)];
        return new Case(t, 1 + r.nextInt(2), 1 + r.nextInt(3), H, W, new PoolParam(PH, PW, stride), v);
    }

    /** Both kernels against the oracle; returns whether the AVX2 kernels could take the case. */
    static boolean check(Case c, Tensor x) {
        PoolShape s = PoolShape.of("test", x, c.p());
        for (boolean avx2 : new boolean[] {true, false}) {
            Tensor before = x.copy();
            Run run = PoolOracle.nativeForward(x, c.p(), avx2);
            assertNull(PoolOracle.mismatch(x, s, run), () -> c + (avx2 ? " AVX2" : " scalar"));
            assertArrayEquals(PoolOracle.bits(before), PoolOracle.bits(x), () -> c + ": x changed");
        }
        return s.stride() == 2 && s.Wout() >= (c.t() == DType.FLOAT32 ? 8 : 4);
    }

    @Test
    void randomShapesMatchThePlainScan() {
        NativeAssume.nativeAvailable();
        Random r = new Random(231);
        int vectorised = 0, cases = 1500;
        for (int k = 0; k < cases; k++) {
            Case c = randomCase(r, k);
            if (check(c, c.input(r))) vectorised++;
        }
        assertTrue(vectorised > cases / 3, "only " + vectorised + " of " + cases + " cases had rows the AVX2 kernels take");
    }

    /** The oracle is the naive layer's rule: same values (bits for float64), same winners (through backward). */
    @Test
    void theNaiveLayerAgreesWithThePlainScanAndTheNativeForward() {
        NativeAssume.nativeAvailable();
        Random r = new Random(232);
        MaxPool2d naive = new MaxPool2d();
        MaxPool2dFast fast = new MaxPool2dFast();
        for (int k = 0; k < 150; k++) {
            Case c = randomCase(r, k);
            Tensor x = c.input(r);
            PoolResult want = naive.forward(x, c.p()), got = fast.forward(x, c.p());
            Tensor wo = want.out(), go = got.out();
            for (int i = 0; i < wo.size(); i++) {
                double a = wo.getFlat(i), b = go.getFlat(i);
                final int at = i;
                // float32 goes through double in the naive layer, which quiets a signalling NaN: compare NaN-ness there
                if (c.t() == DType.FLOAT64) {
                    assertEquals(PoolOracle.bits(wo)[i], PoolOracle.bits(go)[i], () -> c + " output " + at);
                } else {
                    assertTrue(Double.isNaN(a) ? Double.isNaN(b) : Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b),
                            () -> c + " output " + at + ": " + a + " vs " + b);
                }
            }
            // distinct small integers: every sum is exact in both dtypes, and each dx entry names its windows
            Tensor dout = Tensor.zeros(c.t(), wo.shape());
            for (int i = 0; i < dout.size(); i++) dout.setFlat(i, 1 + i);
            assertArrayEquals(naive.backward(dout, want.cache()).toDoubleArray(), fast.backward(dout, got.cache()).toDoubleArray(),
                    () -> c + ": dx (winners) differ");
        }
    }

    /**
     * One NaN (with its own payload) at every place of one window row, in an input full of ties, and a second NaN
     * later in the row-major order of the same windows: the first one wins in every window that holds it, with its
     * bits. Rows of windows of the vector width and around it.
     */
    @Test
    void aNanAtEveryPlaceOfAWindowRow() {
        NativeAssume.nativeAvailable();
        Random r = new Random(233);
        int checked = 0;
        for (DType t : DType.values()) {
            for (int Wout : new int[] {3, 4, 5, 8, 9, 12, 17}) {
                for (int[] win : new int[][] {{2, 2}, {3, 3}, {1, 1}, {1, 3}, {3, 1}, {2, 5}, {7, 7}, {4, 1}}) {
                    int PH = win[0], PW = win[1];
                    int H = PH + 2, W = 2 * (Wout - 1) + PW;
                    for (int row = 0; row < PH; row++) {
                        for (int col = 0; col < W; col++) {
                            Tensor x = PoolOracle.input(r, t, Values.TIES, 1, 1, H, W);
                            int at = row * W + col;
                            setBits(x, at, PoolOracle.special(r, t, 2));
                            // a second NaN after the first in row-major order, for windows that hold both
                            int later = Math.min(H * W - 1, at + 1 + r.nextInt(W + 1));
                            if (later != at) setBits(x, later, PoolOracle.special(r, t, 1));
                            check(new Case(t, 1, 1, H, W, new PoolParam(PH, PW, 2), Values.TIES), x);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    /** Every window NaN, each with its own bits: the window's first element wins. */
    @Test
    void allNanWindowsGiveTheirFirstNan() {
        NativeAssume.nativeAvailable();
        Random r = new Random(234);
        for (DType t : DType.values()) {
            for (int Wout = 1; Wout <= 20; Wout++) {
                for (int PW = 1; PW <= 4; PW++) {
                    int W = 2 * (Wout - 1) + PW;
                    check(new Case(t, 1, 2, 3, W, new PoolParam(3, PW, 2), Values.ALL_NANS),
                            PoolOracle.input(r, t, Values.ALL_NANS, 1, 2, 3, W));
                }
            }
        }
    }

    /** Rows of exactly 3 to 9 and 15 to 17 windows, tight (the last window ends at x's end) and with spare columns. */
    @Test
    void rowsAroundTheVectorWidths() {
        NativeAssume.nativeAvailable();
        Random r = new Random(235);
        for (DType t : DType.values()) {
            for (int Wout : new int[] {3, 4, 5, 6, 7, 8, 9, 15, 16, 17}) {
                for (int PH = 1; PH <= 4; PH++) {
                    for (int PW = 1; PW <= 5; PW++) {
                        for (int spare = 0; spare <= 1; spare++) {
                            for (Values v : Values.values()) {
                                int W = 2 * (Wout - 1) + PW + spare, H = 2 * 2 + PH + spare;
                                Case c = new Case(t, 2, 1, H, W, new PoolParam(PH, PW, 2), v);
                                check(c, c.input(r));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Split over two threads and into one-image chunks: the same bits as one call over the whole batch. */
    @Test
    void batchSplitsAndChunksChangeNothing() {
        NativeAssume.nativeAvailable();
        assumeTrue(NativeConfig.maxThreads() >= 2, "needs 2 cores");
        Random r = new Random(236);
        List<Case> cases = new ArrayList<>();
        List<Tensor> xs = new ArrayList<>();
        List<Run> alone = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            Case c = randomCase(r, k);
            c = new Case(c.t(), 2 + r.nextInt(6), c.C(), c.H(), c.W(), c.p(), c.v());
            Tensor x = c.input(r);
            cases.add(c);
            xs.add(x);
            alone.add(PoolOracle.nativeForward(x, c.p(), true));
        }
        int threads = NativeConfig.getBlasThreads();
        long minElements = Tuning.poolParallelMinElements, chunk = Tuning.poolChunkElements;
        try {
            NativeConfig.setBlasThreads(2);
            Tuning.poolParallelMinElements = 1;
            for (long chunkElements : new long[] {1, 1000, 1L << 20}) {
                Tuning.poolChunkElements = chunkElements;
                for (int k = 0; k < cases.size(); k++) {
                    Run run = PoolOracle.nativeForward(xs.get(k), cases.get(k).p(), true);
                    String where = cases.get(k) + " chunk " + chunkElements;
                    assertArrayEquals(alone.get(k).argmax(), run.argmax(), where);
                    assertArrayEquals(PoolOracle.bits(alone.get(k).out()), PoolOracle.bits(run.out()), where);
                    assertNull(PoolOracle.mismatch(xs.get(k), PoolShape.of("test", xs.get(k), cases.get(k).p()), run), where);
                }
            }
        } finally {
            NativeConfig.setBlasThreads(threads);
            Tuning.poolParallelMinElements = minElements;
            Tuning.poolChunkElements = chunk;
        }
    }

    /**
     * Four threads pool different shapes and dtypes at once while a fifth flips {@link Tuning#poolAvx2}: every result
     * is a lone run's, bit for bit.
     */
    @Test
    void concurrentCallsAndAFlippedSwitchChangeNothing() throws Exception {
        NativeAssume.nativeAvailable();
        Random r = new Random(237);
        List<Case> cases = new ArrayList<>();
        List<Tensor> xs = new ArrayList<>();
        List<Run> alone = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            Case c = randomCase(r, k);
            Tensor x = c.input(r);
            cases.add(c);
            xs.add(x);
            alone.add(PoolOracle.nativeForward(x, c.p(), true));
        }
        boolean saved = Tuning.poolAvx2;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<?> flipper = pool.submit(() -> {
                while (!stop.get()) {
                    Tuning.poolAvx2 = !Tuning.poolAvx2;
                    Thread.yield();
                }
            });
            List<Future<String>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                final int first = w;
                workers.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int k = first; k < cases.size(); k += 2) {
                            PoolShape s = PoolShape.of("test", xs.get(k), cases.get(k).p());
                            Run run = PoolOracle.nativeForward(xs.get(k), s);
                            if (!Arrays.equals(alone.get(k).argmax(), run.argmax())
                                    || !Arrays.equals(PoolOracle.bits(alone.get(k).out()), PoolOracle.bits(run.out()))) {
                                return cases.get(k) + " round " + round;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> f : workers) assertNull(f.get());
            stop.set(true);
            flipper.get();
        } finally {
            stop.set(true);
            pool.shutdownNow();
            Tuning.poolAvx2 = saved;
        }
    }

    private static void setBits(Tensor x, int at, long bits) {
        if (x.dtype() == DType.FLOAT32) x.data32()[at] = Float.intBitsToFloat((int) bits);
        else x.data64()[at] = Double.longBitsToDouble(bits);
    }
}
