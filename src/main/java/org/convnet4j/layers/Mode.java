package org.convnet4j.layers;

/**
 * Whether a forward pass trains or evaluates, CS231n's {@code mode = 'train' | 'test'}: in train mode
 * dropout drops units and batch norm uses batch statistics (and updates its running ones); in test mode
 * dropout is the identity and batch norm uses the running statistics. {@link BatchNormParam.Mode} is
 * the same choice for the batch-norm layers alone, which predate this enum; a net maps one onto the other.
 */
public enum Mode {
    /** Training: dropout masks, batch statistics. */
    TRAIN,
    /** Evaluation: no dropout, running statistics. */
    TEST;

    /** The batch-norm layers' name for this mode. */
    public BatchNormParam.Mode batchNorm() {
        return this == TRAIN ? BatchNormParam.Mode.TRAIN : BatchNormParam.Mode.TEST;
    }
}
