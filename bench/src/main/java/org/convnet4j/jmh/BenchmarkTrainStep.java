package org.convnet4j.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.convnet4j.bench.TrainCase;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.NativeConfig;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.model.Model;
import org.convnet4j.model.Ops;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.solver.UpdateRule;
import org.convnet4j.solver.UpdateRules;
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
 * T1 and T2 of BENCH.md: one ThreeLayerConvNet training step (batch 50, 3x32x32, 32 7x7 filters, hidden 100 or
 * 500, Adam 1e-3, reg 0) on the native layers, as {@code Solver} runs it: {@code lossForUpdate}, then the update
 * of every parameter. The naive step takes seconds, so only the native one is timed here ({@code ./convnet4j
 * bench} times T1's naive step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Fixed, pre-touched heap with big G1 regions: the outputs otherwise land on fresh pages each call
// (see org.convnet4j.fast.Tuning).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch", "-XX:G1HeapRegionSize=32m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkTrainStep {
    @Param({"T1", "T2"})
    public String trainCase;

    @Param({"float32", "float64"})
    public String dtype;

    @Param({"1", "2"})
    public int blasThreads;

    private ThreeLayerConvNet model;
    private final UpdateRule adam = new UpdateRules.Adam(1e-3, 0.9, 0.999, 1e-8);
    private final Map<String, UpdateRule.State> states = new LinkedHashMap<>();
    private Tensor x;
    private int[] y;

    @Setup
    public void setUp() {
        if (!NativeStatus.isAvailable()) throw new IllegalStateException(NativeStatus.describe());
        NativeConfig.setBlasThreads(blasThreads);
        DType dt = DType.parse(dtype);
        TrainCase t = TrainCase.parse(trainCase);
        Rng rng = new Rng(231);
        x = Tensor.randn(rng, dt, 50, 3, 32, 32);
        y = rng.randint(10, 50);
        model = new ThreeLayerConvNet(ThreeLayerConvNet.Config.defaults().withDtype(dt).withHiddenDim(t.hidden()),
                Ops.of(Backend.NATIVE), new Rng(231));
        model.params().forEach((k, v) -> states.put(k, adam.init(v)));
    }

    @Benchmark
    public double step() {
        Model.StepGrads g = model.lossForUpdate(x, y);
        model.params().forEach((k, v) -> adam.update(v, g.grads().get(k), g.decayOf(k), states.get(k)));
        return g.loss();
    }
}
