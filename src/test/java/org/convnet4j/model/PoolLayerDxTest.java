package org.convnet4j.model;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.fast.Backend;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.convnet4j.testkit.LayerCase;
import org.convnet4j.testkit.ReferenceCheck;
import org.junit.jupiter.api.Test;

/**
 * A pool layer's public {@link NetLayer#backward} hands its caller a dx of its own, as every other layer does: a Net
 * may keep one dx per pool layer for its own backward pass (3d5e5e5), but a caller of the public layer API who keeps
 * the dx of one call must not find it overwritten by the next.
 */
class PoolLayerDxTest extends TestBase {

    private static List<Ops> opsToTry() {
        List<Ops> ops = new ArrayList<>();
        ops.add(Ops.naive());
        if (NativeStatus.isAvailable()) ops.add(Ops.of(Backend.NATIVE));
        return ops;
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aSecondBackwardLeavesTheFirstDxAlone() {
        for (Ops ops : opsToTry()) {
            Net net = Sequential.parse("pool(2)-affine(3)").build(Net.Config.defaults(2, 4, 4).withDtype(DType.FLOAT64),
                    ops, new Rng(1));
            NetLayer layer = net.layers().get(0);
            NetLayer.Forward f1 = layer.forward(Tensor.randn(rng, DType.FLOAT64, 2, 2, 4, 4), Mode.TRAIN);
            NetLayer.Forward f2 = layer.forward(Tensor.randn(rng, DType.FLOAT64, 2, 2, 4, 4), Mode.TRAIN);
            Tensor dout1 = Tensor.randn(rng, DType.FLOAT64, 2, 2, 2, 2), dout2 = Tensor.randn(rng, DType.FLOAT64, 2, 2, 2, 2);
            Tensor dx1 = layer.backward(dout1, f1.cache()).dx();
            Tensor expected = dx1.copy();
            Tensor dx2 = layer.backward(dout2, f2.cache()).dx();
            String name = ops.pool().getClass().getSimpleName();
            assertNotSame(dx1, dx2, name + ": two backward calls returned the same dx tensor");
            assertTrue(dx1.contentEquals(expected), name + ": the second backward overwrote the dx of the first");
        }
    }

    /** MaxPool2d whose backward is right once and off by 1 at [0] from its second call on. */
    private static final class RightOnlyOnce implements PoolOp {
        private final PoolOp inner = new MaxPool2d();
        private int calls;

        @Override
        public PoolResult forward(Tensor x, PoolParam param) {
            return inner.forward(x, param);
        }

        @Override
        public Tensor backward(Tensor dout, PoolCache cache) {
            Tensor dx = inner.backward(dout, cache);
            if (++calls > 1) dx.addFlat(0, 1);
            return dx;
        }
    }

    /**
     * The kit's layer check runs backward twice and requires the same bits: with both calls handing back the layer's
     * one kept dx, it compared that tensor with itself and could not fail.
     */
    @Test
    void theKitsLayerCheckCatchesAPoolLayerWhoseSecondBackwardDiffers() {
        Ops flaky = new Ops(new Conv2d(), new RightOnlyOnce(), new Affine());
        LayerCase c = new LayerCase("pool(2)-affine(3)", 0, new int[] {2, 4, 4}, 2, DType.FLOAT64, Mode.TRAIN, 1);
        AssertionError e = assertThrows(AssertionError.class, () -> ReferenceCheck.layer(Ops.naive(), flaky, c));
        assertTrue(e.getMessage().contains("dx"), e.getMessage());
    }
}
