package org.convnet4j.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a sweep's results table ({@code results.csv}, {@code results.json}): the configuration, its
 * scores and how it ran. Scores are null for a failed configuration.
 *
 * @param index the configuration's position in the sweep that last trained it
 * @param id the configuration's {@link Trial#id()}
 * @param status {@value #OK} or {@value #FAILED}
 * @param lr learning rate
 * @param reg L2 regularisation
 * @param weightScale weight initialisation scale
 * @param hiddenDim hidden units
 * @param numFilters conv filters
 * @param filterSize conv filter size
 * @param updateRule update rule
 * @param arch architecture text, or null for ThreeLayerConvNet
 * @param trainAcc train accuracy at the best validation check
 * @param valAcc best validation accuracy
 * @param finalLoss the last iteration's loss
 * @param wallMs training time in milliseconds
 * @param reason why it failed, or null
 * @param batchSize batch size
 * @param epochs epochs
 * @param lrDecay learning-rate decay per epoch
 * @param dtype float32 or float64
 * @param seed training seed
 * @param numTrainSamples rows per train-accuracy check
 * @param blasThreads BLAS threads of the task
 * @param backend the layers used
 * @param worker host and thread that trained it
 * @param paramsSha256 SHA-256 of the trained parameters (equal digests: bit-identical parameters)
 * @param data the data summary
 */
public record ResultRow(int index, String id, String status, double lr, double reg, double weightScale, int hiddenDim,
                        int numFilters, int filterSize, String updateRule, String arch, Double trainAcc, Double valAcc,
                        Double finalLoss, long wallMs, String reason, int batchSize, int epochs, double lrDecay,
                        String dtype, long seed, int numTrainSamples, int blasThreads, String backend, String worker,
                        String paramsSha256, String data) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /** The CSV header, in the column order of {@link #csvCells()}. */
    public static final List<String> CSV_HEADER = List.of("index", "id", "status", "lr", "reg", "weight_scale", "hidden_dim",
            "num_filters", "filter_size", "update_rule", "arch", "train_acc", "val_acc", "final_loss", "wall_ms", "reason",
            "batch_size", "epochs", "lr_decay", "dtype", "seed", "num_train_samples", "blas_threads", "backend", "worker",
            "params_sha256", "data");

    /** The row of {@code trial}'s result. */
    public static ResultRow of(Trial trial, TrialResult r) {
        SweepConfig c = trial.config();
        TrainSettings s = trial.settings();
        return new ResultRow(trial.index(), trial.id(), r.ok() ? OK : FAILED, c.lr(), c.reg(), c.weightScale(), c.hiddenDim(),
                c.numFilters(), c.filterSize(), c.updateRule(), c.arch(), r.ok() ? r.trainAcc() : null,
                r.ok() ? r.valAcc() : null, r.ok() ? r.finalLoss() : null, r.wallMs(), r.reason(), s.batchSize(), s.epochs(),
                s.lrDecay(), s.dtype(), s.seed(), s.numTrainSamples(), r.blasThreads(), r.backend(), r.worker(),
                r.paramsSha256(), r.data());
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** This row at another position (a resumed sweep renumbers what it carries over). */
    public ResultRow withIndex(int i) {
        return new ResultRow(i, id, status, lr, reg, weightScale, hiddenDim, numFilters, filterSize, updateRule, arch,
                trainAcc, valAcc, finalLoss, wallMs, reason, batchSize, epochs, lrDecay, dtype, seed, numTrainSamples,
                blasThreads, backend, worker, paramsSha256, data);
    }

    /** The cells in {@link #CSV_HEADER}'s order (exact doubles, empty for null). */
    public List<String> csvCells() {
        List<String> c = new ArrayList<>();
        for (Object v : new Object[] {index, id, status, lr, reg, weightScale, hiddenDim, numFilters, filterSize, updateRule,
                arch, trainAcc, valAcc, finalLoss, wallMs, reason, batchSize, epochs, lrDecay, dtype, seed, numTrainSamples,
                blasThreads, backend, worker, paramsSha256, data}) {
            c.add(v == null ? "" : v.toString());
        }
        return c;
    }

    /**
     * Whether this row beats {@code o} for "best": a higher validation accuracy, or an equal one and an
     * earlier position, so the best does not depend on the order results arrive in.
     */
    public boolean betterThan(ResultRow o) {
        if (!ok()) return false;
        if (o == null || !o.ok()) return true;
        int cmp = Double.compare(valAcc, o.valAcc);
        return cmp > 0 || cmp == 0 && index < o.index;
    }
}
