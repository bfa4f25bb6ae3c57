package org.convnet4j.model;

import static org.convnet4j.testing.GradChecks.assertGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.convnet4j.check.GradCheck;
import org.convnet4j.check.NetGradCheck;
import org.convnet4j.layers.Mode;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.Compare;
import org.convnet4j.testing.GradChecks;
import org.convnet4j.testing.Inputs;
import org.convnet4j.testing.RandomNets;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 numeric gradient checks: every layer type of a net alone (dx and each parameter, through the
 * {@link NetLayer} contract), and random small whole nets (every parameter of the loss).
 */
class NetGradCheckTest extends TestBase {

    private Net net(String arch, int... inputDim) {
        return Sequential.parse(arch).build(Net.Config.defaults(inputDim).withDtype(DType.FLOAT64)
                .withInit(Net.Init.HE), Ops.naive(), rng);
    }

    /** Checks dx and every parameter of {@code layer} (taken from {@code net}) at x in {@code mode}. */
    private void checkLayer(Net net, NetLayer<?> layer, Tensor x, Mode mode) {
        NetLayer.Forward<?> f = layer.forward(x, mode);
        Tensor dout = Tensor.randn(rng, DType.FLOAT64, f.out().shape());
        NetLayer.Backward b = backward(layer, dout, f);
        String what = layer.spec().text() + " " + mode;
        assertGradient(what + " dx", t -> layer.forward(t, mode).out(), x, dout, b.dx());
        assertEquals(layer.paramNames(), List.copyOf(b.grads().keySet()), what + ": one gradient per parameter");
        for (String name : layer.paramNames()) {
            assertGradient(what + " d" + name, t -> layer.forward(x, mode).out(), net.params().get(name), dout,
                    b.grads().get(name));
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> NetLayer.Backward backward(NetLayer<C> layer, Tensor dout, NetLayer.Forward<?> f) {
        return layer.backward(dout, (C) f.cache());
    }

    private static void randomise(Tensor t, Rng r, double offset) {
        for (int i = 0; i < t.size(); i++) t.setFlat(i, offset + r.gauss());
    }

    @Test
    void conv() {
        Net n = net("conv(3,3,stride=2,pad=1)-affine(2)", 2, 5, 5);
        checkLayer(n, n.layers().get(0), Tensor.randn(rng, DType.FLOAT64, 3, 2, 5, 5), Mode.TRAIN);
    }

    @Test
    void maxPool() {
        Net n = net("pool(2,stride=1)-affine(2)", 2, 4, 5);
        checkLayer(n, n.layers().get(0), Inputs.distinct(rng, 1e-2, 3, 2, 4, 5), Mode.TRAIN);
    }

    @Test
    void affineOnAnImage() {
        Net n = net("affine(4)", 2, 3, 2);
        checkLayer(n, n.layers().get(0), Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 2), Mode.TRAIN);
    }

    @Test
    void relu() {
        Net n = net("relu-affine(2)", 6);
        checkLayer(n, n.layers().get(0), Inputs.awayFromZero(rng, 1e-2, 4, 6), Mode.TRAIN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void batchNorm(Mode mode) {
        Net n = net("affine(5)-bn-affine(2)", 3);
        randomise(n.params().get("gamma1"), rng, 1);
        randomise(n.params().get("beta1"), rng, 0);
        randomise(n.state().get("running_mean1"), rng, 0);
        for (int i = 0; i < 5; i++) n.state().get("running_var1").setFlat(i, 0.5 + rng.random());
        checkLayer(n, n.layers().get(1), Tensor.randn(rng, DType.FLOAT64, 4, 5), mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void spatialBatchNorm(Mode mode) {
        Net n = net("conv(3,1)-sbn-affine(2)", 2, 3, 4);
        randomise(n.params().get("gamma1"), rng, 1);
        randomise(n.params().get("beta1"), rng, 0);
        randomise(n.state().get("running_mean1"), rng, 0);
        for (int i = 0; i < 3; i++) n.state().get("running_var1").setFlat(i, 0.5 + rng.random());
        checkLayer(n, n.layers().get(1), Tensor.randn(rng, DType.FLOAT64, 2, 3, 3, 4), mode);
    }

    /** A fixed dropout seed gives the layer the same mask on every call, so its gradient can be checked. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void dropoutAtAFixedMask(Mode mode) {
        Net n = net("dropout(0.6)-affine(2)", 8);
        n.setDropoutSeed(5L);
        checkLayer(n, n.layers().get(0), Tensor.randn(rng, DType.FLOAT64, 4, 8), mode);
    }

    static Stream<RandomNets.Case> wholeNets() {
        return RandomNets.cases(8, 24).stream();
    }

    /**
     * Every parameter of random small nets (with batch norm, spatial batch norm and dropout at a fixed
     * mask; both losses; reg 0 or 0.1) against centred differences of the whole loss.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wholeNets")
    void randomWholeNet(RandomNets.Case c) {
        Rng r = new Rng(c.seed());
        Net net = c.arch().build(Net.Config.defaults(c.inputDim()).withDtype(DType.FLOAT64).withInit(Net.Init.HE)
                .withReg(c.seed() % 2 == 0 ? 0.1 : 0.0), Ops.naive(), r);
        net.setDropoutSeed(c.seed());
        NetGradCheck.jitterShifts(net, r);
        int[] xShape = {4, c.inputDim()[0], c.inputDim()[1], c.inputDim()[2]};
        Tensor x = Tensor.randn(r, DType.FLOAT64, xShape);
        int[] y = r.randint(net.numClasses(), 4);
        Map<String, Tensor> grads = net.loss(x, y).grads();
        assertEquals(net.params().keySet(), grads.keySet());
        for (Map.Entry<String, Tensor> e : net.params().entrySet()) {
            Tensor num = GradChecks.extrapolatedGradient(t -> net.loss(x, y).loss(), e.getValue(), GradCheck.DEFAULT_H);
            Compare.assertGradClose(c + ": " + e.getKey(), grads.get(e.getKey()), num, GradChecks.MAX_REL,
                    GradChecks.ABS_FLOOR);
        }
    }

    /** The random nets above really contain every layer type and both losses. */
    @Test
    void randomNetsCoverEveryLayerType() {
        Set<String> seen = new java.util.HashSet<>();
        EnumSet<Sequential.Loss> losses = EnumSet.noneOf(Sequential.Loss.class);
        for (RandomNets.Case c : RandomNets.cases(8, 24)) {
            for (LayerSpec l : c.arch().layers()) seen.add(l.getClass().getSimpleName());
            losses.add(c.arch().loss());
        }
        assertEquals(Set.of("Conv", "Pool", "Affine", "Relu", "BatchNorm", "SpatialBatchNorm", "Dropout"), seen);
        assertEquals(EnumSet.allOf(Sequential.Loss.class), losses);
    }

    /** The library check the CLI's gradcheck --arch prints: every parameter, small errors, the net left as it was. */
    @Test
    void netGradCheckReportsEveryParameterAndLeavesTheNetAsItWas() {
        NetGradCheck.Result res = NetGradCheck.ofArchitecture("conv(3,3)-sbn-relu-pool(2)-affine(6)-bn-relu-dropout(0.7)-affine(4)-svm",
                new int[] {2, 6, 6}, 3, 231, Ops.naive());
        assertEquals(List.of("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"),
                res.rows().stream().map(NetGradCheck.Row::name).toList());
        for (NetGradCheck.Row row : res.rows()) assertEquals(product(row.shape()), row.checked(), row.name());
        // b1 and b2 feed batch norms, which remove any per-channel shift: their true gradient is 0 and their
        // rel_error that of rounding noise against 0 (likewise an SVM class no margin touches), so a worst
        // entry may instead be zero up to that noise
        for (NetGradCheck.Row row : res.rows()) {
            boolean noise = Math.abs(row.analytic() - row.numeric()) <= GradChecks.ABS_FLOOR;
            assertTrue(row.relError() < 1e-6 || noise,
                    row.name() + " rel_error " + row.relError() + ": " + row.analytic() + " vs " + row.numeric());
        }

        Net n = net("affine(5)-bn-relu-dropout(0.5)-affine(3)", 4);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 6, 4);
        int[] y = rng.randint(3, 6);
        n.loss(x, y); // running statistics no longer zero
        Map<String, Tensor> before = Map.of("m", n.state().get("running_mean1").copy(), "v", n.state().get("running_var1").copy());
        NetGradCheck.Result r = NetGradCheck.check(n, x, y, 1e-5, 3, new Rng(1));
        assertEquals(3, r.rows().get(0).checked(), "W1 (20 entries) sampled 3 times");
        assertTrue(n.state().get("running_mean1").contentEquals(before.get("m")), "running mean restored");
        assertTrue(n.state().get("running_var1").contentEquals(before.get("v")), "running var restored");
        assertNull(n.dropoutSeed(), "dropout seed back to none");
    }

    private static int product(int[] s) {
        int p = 1;
        for (int d : s) p *= d;
        return p;
    }
}
