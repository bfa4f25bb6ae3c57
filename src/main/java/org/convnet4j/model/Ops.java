package org.convnet4j.model;

import org.convnet4j.layers.Affine;
import org.convnet4j.layers.AffineOp;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolOp;
import org.convnet4j.tensor.Checks;

/** The layer implementations a model runs on: naive references or their native twins. */
public record Ops(ConvOp conv, PoolOp pool, AffineOp affine) {
    public Ops {
        Checks.notNull("ops", "conv", conv);
        Checks.notNull("ops", "pool", pool);
        Checks.notNull("ops", "affine", affine);
    }

    /** The naive reference layers (pure Java). */
    public static Ops naive() {
        return new Ops(new Conv2d(), new MaxPool2d(), new Affine());
    }
}
