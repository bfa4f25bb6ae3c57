package org.convnet4j.model;

import org.convnet4j.fast.Backend;
import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.layers.Relu;
import org.convnet4j.layers.ReluOp;
import org.convnet4j.tensor.Checks;

/** The layer implementations a model runs on: naive references or their native twins. */
public record Ops(ConvOp conv, PoolOp pool, AffineOp affine, ReluOp relu) {
    public Ops {
        Checks.notNull("ops", "conv", conv);
        Checks.notNull("ops", "pool", pool);
        Checks.notNull("ops", "affine", affine);
        Checks.notNull("ops", "relu", relu);
    }

    /** With the naive {@link Relu}. */
    public Ops(ConvOp conv, PoolOp pool, AffineOp affine) {
        this(conv, pool, affine, new Relu());
    }

    /** The naive reference layers (pure Java). */
    public static Ops naive() {
        return new Ops(new Conv2d(), new MaxPool2d(), new Affine(), new Relu());
    }

    /**
     * The layers of {@code backend}: {@code (backend.conv(), backend.pool(), backend.affine(), backend.relu())}.
     *
     * @throws IllegalArgumentException if {@code backend} is null
     * @throws IllegalStateException for {@link Backend#NATIVE} when the native library is unavailable
     */
    public static Ops of(Backend backend) {
        Checks.notNull("ops", "backend", backend);
        return new Ops(backend.conv(), backend.pool(), backend.affine(), backend.relu());
    }
}
