package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.convnet4j.check.NetGradCheck;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.Cases;
import org.convnet4j.testkit.LayerCase;
import org.convnet4j.testkit.NetCase;
import org.convnet4j.testkit.RandomNets;
import org.convnet4j.testkit.TestKit;
import org.convnet4j.testkit.Tolerances;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Float64 numeric gradient checks: every layer type of a net alone (dx and each parameter, through the
 * {@link NetLayer} contract), and random small whole nets (every parameter of the loss).
 */
class NetGradCheckTest extends TestBase {

    /**
     * Every layer type of the net builder alone (conv, pool, affine, ReLU, bn and sbn in both modes, dropout at
     * a fixed mask in both modes): dx and each parameter, through the {@link NetLayer} contract, over the kit's
     * layer gradient grid.
     */
    @TestFactory
    Stream<DynamicTest> everyLayerType() {
        return TestKit.layers(Ops::naive).gradientTests();
    }

    /**
     * Every parameter of random small nets (with batch norm, spatial batch norm and dropout at a fixed
     * mask; both losses; reg 0 or 0.1) against centred differences of the whole loss (the kit's net gradient
     * grid, Richardson-extrapolated differences).
     */
    @TestFactory
    Stream<DynamicTest> randomWholeNets() {
        return TestKit.nets(Ops::naive).gradientTests();
    }

    /** The layer grid holds every layer type of the net builder, and bn, sbn and dropout in both modes. */
    @Test
    void layerGridCoversEveryLayerType() {
        Set<String> seen = new java.util.HashSet<>();
        for (LayerCase c : Cases.layersGradient()) {
            LayerSpec l = Sequential.parse(c.arch()).layers().get(c.index());
            seen.add(l.getClass().getSimpleName() + (l instanceof LayerSpec.BatchNorm || l instanceof LayerSpec.SpatialBatchNorm
                    || l instanceof LayerSpec.Dropout ? " " + c.mode() : ""));
        }
        assertEquals(Set.of("Conv", "Pool", "Affine", "Relu", "BatchNorm TRAIN", "BatchNorm TEST", "SpatialBatchNorm TRAIN",
                "SpatialBatchNorm TEST", "Dropout TRAIN", "Dropout TEST"), seen);
    }

    /** The random nets of the gradient grid really contain every layer type and both losses. */
    @Test
    void randomNetsCoverEveryLayerType() {
        Set<String> seen = new java.util.HashSet<>();
        EnumSet<Sequential.Loss> losses = EnumSet.noneOf(Sequential.Loss.class);
        for (NetCase n : Cases.netsGradient()) {
            RandomNets.Case c = n.net();
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
            boolean noise = Math.abs(row.analytic() - row.numeric()) <= Tolerances.GRAD_ABS_FLOOR;
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

    private Net net(String arch, int... inputDim) {
        return Sequential.parse(arch).build(Net.Config.defaults(inputDim).withDtype(DType.FLOAT64)
                .withInit(Net.Init.HE), Ops.naive(), rng);
    }

    private static int product(int[] s) {
        int p = 1;
        for (int d : s) p *= d;
        return p;
    }
}
