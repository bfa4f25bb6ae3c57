package org.convnet4j.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.convnet4j.layers.AffineCache;
import org.convnet4j.layers.AffineGrads;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.AffineResult;
import org.convnet4j.layers.BatchNorm;
import org.convnet4j.layers.BatchNormCache;
import org.convnet4j.layers.BatchNormGrads;
import org.convnet4j.layers.BatchNormParam;
import org.convnet4j.layers.BatchNormResult;
import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvPoolCache;
import org.convnet4j.layers.ConvPoolResult;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.Dropout;
import org.convnet4j.layers.DropoutCache;
import org.convnet4j.layers.DropoutParam;
import org.convnet4j.layers.DropoutResult;
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.layers.SpatialBatchNorm;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * The {@link NetLayer}s a {@link Net} is built from: thin adapters from a {@link LayerSpec} to the layer
 * ops (naive or native, from {@link Ops}) and the named parameters. Each constructor checks its input
 * shape and refuses an impossible one with the layer, the input shape and the reason.
 */
final class NetLayers {
    private NetLayers() {}

    static String shape(int[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) b.append(i > 0 ? ", " : "").append(s[i]);
        return b.append(')').toString();
    }

    /** Where a layer sits, for messages: {@code "layer 3, pool(5), input (8, 3, 3)"}. */
    record Where(int index, LayerSpec spec, int[] in) {
        IllegalArgumentException refuse(String reason) {
            return new IllegalArgumentException("net: layer " + index + ", " + spec.text() + ", on input " + shape(in)
                    + ": " + reason);
        }

        void requireImage(String what) {
            if (in.length != 3) {
                throw refuse(what + " needs an image input (C, H, W), got a vector; put it before the first affine layer");
            }
        }

        int count(int... dims) {
            try {
                return Checks.elementCount(spec.text(), "shape", dims);
            } catch (IllegalArgumentException e) {
                throw refuse(e.getMessage());
            }
        }
    }

    private static Map<String, Tensor> grads(String a, Tensor ga, String b, Tensor gb) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(a, ga);
        m.put(b, gb);
        return m;
    }

    /** What every layer keeps: its spec, its input and output shapes (one example's) and its parameter names. */
    abstract static class Base<C, S extends LayerSpec> implements NetLayer<C> {
        final S spec;
        final int[] in, out;
        private final List<String> names;

        Base(S spec, int[] in, int[] out, List<String> names) {
            this.spec = spec;
            this.in = in.clone();
            this.out = out.clone();
            this.names = List.copyOf(names);
        }

        @Override
        public LayerSpec spec() {
            return spec;
        }

        @Override
        public int[] inputShape() {
            return in.clone();
        }

        @Override
        public int[] outputShape() {
            return out.clone();
        }

        @Override
        public List<String> paramNames() {
            return names;
        }
    }

    /** {@code conv(F, k, stride, pad)} with parameters {@code W (F, C, k, k)}, {@code b (F)}. */
    static final class Conv extends Base<ConvCache, LayerSpec.Conv> {
        private final ConvOp op;
        private final ConvParam param;
        private final Map<String, Tensor> params;
        private final String w, b;

        Conv(Where where, LayerSpec.Conv spec, ConvOp op, Map<String, Tensor> params, String w, String b) {
            super(spec, where.in(), outputShape(where, spec), List.of(w, b));
            this.op = op;
            this.param = new ConvParam(spec.stride(), spec.pad());
            this.params = params;
            this.w = w;
            this.b = b;
        }

        /** {@code (F, Hout, Wout)}, after refusing a filter that does not fit and sizes that overflow. */
        private static int[] outputShape(Where where, LayerSpec.Conv spec) {
            where.requireImage("conv");
            int[] in = where.in();
            long hp = in[1] + 2L * spec.pad(), wp = in[2] + 2L * spec.pad();
            if (spec.size() > hp || spec.size() > wp) {
                throw where.refuse("the " + spec.size() + "x" + spec.size() + " filter does not fit the input padded by "
                        + spec.pad() + " (" + hp + "x" + wp + "), so the output would be empty");
            }
            int[] out = {spec.filters(), (int) (1 + (hp - spec.size()) / spec.stride()),
                (int) (1 + (wp - spec.size()) / spec.stride())};
            where.count(out);
            where.count(spec.filters(), in[0], spec.size(), spec.size());
            return out;
        }

        int[] weightShape() {
            return new int[] {spec.filters(), in[0], spec.size(), spec.size()};
        }

        @Override
        public Forward<ConvCache> forward(Tensor x, Mode mode) {
            ConvResult r = op.forward(x, params.get(w), params.get(b), param);
            return new Forward<>(r.out(), r.cache());
        }

        /** {@link #forward} followed by the ReLU of the next layer ({@link ConvOp#forwardRelu}). */
        Forward<ConvCache> forwardRelu(Tensor x) {
            ConvResult r = op.forwardRelu(x, params.get(w), params.get(b), param);
            return new Forward<>(r.out(), r.cache());
        }

        /** This conv, the ReLU after it and the pool after that in one ({@link ConvOp#forwardReluPool}). */
        Forward<ConvPoolCache> forwardReluPool(Tensor x, Pool pool) {
            ConvPoolResult r = op.forwardReluPool(x, params.get(w), params.get(b), param, pool.op, pool.param);
            return new Forward<>(r.out(), r.cache());
        }

        /** The backward of {@link #forwardReluPool}: dout is the pooled output's gradient. */
        Backward backwardReluPool(Tensor dout, ConvPoolCache cache, Pool pool, boolean needDx) {
            ConvGrads g = op.backwardReluPool(dout, cache, pool.op, needDx);
            return new Backward(g.dx(), grads(w, g.dw(), b, g.db()));
        }

        @Override
        public Backward backward(Tensor dout, ConvCache cache) {
            return backward(dout, cache, true);
        }

        @Override
        public Backward backward(Tensor dout, ConvCache cache, boolean needDx) {
            ConvGrads g = op.backward(dout, cache, needDx);
            return new Backward(g.dx(), grads(w, g.dw(), b, g.db()));
        }
    }

    /** {@code pool(k, stride)}: k x k max pool. */
    static final class Pool extends Base<PoolCache, LayerSpec.Pool> {
        private final PoolOp op;
        private final PoolParam param;
        private Tensor dx;

        Pool(Where where, LayerSpec.Pool spec, PoolOp op) {
            super(spec, where.in(), outputShape(where, spec), List.of());
            this.op = op;
            this.param = new PoolParam(spec.size(), spec.size(), spec.stride());
        }

        /** {@code (C, Hout, Wout)}, after refusing a window larger than the input. */
        private static int[] outputShape(Where where, LayerSpec.Pool spec) {
            where.requireImage("pool");
            int[] in = where.in();
            if (spec.size() > in[1] || spec.size() > in[2]) {
                throw where.refuse("the " + spec.size() + "x" + spec.size() + " pool window is larger than the "
                        + in[1] + "x" + in[2] + " input");
            }
            return new int[] {in[0], 1 + (in[1] - spec.size()) / spec.stride(), 1 + (in[2] - spec.size()) / spec.stride()};
        }

        @Override
        public Forward<PoolCache> forward(Tensor x, Mode mode) {
            PoolResult r = op.forward(x, param);
            return new Forward<>(r.out(), r.cache());
        }

        /** A new dx, as every layer's public backward: the caller may keep it (see {@link #backwardKept}). */
        @Override
        public Backward backward(Tensor dout, PoolCache cache) {
            return new Backward(op.backward(dout, cache), Map.of());
        }

        /** Net's own backward pass: {@link #backward}, written into this layer's kept dx ({@link #dx(Tensor)}). */
        Backward backwardKept(Tensor dout, PoolCache cache) {
            return new Backward(op.backward(dout, cache, dx(cache.x())), Map.of());
        }

        /**
         * The backward of the ReLU before this pool too ({@link PoolOp#backwardRelu}); x was that ReLU's output.
         * Net's own backward pass only: into the kept dx, as {@link #backwardKept}.
         */
        Backward backwardRelu(Tensor dout, PoolCache cache) {
            return new Backward(op.backwardRelu(dout, cache, dx(cache.x())), Map.of());
        }

        /**
         * This layer's dx for Net's own backward pass, kept from step to step (a net is not thread-safe, and the
         * layer below only reads dx within the same backward), so that each step neither allocates nor has the
         * JVM zero a new one; a new one when the batch's shape or dtype changes. Never handed out by the public
         * {@link #backward}: a caller keeping that dx would find it overwritten by the next call.
         */
        private Tensor dx(Tensor x) {
            if (dx == null || dx.dtype() != x.dtype() || !dx.sameShape(x)) dx = x.zerosLike();
            return dx;
        }
    }

    /** {@code affine(M)} with parameters {@code W (D, M)}, {@code b (M)}, D the input's element count. */
    static final class Affine extends Base<AffineCache, LayerSpec.Affine> {
        private final int D;
        private final AffineOp op;
        private final Map<String, Tensor> params;
        private final String w, b;

        Affine(Where where, LayerSpec.Affine spec, AffineOp op, Map<String, Tensor> params, String w, String b) {
            super(spec, where.in(), new int[] {spec.units()}, List.of(w, b));
            this.D = where.count(where.in());
            where.count(D, spec.units());
            this.op = op;
            this.params = params;
            this.w = w;
            this.b = b;
        }

        int[] weightShape() {
            return new int[] {D, spec.units()};
        }

        @Override
        public Forward<AffineCache> forward(Tensor x, Mode mode) {
            AffineResult r = op.forward(x, params.get(w), params.get(b));
            return new Forward<>(r.out(), r.cache());
        }

        @Override
        public Backward backward(Tensor dout, AffineCache cache) {
            return backward(dout, cache, true);
        }

        @Override
        public Backward backward(Tensor dout, AffineCache cache, boolean needDx) {
            AffineGrads g = op.backward(dout, cache, needDx);
            return new Backward(g.dx(), grads(w, g.dw(), b, g.db()));
        }
    }

    /** {@code relu}. */
    static final class Relu extends Base<ReluCache, LayerSpec> {
        private final ReluOp op;

        Relu(Where where, ReluOp op) {
            super(where.spec(), where.in(), where.in(), List.of());
            this.op = op;
        }

        @Override
        public Forward<ReluCache> forward(Tensor x, Mode mode) {
            ReluResult r = op.forward(x);
            return new Forward<>(r.out(), r.cache());
        }

        @Override
        public Backward backward(Tensor dout, ReluCache cache) {
            return new Backward(op.backward(dout, cache), Map.of());
        }
    }

    /**
     * {@code bn} on {@code (D)} or {@code sbn} on {@code (C, H, W)}: parameters {@code gamma, beta} of
     * length D (or C), and running statistics owned by the net's state map, updated in train mode.
     */
    static final class Norm extends Base<BatchNormCache, LayerSpec> {
        private final boolean spatial;
        private final BatchNorm bn = new BatchNorm();
        private final SpatialBatchNorm sbn = new SpatialBatchNorm();
        private final BatchNormParam param = new BatchNormParam(BatchNormParam.Mode.TRAIN);
        private final Map<String, Tensor> params;
        private final String gamma, beta;

        Norm(Where where, Map<String, Tensor> params, String gamma, String beta) {
            super(where.spec(), checkedInput(where), where.in(), List.of(gamma, beta));
            this.spatial = where.spec() instanceof LayerSpec.SpatialBatchNorm;
            this.params = params;
            this.gamma = gamma;
            this.beta = beta;
        }

        /** The input, after refusing an image for bn and a vector for sbn. */
        private static int[] checkedInput(Where where) {
            if (where.spec() instanceof LayerSpec.SpatialBatchNorm) {
                where.requireImage("sbn");
            } else if (where.in().length != 1) {
                throw where.refuse("bn normalises vectors (D), got an image; use sbn on (C, H, W), or put bn after an"
                        + " affine layer");
            }
            return where.in();
        }

        /** D, or C for the spatial layer: the length of gamma, beta and the running statistics. */
        int channels() {
            return in[0];
        }

        /** Uses {@code mean} and {@code var} (by reference) as the running statistics. */
        void setRunning(Tensor mean, Tensor var) {
            param.setRunning(mean, var);
        }

        @Override
        public Forward<BatchNormCache> forward(Tensor x, Mode mode) {
            param.setMode(mode.batchNorm());
            BatchNormResult r = spatial ? sbn.forward(x, params.get(gamma), params.get(beta), param)
                    : bn.forward(x, params.get(gamma), params.get(beta), param);
            return new Forward<>(r.out(), r.cache());
        }

        @Override
        public Backward backward(Tensor dout, BatchNormCache cache) {
            BatchNormGrads g = spatial ? sbn.backward(dout, cache) : bn.backward(dout, cache);
            return new Backward(g.dx(), grads(gamma, g.dgamma(), beta, g.dbeta()));
        }
    }

    /** {@code dropout(p)}: masks drawn from the net's dropout {@link Rng} in train mode. */
    static final class Drop extends Base<DropoutCache, LayerSpec.Dropout> {
        private final Dropout op = new Dropout();
        private final Supplier<Rng> rng;

        Drop(Where where, LayerSpec.Dropout spec, Supplier<Rng> rng) {
            super(spec, where.in(), where.in(), List.of());
            this.rng = rng;
        }

        @Override
        public Forward<DropoutCache> forward(Tensor x, Mode mode) {
            DropoutResult r = op.forward(x, new DropoutParam(spec.p(), mode), mode == Mode.TRAIN ? rng.get() : null);
            return new Forward<>(r.out(), r.cache());
        }

        @Override
        public Backward backward(Tensor dout, DropoutCache cache) {
            return new Backward(op.backward(dout, cache), Map.of());
        }
    }
}
