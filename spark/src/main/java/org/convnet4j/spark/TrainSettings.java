package org.convnet4j.spark;

import java.io.Serializable;

/**
 * The training settings every configuration of a sweep shares: the data, batch size, epochs, learning-rate
 * decay, dtype, seed (model initialisation, minibatch sampling and the synthetic data) and the train-accuracy
 * sample size, as {@code ./convnet4j train} takes them. With the same settings and BLAS threads, a sweep's
 * configuration trains to the same numbers as {@code train} with those hyper-parameters.
 *
 * @param data the data set, loaded once per executor
 * @param batchSize rows per update, &gt;= 1
 * @param epochs epochs, &gt;= 1
 * @param lrDecay learning-rate factor per epoch, in (0, 1]
 * @param dtype float32 or float64
 * @param seed the training seed, in [0, 2^32)
 * @param numTrainSamples rows sampled for each train-accuracy check (0 = all)
 * @param init how an architecture's weights are drawn: {@code weight_scale} or {@code he} ({@code Net.Init});
 *     ThreeLayerConvNet always uses {@code weight_scale}
 */
public record TrainSettings(DataSpec data, int batchSize, int epochs, double lrDecay, String dtype, long seed,
                            int numTrainSamples, String init) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The canonical text of these settings (exact doubles), part of every configuration's identity. */
    public String key() {
        return data.key() + ";batch_size=" + batchSize + ";epochs=" + epochs + ";lr_decay=" + lrDecay + ";dtype=" + dtype
                + ";seed=" + seed + ";num_train_samples=" + numTrainSamples + ";init=" + init;
    }
}
