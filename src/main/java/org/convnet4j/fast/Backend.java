package org.convnet4j.fast;

import java.util.concurrent.atomic.AtomicBoolean;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which implementation runs a layer. {@link #NAIVE}: the pure-Java reference. {@link #NATIVE}: the
 * JavaCPP/OpenBLAS kernels; throws {@link IllegalStateException} (with {@link NativeStatus#describe()})
 * if they did not load. {@link #AUTO}: native when loaded and the problem reaches the thresholds in
 * {@link Tuning}, else naive; a failed load is logged once at WARN. The returned ops are stateless and
 * thread-safe.
 */
public enum Backend {
    NAIVE, NATIVE, AUTO;

    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** A convolution for this backend. */
    public ConvOp conv() {
        return conv(NativeStatus.isAvailable());
    }

    /** A max pool for this backend. */
    public PoolOp pool() {
        return pool(NativeStatus.isAvailable());
    }

    /** A fully connected layer for this backend. */
    public AffineOp affine() {
        return affine(NativeStatus.isAvailable());
    }

    /** A ReLU for this backend. */
    public ReluOp relu() {
        return relu(NativeStatus.isAvailable());
    }

    ReluOp relu(boolean available) {
        switch (this) {
            case NAIVE: return new Relu();
            case NATIVE: requireNative(available); return new ReluFast();
            default: return useNative(available) ? new AutoRelu() : new Relu();
        }
    }

    AffineOp affine(boolean available) {
        switch (this) {
            case NAIVE: return new Affine();
            case NATIVE: requireNative(available); return new AffineFast();
            default: return useNative(available) ? new AutoAffine() : new Affine();
        }
    }

    ConvOp conv(boolean available) {
        switch (this) {
            case NAIVE: return new Conv2d();
            case NATIVE: requireNative(available); return new Conv2dFast();
            default: return useNative(available) ? new AutoConv() : new Conv2d();
        }
    }

    PoolOp pool(boolean available) {
        switch (this) {
            case NAIVE: return new MaxPool2d();
            case NATIVE: requireNative(available); return new MaxPool2dFast();
            default: return useNative(available) ? new AutoPool() : new MaxPool2d();
        }
    }

    private static void requireNative(boolean available) {
        if (!available) throw new IllegalStateException("Backend.NATIVE: " + NativeStatus.describe());
    }

    private static boolean useNative(boolean available) {
        if (!available && !NativeStatus.isAvailable() && WARNED.compareAndSet(false, true)) {
            LOG.warn("Backend.AUTO falls back to the naive layers: {}", NativeStatus.describe());
        }
        return available;
    }

    /** Parses {@code naive|native|auto} (case-insensitive). */
    public static Backend parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("backend must be naive, native or auto, got '" + s + "'");
        }
    }

    /**
     * Native above {@link Tuning#autoConvMinMacs}, naive below; backward follows what forward chose. When the
     * native scratch does not fit the native memory JavaCPP allows ({@link NativeMemoryError}), the naive
     * layer runs instead (logged once at WARN): AUTO never fails where the naive layer works.
     */
    static final class AutoConv implements ConvOp {
        private static final AtomicBoolean MEMORY_WARNED = new AtomicBoolean();
        private final ConvOp fast = new Conv2dFast(), naive = new Conv2d();

        @Override
        public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param) {
            if (big(x, w, param)) {
                try {
                    return fast.forward(x, w, b, param);
                } catch (NativeMemoryError e) {
                    fallBack(e);
                }
            }
            return naive.forward(x, w, b, param);
        }

        @Override
        public ConvResult forwardRelu(Tensor x, Tensor w, Tensor b, ConvParam param) {
            if (big(x, w, param)) {
                try {
                    return fast.forwardRelu(x, w, b, param);
                } catch (NativeMemoryError e) {
                    fallBack(e);
                }
            }
            return naive.forwardRelu(x, w, b, param);
        }

        @Override
        public ConvPoolResult forwardReluPool(Tensor x, Tensor w, Tensor b, ConvParam param, PoolOp pool,
                                              PoolParam poolParam) {
            if (big(x, w, param)) {
                try {
                    return fast.forwardReluPool(x, w, b, param, pool, poolParam);
                } catch (NativeMemoryError e) {
                    fallBack(e);
                }
            }
            return naive.forwardReluPool(x, w, b, param, pool, poolParam);
        }

        /** A fused forward's cache goes to the native op; a layer-by-layer one runs layer by layer through this op. */
        @Override
        public ConvGrads backwardReluPool(Tensor dout, ConvPoolCache cache, PoolOp pool, boolean needDx) {
            return cache != null && cache.pooled() != null ? fast.backwardReluPool(dout, cache, pool, needDx)
                    : ConvOp.super.backwardReluPool(dout, cache, pool, needDx);
        }

        @Override
        public ConvGrads backward(Tensor dout, ConvCache cache) {
            return backward(dout, cache, true);
        }

        @Override
        public ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
            if (cache != null && big(cache.x(), cache.w(), cache.param())) {
                try {
                    return fast.backward(dout, cache, needDx);
                } catch (NativeMemoryError e) {
                    fallBack(e);
                }
            }
            return naive.backward(dout, cache, needDx);
        }

        private static void fallBack(NativeMemoryError e) {
            if (MEMORY_WARNED.compareAndSet(false, true)) {
                LOG.warn("Backend.AUTO runs the naive convolution where the native one does not fit: {}", e.getMessage());
            }
        }

        private static boolean big(Tensor x, Tensor w,
                ConvParam p) {
            if (x == null || w == null || p == null || x.rank() != 4 || w.rank() != 4) return false; // naive reports it
            long hout = 1 + ((long) x.dim(2) + 2L * p.pad() - w.dim(2)) / p.stride();
            long wout = 1 + ((long) x.dim(3) + 2L * p.pad() - w.dim(3)) / p.stride();
            double macs = (double) x.dim(0) * w.size() * Math.max(0, hout) * Math.max(0, wout);
            return macs >= Tuning.autoConvMinMacs;
        }
    }

    /** Native above {@link Tuning#autoPoolMinElements}; backward dispatches on the cache's strategy. */
    static final class AutoPool implements PoolOp {
        private final PoolOp fast = new MaxPool2dFast(), naive = new MaxPool2d();

        @Override
        public PoolResult forward(Tensor x,
                PoolParam param) {
            return x != null && x.size() >= Tuning.autoPoolMinElements ? fast.forward(x, param)
                    : naive.forward(x, param);
        }

        /** The op that made the cache (a null cache goes to the native twin, which names the problem). */
        private PoolOp madeBy(PoolCache cache) {
            return cache != null && "naive".equals(cache.strategy()) ? naive : fast;
        }

        @Override
        public Tensor backward(Tensor dout, PoolCache cache) {
            return madeBy(cache).backward(dout, cache);
        }

        @Override
        public Tensor backwardRelu(Tensor dout, PoolCache cache) {
            return madeBy(cache).backwardRelu(dout, cache);
        }

        /** Into dx: the native twin writes it directly (PoolOp's default would allocate a new one and copy it). */
        @Override
        public Tensor backward(Tensor dout, PoolCache cache, Tensor dx) {
            return madeBy(cache).backward(dout, cache, dx);
        }

        @Override
        public Tensor backwardRelu(Tensor dout, PoolCache cache, Tensor dx) {
            return madeBy(cache).backwardRelu(dout, cache, dx);
        }
    }

    /** Native above {@link Tuning#autoAffineMinMacs}, naive below; backward follows what forward chose. */
    static final class AutoAffine implements AffineOp {
        private final AffineOp fast = new AffineFast(), naive = new Affine();

        @Override
        public AffineResult forward(Tensor x, Tensor w, Tensor b) {
            return big(x, w) ? fast.forward(x, w, b) : naive.forward(x, w, b);
        }

        @Override
        public AffineGrads backward(Tensor dout, AffineCache cache) {
            return backward(dout, cache, true);
        }

        @Override
        public AffineGrads backward(Tensor dout, AffineCache cache, boolean needDx) {
            return cache != null && big(cache.x(), cache.w()) ? fast.backward(dout, cache, needDx)
                    : naive.backward(dout, cache, needDx);
        }

        private static boolean big(Tensor x, Tensor w) {
            if (x == null || w == null || w.rank() != 2) return false; // naive reports it
            return (double) x.size() * w.dim(1) >= Tuning.autoAffineMinMacs;
        }
    }

    /**
     * Native from {@link Tuning#autoReluMinElements} elements, naive below; both give bit-identical
     * results, so backward simply decides again on x's size.
     */
    static final class AutoRelu implements ReluOp {
        private final ReluOp fast = new ReluFast(), naive = new Relu();

        @Override
        public ReluResult forward(Tensor x) {
            return x != null && x.size() >= Tuning.autoReluMinElements ? fast.forward(x) : naive.forward(x);
        }

        @Override
        public Tensor backward(Tensor dout, ReluCache cache) {
            return cache != null && cache.x() != null && cache.x().size() >= Tuning.autoReluMinElements
                    ? fast.backward(dout, cache) : naive.backward(dout, cache);
        }
    }
}
