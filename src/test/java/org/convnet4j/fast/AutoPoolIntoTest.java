package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#AUTO}'s pool (the default backend of train, overfit and sweep, so of their nets' pool layers) writes
 * a native backward straight into the caller's dx, as {@link MaxPool2dFast} does: without its own override it took
 * {@link PoolOp}'s default, which allocates a new dx, scatters into it and copies it over, so a net keeping its pool
 * dx (3d5e5e5) did one pass more than before, not one less. Allocation is counted, not time.
 */
class AutoPoolIntoTest extends TestBase {

    private static long allocatedBytes(Supplier<Tensor> call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        call.get();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void nativeBackwardIntoADxAllocatesNoNewDx() {
        NativeAssume.nativeAvailable();
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean tm
                && tm.isThreadAllocatedMemorySupported() && tm.isThreadAllocatedMemoryEnabled());
        PoolOp auto = Backend.AUTO.pool();
        Tensor x = new Relu().forward(Tensor.randn(rng, DType.FLOAT32, 8, 16, 32, 32)).out(); // 512 KiB
        PoolResult r = auto.forward(x, PoolParam.twoByTwo());
        assertTrue(r.cache().strategy().equals("tiled"), "expected the native pool, got " + r.cache().strategy());
        Tensor dout = Tensor.randn(rng, DType.FLOAT32, r.out().shape());
        Tensor dx = x.zerosLike();
        long dxBytes = 4L * x.size();
        for (int i = 0; i < 3; i++) { // class loading and the JIT's first allocations out of the way
            auto.backward(dout, r.cache(), dx);
            auto.backwardRelu(dout, r.cache(), dx);
        }
        long into = allocatedBytes(() -> auto.backward(dout, r.cache(), dx));
        long intoRelu = allocatedBytes(() -> auto.backwardRelu(dout, r.cache(), dx));
        assertTrue(into < dxBytes / 4, "backward into a dx allocated " + into + " bytes (a dx is " + dxBytes + ")");
        assertTrue(intoRelu < dxBytes / 4, "backwardRelu into a dx allocated " + intoRelu + " bytes (a dx is " + dxBytes + ")");
        assertSame(dx, auto.backward(dout, r.cache(), dx));
        assertTrue(dx.contentEquals(auto.backward(dout, r.cache())));
        assertSame(dx, auto.backwardRelu(dout, r.cache(), dx));
        assertTrue(dx.contentEquals(auto.backwardRelu(dout, r.cache())));
    }
}
