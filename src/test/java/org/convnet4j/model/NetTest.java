package org.convnet4j.model;

import static org.convnet4j.testing.Rejects.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
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
import org.convnet4j.layers.Mode;
import org.convnet4j.layers.PoolCache;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluCache;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.layers.ReluResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Building nets: names, shapes, refusals, initialisation, regularisation, modes and the summary. */
class NetTest extends TestBase {
    private static Net build(String arch, int... inputDim) {
        return Sequential.parse(arch).build(Net.Config.defaults(inputDim), Ops.naive(), new Rng(1));
    }

    /** CS231n's numbering: W_i, b_i per conv or affine layer i; the batch norm after layer i owns gamma_i, beta_i. */
    @Test
    void parametersAreNamedAsCs231nNumbersThem() {
        Net net = build("[conv(8,3)-sbn-relu-pool(2)]x2-affine(32)-bn-relu-dropout(0.5)-affine(10)", 1, 28, 28);
        assertEquals(List.of("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3", "gamma3", "beta3",
                "W4", "b4"), List.copyOf(net.params().keySet()));
        assertEquals(List.of("running_mean1", "running_var1", "running_mean2", "running_var2", "running_mean3",
                "running_var3"), List.copyOf(net.state().keySet()));
        Map<String, Tensor> p = net.params();
        assertArrayEquals(new int[] {8, 1, 3, 3}, p.get("W1").shape());
        assertArrayEquals(new int[] {8, 8, 3, 3}, p.get("W2").shape());
        assertArrayEquals(new int[] {8 * 7 * 7, 32}, p.get("W3").shape());
        assertArrayEquals(new int[] {32}, p.get("gamma3").shape());
        assertArrayEquals(new int[] {32, 10}, p.get("W4").shape());
        assertArrayEquals(new int[] {8}, net.state().get("running_var2").shape());
        assertEquals(10, net.numClasses());
        assertEquals(8 * 9 + 8 + 16 + 8 * 8 * 9 + 8 + 16 + 392 * 32 + 32 + 64 + 32 * 10 + 10, net.paramCount());
        List<int[]> shapes = net.layers().stream().map(NetLayer::outputShape).toList();
        assertArrayEquals(new int[] {8, 14, 14}, shapes.get(3));
        assertArrayEquals(new int[] {8, 7, 7}, shapes.get(7));
    }

    @Test
    void impossibleShapesAreRefusedAtBuildTimeWithLayerInputAndReason() {
        rejects(() -> build("conv(8,3)-pool(30)-affine(3)", 1, 28, 28),
                "layer 2, pool(30), on input (8, 28, 28)", "30x30 pool window is larger than the 28x28 input");
        rejects(() -> build("[conv(4,7,pad=0)]x5-affine(2)", 1, 28, 28),
                "layer 5, conv(4,7,pad=0), on input (4, 4, 4)", "7x7 filter does not fit", "output would be empty");
        rejects(() -> build("conv(4,3,stride=2,pad=0)-conv(4,3,pad=0)-affine(2)", 1, 4, 4),
                "layer 2, conv(4,3,pad=0), on input (4, 1, 1)", "does not fit");
        rejects(() -> build("sbn-affine(3)", 1, 8, 8), "layer 1, sbn", "must follow a conv or affine layer");
        rejects(() -> build("conv(3,3)-bn-affine(2)", 1, 8, 8), "layer 2, bn, on input (3, 8, 8)", "use sbn");
        rejects(() -> build("affine(4)-sbn-affine(2)", 1, 8, 8), "layer 2, sbn, on input (4)", "needs an image input");
        rejects(() -> build("affine(4)-conv(3,3)-affine(2)", 16), "layer 2, conv(3,3), on input (4)", "needs an image input");
        rejects(() -> build("affine(4)-pool(2)-affine(2)", 16), "layer 2, pool(2)", "needs an image input");
        rejects(() -> build("affine(4)-bn-relu-bn-affine(2)", 16), "layer 4, bn", "already has a batch norm");
        rejects(() -> build("affine(1)", 16), "affine(1), outputs (1)", "K >= 2", "end the net with an affine(K)");
        rejects(() -> build("conv(3,3)", 1, 8, 8), "conv(3,3), outputs (3, 8, 8)", "class scores");
        rejects(() -> build("affine(70000)-affine(70000)", 4), "layer 2, affine(70000), on input (70000)", "elements");
        rejects(() -> new Sequential().build(Net.Config.defaults(4), Ops.naive(), rng), "no layers");
        rejects(() -> build("relu-affine(2)", 2, 3), "input_dim must be (C, H, W) or (D)");
        rejects(() -> Net.Config.defaults(0), "input_dim", "> 0");
        rejects(() -> Net.Config.defaults(3).withReg(-1), "reg", ">= 0");
        rejects(() -> Net.Config.defaults(3).withWeightScale(0), "weight_scale");
    }

    @Test
    void inputsAreChecked() {
        Net img = build("conv(2,3)-affine(3)", 1, 5, 5);
        rejects(() -> img.scores(Tensor.zeros(DType.FLOAT32, 2, 1, 5, 4)), "X must be (N, 1, 5, 5)", "[2, 1, 5, 4]");
        rejects(() -> img.scores(Tensor.zeros(DType.FLOAT64, 2, 1, 5, 5)), "X", "FLOAT32", "FLOAT64");
        rejects(() -> img.loss(Tensor.zeros(DType.FLOAT32, 2, 1, 5, 5), new int[3]), "y must have 2 labels");
        rejects(() -> img.loss(Tensor.zeros(DType.FLOAT32, 2, 1, 5, 5), new int[] {0, 3}), "y[1]", "[0, 3)");
        // a vector net takes (N, D) or anything with D trailing elements, as CS231n's FullyConnectedNet
        Net vec = build("affine(3)", 12);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 2, 3, 2, 2);
        assertTrue(vec.scores(x).contentEquals(vec.scores(x.reshape(2, 12))));
        rejects(() -> vec.scores(Tensor.zeros(DType.FLOAT32, 2, 11)), "X must be (N, 12)", "d1*...*dk = 12");
    }

    @Test
    void weightScaleAndHeInitialisation() {
        Net ws = Sequential.parse("conv(16,3)-affine(64)-affine(10)").build(Net.Config.defaults(4, 8, 8)
                .withWeightScale(0.05).withDtype(DType.FLOAT64), Ops.naive(), new Rng(3));
        Net he = Sequential.parse("conv(16,3)-affine(64)-affine(10)").build(Net.Config.defaults(4, 8, 8)
                .withInit(Net.Init.HE).withDtype(DType.FLOAT64), Ops.naive(), new Rng(3));
        assertEquals(0.05, std(ws.params().get("W2")), 0.05 * 0.02);
        assertEquals(Math.sqrt(2.0 / (4 * 9)), std(he.params().get("W1")), 0.05 * Math.sqrt(2.0 / 36));
        assertEquals(Math.sqrt(2.0 / (16 * 64)), std(he.params().get("W2")), 0.02 * Math.sqrt(2.0 / 1024));
        // the same standard normal draws, only scaled: W1 of He is W1 of weight_scale times sqrt(2/36)/0.05
        double k = Math.sqrt(2.0 / 36) / 0.05;
        assertEquals(ws.params().get("W1").getFlat(5) * k, he.params().get("W1").getFlat(5), 1e-15);
        for (String b : new String[] {"b1", "b2", "b3"}) assertEquals(0.0, maxAbs(ws.params().get(b)));
        Net bn = build("affine(5)-bn-affine(2)", 3);
        assertEquals(1.0, bn.params().get("gamma1").getFlat(4));
        assertEquals(0.0, maxAbs(bn.params().get("beta1")));
    }

    private static double std(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) s += t.getFlat(i) * t.getFlat(i);
        return Math.sqrt(s / t.size());
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) m = Math.max(m, Math.abs(t.getFlat(i)));
        return m;
    }

    /** 0.5 * reg * sum of squares of the weights only (not b, gamma, beta), and reg * W added to dW only. */
    @Test
    void regularisationCoversWeightsOnly() {
        Net net = Sequential.parse("conv(2,3)-sbn-relu-affine(4)-bn-affine(3)").build(Net.Config.defaults(1, 4, 4)
                .withDtype(DType.FLOAT64).withWeightScale(0.5), Ops.naive(), new Rng(5));
        for (String n : new String[] {"b1", "beta1", "b2", "beta2", "b3"}) net.params().get(n).fill(0.3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 1, 4, 4);
        int[] y = {0, 1, 2};
        Model.LossAndGrads plain = net.loss(x, y);
        net.setReg(0.7);
        Model.LossAndGrads reg = net.loss(x, y);
        double sum = 0;
        for (String w : new String[] {"W1", "W2", "W3"}) sum += net.params().get(w).sumOfSquares();
        assertEquals(plain.loss() + 0.5 * 0.7 * sum, reg.loss(), 1e-12);
        for (String n : net.params().keySet()) {
            Tensor a = plain.grads().get(n), b = reg.grads().get(n), p = net.params().get(n);
            double scale = n.startsWith("W") ? 0.7 : 0.0;
            for (int i = 0; i < a.size(); i++) assertEquals(a.getFlat(i) + scale * p.getFlat(i), b.getFlat(i), 1e-12, n);
        }
        rejects(() -> net.setReg(Double.NaN), "reg");
        // lossForUpdate leaves reg * Wi to the update rule: the same loss, the gradients without the term, and the
        // term's coefficient for the weights only; adding it gives loss()'s gradients bit for bit
        Model.StepGrads step = net.lossForUpdate(x, y);
        assertEquals(reg.loss(), step.loss());
        assertEquals(Map.of("W1", 0.7, "W2", 0.7, "W3", 0.7), step.decay());
        for (String n : net.params().keySet()) {
            Tensor g = step.grads().get(n).copy();
            g.addScaled(step.decayOf(n), net.params().get(n));
            assertTrue(g.contentEquals(reg.grads().get(n)), n);
            if (!n.startsWith("W")) assertEquals(0.0, step.decayOf(n), n);
        }
        net.setReg(0);
        assertTrue(net.lossForUpdate(x, y).decay().isEmpty(), "no term at reg 0");
    }

    /** Train mode: batch statistics, running statistics updated, dropout on; test mode: neither. */
    @Test
    void modeIsAnArgumentOfTheForwardPass() {
        Net net = Sequential.parse("affine(6)-bn-relu-dropout(0.5)-affine(3)").build(Net.Config.defaults(4)
                .withDtype(DType.FLOAT64).withInit(Net.Init.HE), Ops.naive(), new Rng(2));
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 4);
        Tensor mean = net.state().get("running_mean1");
        Tensor before = mean.copy();
        Tensor test1 = net.scores(x);
        assertTrue(mean.contentEquals(before), "test mode leaves the running statistics alone");
        assertTrue(test1.contentEquals(net.scores(x, Mode.TEST)), "scores(X) is test mode, deterministic");
        Tensor train1 = net.scores(x, Mode.TRAIN);
        assertFalse(mean.contentEquals(before), "train mode updates them");
        Tensor train2 = net.scores(x, Mode.TRAIN);
        assertFalse(train1.contentEquals(train2), "fresh dropout masks from the net's Rng on every train pass");
        net.setDropoutSeed(9L);
        assertTrue(net.scores(x, Mode.TRAIN).contentEquals(net.scores(x, Mode.TRAIN)), "fixed masks with a seed");
        assertFalse(test1.contentEquals(net.scores(x)), "test mode uses the (now updated) running statistics");
        rejects(() -> net.setDropoutSeed(-1L), "seed");
    }

    /** An SVM net's loss is the SVM loss of its scores. */
    @Test
    void svmLossIsSelectable() {
        Net net = Sequential.parse("affine(4)-svm").build(Net.Config.defaults(3).withDtype(DType.FLOAT64)
                .withWeightScale(1), Ops.naive(), new Rng(4));
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 6, 3);
        int[] y = {0, 1, 2, 3, 0, 1};
        assertEquals(org.convnet4j.layers.Losses.svm(net.scores(x), y).loss(), net.loss(x, y).loss(), 1e-15);
        assertEquals(Sequential.Loss.SVM, net.architecture().loss());
    }

    @Test
    void summaryListsLayersShapesCountsAndTotals() {
        Net net = build("conv(8,3)-sbn-relu-pool(2)-affine(16)-bn-relu-dropout(0.5)-affine(10)", 1, 28, 28);
        String s = net.summary();
        String[] lines = s.split("\n");
        assertTrue(lines[0].startsWith("layer") && lines[0].contains("output shape") && lines[0].contains("params"), s);
        assertTrue(lines[1].startsWith("input") && lines[1].contains("(N, 1, 28, 28)"), s);
        assertTrue(lines[2].startsWith("conv(8,3)") && lines[2].contains("(N, 8, 28, 28)") && lines[2].contains(" 80 ")
                && lines[2].endsWith("W1, b1"), s);
        assertTrue(lines[5].startsWith("pool(2)") && lines[5].contains("(N, 8, 14, 14)"), s);
        assertTrue(lines[6].startsWith("affine(16)") && lines[6].contains("25,104"), s);
        assertTrue(lines[10].startsWith("affine(10)") && lines[10].endsWith("170  W3, b3"), s);
        assertEquals("softmax loss", lines[11], s);
        assertEquals("input                    (N, 1, 28, 28)                  0", lines[1], s);
        assertTrue(s.contains("total: " + String.format(java.util.Locale.ROOT, "%,d", net.paramCount()) + " parameters"), s);
        assertTrue(s.contains("48 batch-norm running statistics"), s);
        assertEquals(80 + 16 + 25_104 + 32 + 170, net.paramCount());
    }

    /** Every layer runs on the ops given; batch norm and dropout have no twin and run naive on any backend. */
    @Test
    void layersRunOnTheOpsGiven() {
        Ops ops = Ops.naive();
        Net net = Sequential.parse("conv(2,3)-relu-pool(2)-affine(3)").build(Net.Config.defaults(1, 4, 4), ops, rng);
        assertEquals(ops, net.ops());
        assertEquals(4, net.layers().size());
    }

    /**
     * The backward pass stops at the first layer with parameters and asks it for no dx (nothing below needs a
     * gradient); a conv, ReLU and pool run as one conv-relu-pool; a ReLU after a conv otherwise runs inside the conv's
     * forward, and a ReLU before a pool inside the pool's backward. The calls the ops see, in order.
     */
    @Test
    void backwardSkipsUnneededWorkAndFusesReluIntoConvAndPool() {
        List<String> calls = new java.util.ArrayList<>();
        ConvOp conv = new ConvOp() {
            private final ConvOp inner = new Conv2d();
            @Override public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam p) {
                calls.add("conv.forward");
                return inner.forward(x, w, b, p);
            }
            @Override public ConvResult forwardRelu(Tensor x, Tensor w, Tensor b, ConvParam p) {
                calls.add("conv.forwardRelu");
                return inner.forwardRelu(x, w, b, p);
            }
            @Override public ConvPoolResult forwardReluPool(Tensor x, Tensor w, Tensor b, ConvParam p, PoolOp pool,
                                                            PoolParam pp) {
                calls.add("conv.forwardReluPool");
                return inner.forwardReluPool(x, w, b, p, pool, pp); // the naive conv then the pool given
            }
            @Override public ConvGrads backward(Tensor dout, ConvCache cache) {
                return backward(dout, cache, true);
            }
            @Override public ConvGrads backward(Tensor dout, ConvCache cache, boolean needDx) {
                calls.add("conv.backward" + (needDx ? "" : " without dx"));
                return inner.backward(dout, cache, needDx);
            }
            @Override public ConvGrads backwardReluPool(Tensor dout, ConvPoolCache cache, PoolOp pool, boolean needDx) {
                calls.add("conv.backwardReluPool" + (needDx ? "" : " without dx"));
                return inner.backwardReluPool(dout, cache, pool, needDx);
            }
        };
        PoolOp pool = new PoolOp() {
            private final PoolOp inner = new MaxPool2d();
            @Override public PoolResult forward(Tensor x, PoolParam p) {
                calls.add("pool.forward");
                return inner.forward(x, p);
            }
            @Override public Tensor backward(Tensor dout, PoolCache cache) {
                calls.add("pool.backward");
                return inner.backward(dout, cache);
            }
            @Override public Tensor backwardRelu(Tensor dout, PoolCache cache) {
                calls.add("pool.backwardRelu");
                return inner.backwardRelu(dout, cache);
            }
        };
        ReluOp relu = new ReluOp() {
            private final ReluOp inner = new Relu();
            @Override public ReluResult forward(Tensor x) {
                calls.add("relu.forward");
                return inner.forward(x);
            }
            @Override public Tensor backward(Tensor dout, ReluCache cache) {
                calls.add("relu.backward");
                return inner.backward(dout, cache);
            }
        };
        AffineOp affine = new AffineOp() {
            private final AffineOp inner = new Affine();
            @Override public AffineResult forward(Tensor x, Tensor w, Tensor b) {
                calls.add("affine.forward");
                return inner.forward(x, w, b);
            }
            @Override public AffineGrads backward(Tensor dout, AffineCache cache) {
                return backward(dout, cache, true);
            }
            @Override public AffineGrads backward(Tensor dout, AffineCache cache, boolean needDx) {
                calls.add("affine.backward" + (needDx ? "" : " without dx"));
                return inner.backward(dout, cache, needDx);
            }
        };
        Sequential arch = Sequential.parse("relu-pool(2)-conv(2,3)-relu-pool(2)-conv(2,3)-relu-affine(3)");
        Net.Config config = Net.Config.defaults(1, 8, 8).withDtype(DType.FLOAT64).withInit(Net.Init.HE);
        Net net = arch.build(config, new Ops(conv, pool, affine, relu), new Rng(3));
        Tensor x = Tensor.randn(new Rng(4), DType.FLOAT64, 2, 1, 8, 8);
        int[] y = {0, 2};
        Model.LossAndGrads lg = net.loss(x, y);
        assertEquals(List.of("relu.forward", "pool.forward", "conv.forwardReluPool", "pool.forward", "conv.forwardRelu",
                "affine.forward", "affine.backward", "relu.backward", "conv.backward", "conv.backwardReluPool without dx",
                "pool.backwardRelu"), calls);
        // the same numbers as the unfused naive net
        Model.LossAndGrads ref = arch.build(config, Ops.naive(), new Rng(3)).loss(x, y);
        assertEquals(ref.loss(), lg.loss());
        for (String name : ref.grads().keySet()) {
            assertTrue(ref.grads().get(name).contentEquals(lg.grads().get(name)), name);
        }
        calls.clear();
        Sequential.parse("affine(4)-relu-affine(3)").build(Net.Config.defaults(6).withDtype(DType.FLOAT64),
                new Ops(conv, pool, affine, relu), new Rng(3)).loss(Tensor.randn(new Rng(5), DType.FLOAT64, 2, 6), y);
        assertEquals(List.of("affine.forward", "relu.forward", "affine.forward", "affine.backward", "relu.backward",
                "affine.backward without dx"), calls);
    }
}
