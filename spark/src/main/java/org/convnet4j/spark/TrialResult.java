package org.convnet4j.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What one task sends back for its configuration: the scores and, when training finished, the trained
 * parameters (so the driver can save the best model without training it again) and the data's mean image.
 *
 * @param id the configuration's {@link Trial#id()}
 * @param ok whether training finished
 * @param reason why it failed (diverged, out of memory, an exception), or null when ok
 * @param trainAcc train accuracy at the best validation check, or NaN
 * @param valAcc the best validation accuracy (the kept parameters'), or NaN
 * @param finalLoss the last iteration's loss, or NaN
 * @param wallMs the task's training time in milliseconds (data loading excluded)
 * @param paramsSha256 SHA-256 over the kept parameters' and batch-norm statistics' names, shapes and values
 *     (bit-level), or null
 * @param worker where it ran: host and thread
 * @param blasThreads the BLAS threads it trained with (the task's cpus)
 * @param backend the layers it trained with: {@code naive}, {@code native}, {@code auto/native} or {@code auto/naive}
 * @param data the data summary ({@code DataSplits.summary()}), or the loading error
 * @param params the kept parameters, or null when failed
 * @param state the kept batch-norm running statistics (empty without batch norm), or null when failed
 * @param mean the training data's mean image, or null
 * @param inputDim the model's input {C, H, W}, or null when failed
 * @param numClasses the model's classes, or 0 when failed
 */
public record TrialResult(String id, boolean ok, String reason, double trainAcc, double valAcc, double finalLoss,
                          long wallMs, String paramsSha256, String worker, int blasThreads, String backend, String data,
                          Map<String, SerialTensor> params, Map<String, SerialTensor> state, SerialTensor mean,
                          int[] inputDim, int numClasses)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A failure with no scores. */
    public static TrialResult failed(String id, String reason, long wallMs, String worker, int blasThreads, String backend,
                                     String data) {
        return new TrialResult(id, false, reason, Double.NaN, Double.NaN, Double.NaN, wallMs, null, worker, blasThreads,
                backend, data, null, null, null, null, 0);
    }

    /** This result without the parameters (what the driver keeps for every configuration but the best). */
    public TrialResult withoutParams() {
        return new TrialResult(id, ok, reason, trainAcc, valAcc, finalLoss, wallMs, paramsSha256, worker, blasThreads,
                backend, data, null, null, null, inputDim, numClasses);
    }
}
