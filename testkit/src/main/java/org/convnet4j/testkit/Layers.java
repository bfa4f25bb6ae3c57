package org.convnet4j.testkit;

import java.util.TreeSet;
import org.convnet4j.check.NetGradCheck;
import org.convnet4j.model.LayerSpec;
import org.convnet4j.model.Net;
import org.convnet4j.model.NetLayer;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/** Building the nets of layer and net cases the same way for every check. */
final class Layers {
    private Layers() {}

    /**
     * The case's net on {@code ops}: He initialisation from {@code new Rng(seed)}; then, from
     * {@code new Rng(seed + 1)}, gamma = 1 + randn, beta = randn, running mean randn and running variance in
     * [0.5, 1.5) (in name order, so both nets of a check get the same values); dropout masks fixed by the seed.
     */
    static Net net(LayerCase c, Ops ops) {
        Net net = Sequential.parse(c.arch()).build(Net.Config.defaults(c.inputDim()).withDtype(c.dtype())
                .withInit(Net.Init.HE), ops, new Rng(c.seed()));
        Rng r = new Rng(c.seed() + 1);
        for (String name : new TreeSet<>(net.params().keySet())) {
            Tensor t = net.params().get(name);
            if (name.startsWith("gamma")) fill(t, r, 1, 1);
            if (name.startsWith("beta")) fill(t, r, 0, 1);
        }
        for (String name : new TreeSet<>(net.state().keySet())) {
            Tensor t = net.state().get(name);
            if (name.startsWith("running_mean")) fill(t, r, 0, 1);
            if (name.startsWith("running_var")) {
                for (int i = 0; i < t.size(); i++) t.setFlat(i, 0.5 + r.random());
            }
        }
        net.setDropoutSeed(c.seed());
        return net;
    }

    private static void fill(Tensor t, Rng r, double offset, double scale) {
        for (int i = 0; i < t.size(); i++) t.setFlat(i, offset + scale * r.gauss());
    }

    /** The case's random net on {@code ops}, drawn from {@code new Rng(seed)}. */
    static Net net(NetCase c, Ops ops) {
        return net(c, ops, new Rng(c.seed()));
    }

    /**
     * The case's random net on {@code ops}: He initialisation and the case's reg, drawn from {@code r}, batch-norm
     * shifts moved off zero ({@link NetGradCheck#jitterShifts}, also from {@code r}), dropout masks fixed by the
     * seed.
     */
    static Net net(NetCase c, Ops ops, Rng r) {
        Net net = c.net().arch().build(Net.Config.defaults(c.net().inputDim()).withDtype(c.dtype())
                .withInit(Net.Init.HE).withReg(c.reg()), ops, r);
        NetGradCheck.jitterShifts(net, r);
        net.setDropoutSeed(c.seed());
        return net;
    }

    static int[] batchShape(int N, int[] example) {
        int[] s = new int[example.length + 1];
        s[0] = N;
        System.arraycopy(example, 0, s, 1, example.length);
        return s;
    }

    @SuppressWarnings("unchecked")
    static <C> NetLayer.Backward backward(NetLayer<C> layer, Tensor dout, NetLayer.Forward<?> f) {
        return layer.backward(dout, (C) f.cache());
    }

    /** What runs a layer of this type on {@code ops}, for reports: the op, or the layer's own name. */
    static Object opOf(Ops ops, LayerSpec spec) {
        if (spec instanceof LayerSpec.Conv) return ops.conv();
        if (spec instanceof LayerSpec.Pool) return ops.pool();
        if (spec instanceof LayerSpec.Affine) return ops.affine();
        if (spec instanceof LayerSpec.Relu) return ops.relu();
        return "the " + spec.text() + " layer";
    }
}
