package org.convnet4j.layers;

import org.convnet4j.tensor.Checks;

/**
 * Dropout hyper-parameters, the seed's {@code dropout_param = {'p': .., 'mode': ..}}.
 *
 * @param p the probability of <em>keeping</em> a unit (CS231n's convention, not PyTorch's), in (0, 1];
 *     1 keeps every unit
 * @param mode {@link Mode#TRAIN} drops units, {@link Mode#TEST} is the identity
 */
public record DropoutParam(double p, Mode mode) {
    public DropoutParam {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: p (the probability of keeping a unit) must be in (0, 1], got " + p);
        }
        Checks.notNull("dropout", "mode", mode);
    }
}
