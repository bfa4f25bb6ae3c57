package org.convnet4j.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The training-step cases of {@code BENCH.md}: one ThreeLayerConvNet step (loss, gradients and the Adam update
 * of every parameter) on a batch of 50 random 3x32x32 images, 32 7x7 filters, reg 0.
 */
public enum TrainCase {
    /** Hidden 100, the notebook's model defaults. */
    T1(100),
    /** Hidden 500, {@code train}'s default: W2 is 8192x500, so the affine layer and Adam weigh five times as much. */
    T2(500);

    private final int hidden;

    TrainCase(int hidden) {
        this.hidden = hidden;
    }

    /** The hidden layer's width. */
    public int hidden() {
        return hidden;
    }

    /** Looks a case up by its name, case-insensitively. @throws IllegalArgumentException for another name */
    public static TrainCase parse(String name) {
        for (TrainCase c : values()) {
            if (c.name().equalsIgnoreCase(name.trim())) return c;
        }
        throw new IllegalArgumentException("bench: train case must be one of " + Arrays.toString(values()) + ", got '"
                + name + "'");
    }

    /** E.g. {@code batch 50, 3x32x32, 32 7x7 filters, hidden 100, adam}. */
    public String describe() {
        return String.format(Locale.ROOT, "batch 50, 3x32x32, 32 7x7 filters, hidden %d, adam", hidden);
    }
}
