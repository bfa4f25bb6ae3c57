package org.convnet4j.jmh;

import java.util.concurrent.TimeUnit;

import org.convnet4j.bench.BenchCase;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Max pool forward and backward on the BENCH.md pool cases: S2 (the notebook's 2x2 stride-2 table) and
 * S5 (3x3 stride 2: overlapping windows that do not tile the input). Inputs are seeded like the
 * notebook ({@code Rng(231)}, then x, dout). {@code impl=naive} times the reference loops instead.
 * The BLAS thread count is a parameter for uniformity with {@link BenchmarkConv2d}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Fixed, pre-touched heap with big G1 regions: layer outputs otherwise land on fresh pages each call,
// which measured slower than the kernels themselves (see org.convnet4j.fast.Tuning).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:G1HeapRegionSize=32m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkMaxPool2d {
    @Param({"S2", "S5"})
    public String shape;

    @Param({"1", "2"})
    public int blasThreads;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"fast"})
    public String impl;

    private PoolOp op;
    private Tensor x, dout;
    private PoolParam param;
    private PoolCache cache;
    private Tensor dx;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        if (c.isConv()) throw new IllegalArgumentException("BenchmarkMaxPool2d: " + shape + " is not a pool case");
        if (!NativeStatus.isAvailable()) throw new IllegalStateException(NativeStatus.describe());
        NativeConfig.setBlasThreads(blasThreads);
        DType dt = DType.parse(dtype);
        Rng rng = new Rng(231);
        x = Tensor.randn(rng, dt, c.xShape());
        dout = Tensor.randn(rng, dt, c.outShape());
        param = c.poolParam();
        op = switch (impl) {
            case "fast" -> new MaxPool2dFast();
            case "naive" -> new MaxPool2d();
            default -> throw new IllegalArgumentException("BenchmarkMaxPool2d: impl must be fast or naive, got " + impl);
        };
        cache = op.forward(x, param).cache();
        dx = x.zerosLike();
    }

    @Benchmark
    public Tensor forward() {
        return op.forward(x, param).out();
    }

    /** Backward returning a new dx (the JVM allocates and zeroes it each call). */
    @Benchmark
    public Tensor backward() {
        return op.backward(dout, cache);
    }

    /** Backward into one dx kept across calls, as a net's pool layer does. */
    @Benchmark
    public Tensor backwardInto() {
        return op.backward(dout, cache, dx);
    }
}
