package org.convnet4j.jmh;

import java.util.concurrent.TimeUnit;

import org.convnet4j.fast.NativeStatus;
import org.convnet4j.fast.ReluFast;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
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
 * ReLU forward and backward on ThreeLayerConvNet's conv output, (50, 32, 32, 32): random activations, so
 * about half the elements are negative (the case where the naive backward's branch mispredicts).
 * {@code impl=naive} times the reference loops. No BLAS involved, so no thread parameter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Fixed, pre-touched heap with big G1 regions: the outputs otherwise land on fresh pages each call
// (see org.convnet4j.fast.Tuning).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:G1HeapRegionSize=32m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BenchmarkRelu {
    @Param({"float32", "float64"})
    public String dtype;

    @Param({"fast", "naive"})
    public String impl;

    private ReluOp op;
    private Tensor x, dout;
    private ReluCache cache;

    @Setup
    public void setUp() {
        if (!NativeStatus.isAvailable()) throw new IllegalStateException(NativeStatus.describe());
        DType dt = DType.parse(dtype);
        Rng rng = new Rng(231);
        x = Tensor.randn(rng, dt, 50, 32, 32, 32);
        dout = Tensor.randn(rng, dt, 50, 32, 32, 32);
        op = switch (impl) {
            case "fast" -> new ReluFast();
            case "naive" -> new Relu();
            default -> throw new IllegalArgumentException("BenchmarkRelu: impl must be fast or naive, got " + impl);
        };
        cache = op.forward(x).cache();
    }

    @Benchmark
    public Tensor forward() {
        return op.forward(x).out();
    }

    @Benchmark
    public Tensor backward() {
        return op.backward(dout, cache);
    }
}
