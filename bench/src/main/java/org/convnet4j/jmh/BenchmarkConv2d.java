package org.convnet4j.jmh;

import java.util.concurrent.TimeUnit;

import org.convnet4j.bench.BenchCase;
import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
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
 * Convolution forward and backward on the BENCH.md conv cases: S1 (the notebook's table), S3
 * (ThreeLayerConvNet on CIFAR-10), S4 (mid-network). GFLOPS = {@link BenchCase#forwardFlops()} (twice
 * that for backward) over the reported time. Inputs are seeded like the notebook ({@code Rng(231)},
 * then x, w, b, dout). {@code impl=naive} times the reference loops instead (slow on S4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Fixed, pre-touched heap with big G1 regions: layer outputs otherwise land on fresh pages each call,
// which measured slower than the kernels themselves (see org.convnet4j.fast.Tuning).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:G1HeapRegionSize=32m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkConv2d {
    @Param({"S1", "S3", "S4"})
    public String shape;

    @Param({"1", "2"})
    public int blasThreads;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"fast"})
    public String impl;

    private ConvOp op;
    private Tensor x, w, b, dout;
    private ConvParam param;
    private ConvCache cache;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        if (!c.isConv()) throw new IllegalArgumentException("BenchmarkConv2d: " + shape + " is not a conv case");
        if (!NativeStatus.isAvailable()) throw new IllegalStateException(NativeStatus.describe());
        NativeConfig.setBlasThreads(blasThreads);
        DType dt = DType.parse(dtype);
        Rng rng = new Rng(231);
        x = Tensor.randn(rng, dt, c.xShape());
        w = Tensor.randn(rng, dt, c.wShape());
        b = Tensor.randn(rng, dt, c.bShape());
        dout = Tensor.randn(rng, dt, c.outShape());
        param = c.convParam();
        op = switch (impl) {
            case "fast" -> new Conv2dFast();
            case "naive" -> new Conv2d();
            default -> throw new IllegalArgumentException("BenchmarkConv2d: impl must be fast or naive, got " + impl);
        };
        cache = op.forward(x, w, b, param).cache();
    }

    @Benchmark
    public Tensor forward() {
        return op.forward(x, w, b, param).out();
    }

    @Benchmark
    public ConvGrads backward() {
        return op.backward(dout, cache);
    }
}
