package org.convnet4j.spark;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.io.AtomicFiles;
import org.convnet4j.model.Model;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.model.ThreeLayerConvNet;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.viz.TuningPlot;

/**
 * A sweep's results on the driver, keyed by configuration id, and the files they are written to, each
 * atomically ({@link AtomicFiles}) after every result, so that a killed sweep leaves complete files:
 *
 * <ul>
 *   <li>{@value #JSON}: {@code {"format": "convnet4j-sweep", "version": 1, "best": id, "results": [rows]}};</li>
 *   <li>{@value #CSV}: the same rows as a table ({@link ResultRow#CSV_HEADER});</li>
 *   <li>{@value #MODEL}: the best configuration's trained model, a normal model file
 *       ({@link ModelFile}) with the sweep's settings in its metadata ({@value #MODEL_ID_KEY} names the
 *       configuration);</li>
 *   <li>{@value #PNG}: validation (and training) accuracy over learning rate and regularisation
 *       ({@link TuningPlot}).</li>
 * </ul>
 *
 * The figure is redrawn at most every 30 seconds while results arrive; {@link #write()} (called when the
 * sweep ends) redraws it. A result for an id already recorded in this run is ignored, so a configuration is never counted twice,
 * whatever Spark retried. The best model is written before the tables that name it, so the tables never
 * name a model that is not on disk. Not thread-safe: the driver records results from one thread.
 */
public final class ResultsStore {
    public static final String JSON = "results.json";
    public static final String CSV = "results.csv";
    public static final String MODEL = "best_model.cnv";
    public static final String PNG = "tuning.png";
    public static final String FORMAT = "convnet4j-sweep";
    public static final int VERSION = 1;
    /** The model file's metadata key holding the configuration's id. */
    public static final String MODEL_ID_KEY = "sweep_config_id";

    private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setPrettyPrinting().disableHtmlEscaping().create();

    /** The JSON file's layout. */
    private static final class FileContent {
        String format;
        int version;
        String best;
        List<ResultRow> results;
    }

    private final Path dir;
    private final Map<String, ResultRow> rows = new LinkedHashMap<>();
    private final Set<String> recordedThisRun = new HashSet<>();
    private final String title;
    private ResultRow best;
    private long lastPicture = System.nanoTime();
    private static final long PICTURE_EVERY_NANOS = 30_000_000_000L;

    private ResultsStore(Path dir, String title) {
        this.dir = dir;
        this.title = title;
    }

    /**
     * Opens the results in {@code dir}.
     *
     * @param resume read the results a previous run left there; without it, existing results are an error
     *     (so that a second sweep does not overwrite the first)
     * @param title the figure's title
     * @throws IllegalArgumentException if {@code dir} holds results and {@code resume} is false
     * @throws IOException if the results file cannot be read or is not a sweep's, naming the file
     */
    public static ResultsStore open(Path dir, boolean resume, String title) throws IOException {
        ResultsStore s = new ResultsStore(dir, title);
        Path json = dir.resolve(JSON);
        if (!resume) {
            if (Files.exists(json)) {
                throw new IllegalArgumentException(dir + " already holds a sweep's " + JSON
                        + ": continue it with --resume, or choose another --out");
            }
            return s;
        }
        String text;
        try {
            text = Files.readString(json, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return s; // nothing to resume: a fresh sweep
        }
        FileContent f;
        try {
            f = GSON.fromJson(text, FileContent.class);
        } catch (JsonParseException e) {
            throw new IOException(json + ": not a readable sweep results file (" + e.getMessage() + ")", e);
        }
        if (f == null || !FORMAT.equals(f.format) || f.version != VERSION || f.results == null) {
            throw new IOException(json + ": not a " + FORMAT + " version " + VERSION + " results file (format "
                    + (f == null ? null : f.format) + ", version " + (f == null ? null : f.version) + ")");
        }
        for (int i = 0; i < f.results.size(); i++) {
            ResultRow r = f.results.get(i);
            if (r == null || r.id() == null || r.status() == null || r.ok() && r.valAcc() == null) {
                throw new IOException(json + ": results[" + i + "] lacks an id, a status or (for status ok) val_acc");
            }
            s.rows.put(r.id(), r);
            if (r.betterThan(s.best)) s.best = r;
        }
        return s;
    }

    /** The ids of the configurations already finished: ok ones, and failed ones unless {@code retryFailed}. */
    public Set<String> finished(boolean retryFailed) {
        Set<String> done = new HashSet<>();
        for (ResultRow r : rows.values()) if (r.ok() || !retryFailed) done.add(r.id());
        return done;
    }

    /** The best row so far, or null. */
    public ResultRow best() {
        return best;
    }

    /** The row of {@code id}, or null. */
    public ResultRow row(String id) {
        return rows.get(id);
    }

    public Collection<ResultRow> rows() {
        return rows.values();
    }

    /**
     * Whether {@value #MODEL} holds the best row's model (its {@value #MODEL_ID_KEY} names it). A resumed
     * sweep that finds it does not (the file is missing, or the run was killed between writing a new best's
     * result and its model) trains that configuration again to restore it.
     */
    public boolean bestModelOnDisk() {
        if (best == null) return true;
        Path m = dir.resolve(MODEL);
        if (!Files.isRegularFile(m)) return false;
        try {
            return best.id().equals(ModelFile.load(m, Ops.naive()).meta().get(MODEL_ID_KEY));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Records a finished configuration and rewrites the files (the model first when it is the new best).
     * Rows from earlier runs of this sweep take the position {@code trial} has now.
     *
     * @return false if {@code trial}'s id was already recorded in this run (the result is ignored)
     */
    public boolean record(Trial trial, TrialResult result) throws IOException {
        if (!recordedThisRun.add(trial.id())) return false;
        ResultRow row = ResultRow.of(trial, result);
        boolean restoringBest = best != null && best.id().equals(row.id());
        if (row.betterThan(best) || restoringBest && row.ok()) {
            saveModel(trial, result, row);
            best = row;
        }
        rows.put(row.id(), row);
        writeTables();
        // the figure takes JFreeChart a second or more to draw: redrawn now and then while the sweep runs, and at the end
        if (System.nanoTime() - lastPicture > PICTURE_EVERY_NANOS) writePicture();
        return true;
    }

    /** Carries a row of an earlier run over to this sweep's position {@code index} (not written yet). */
    public void renumber(String id, int index) {
        ResultRow r = rows.get(id);
        if (r != null && r.index() != index) {
            rows.put(id, r.withIndex(index));
            if (best != null && best.id().equals(id)) best = rows.get(id);
        }
    }

    private void saveModel(Trial trial, TrialResult r, ResultRow row) throws IOException {
        SweepConfig c = trial.config();
        TrainSettings s = trial.settings();
        Map<String, Tensor> params = tensors(r.params());
        Model model;
        if (c.arch() == null) {
            model = new ThreeLayerConvNet(new ThreeLayerConvNet.Config(r.inputDim(), c.numFilters(), c.filterSize(),
                    c.hiddenDim(), r.numClasses(), c.weightScale(), c.reg(), DType.parse(s.dtype())), Ops.naive(), params);
        } else {
            model = new Net(Sequential.parse(c.arch()), ConfigTrainer.netConfig(c, s, r.inputDim()), Ops.naive(), params,
                    tensors(r.state()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MODEL_ID_KEY, row.id());
        meta.put("data", r.data());
        meta.put("best_val_acc", Double.toString(r.valAcc()));
        meta.put("train_acc", Double.toString(r.trainAcc()));
        meta.put("update_rule", c.updateRule());
        meta.put("lr", Double.toString(c.lr()));
        meta.put("lr_decay", Double.toString(s.lrDecay()));
        meta.put("batch_size", Integer.toString(s.batchSize()));
        meta.put("epochs", Integer.toString(s.epochs()));
        meta.put("seed", Long.toString(s.seed()));
        meta.put("params_sha256", r.paramsSha256());
        // the split, as train records it, so that evaluate scores the model on the test images the sweep used
        DataSpec d = s.data();
        meta.put("num_train", Integer.toString(d.numTrain()));
        meta.put("num_val", Integer.toString(d.numVal()));
        meta.put("num_test", Integer.toString(d.numTest()));
        meta.put("data_seed", Long.toString(d.seed()));
        Tensor mean = r.mean() == null ? null : r.mean().toTensor();
        DataSource source = dataSource(d);
        if (source == null) {
            ModelFile.save(dir.resolve(MODEL), model, mean, meta);
        } else {
            // the preprocessing, so that predict and evaluate take the model as they take train's
            ModelFile.saveWithPreprocessing(dir.resolve(MODEL), model, Preprocessing.of(source, mean), meta);
        }
    }

    /** The data set the spec names, as found on this machine; null when it is not found here (a cluster's data). */
    private static DataSource dataSource(DataSpec d) {
        try {
            return d.choice().source();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Tensor> tensors(Map<String, SerialTensor> m) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        if (m != null) for (Map.Entry<String, SerialTensor> e : m.entrySet()) t.put(e.getKey(), e.getValue().toTensor());
        return t;
    }

    /** Rewrites the JSON, the CSV and the PNG from the rows held. */
    public void write() throws IOException {
        writeTables();
        writePicture();
    }

    private List<ResultRow> sorted() {
        List<ResultRow> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingInt(ResultRow::index));
        return sorted;
    }

    private void writeTables() throws IOException {
        List<ResultRow> sorted = sorted();
        FileContent f = new FileContent();
        f.format = FORMAT;
        f.version = VERSION;
        f.best = best == null ? null : best.id();
        f.results = sorted;
        AtomicFiles.write(dir.resolve(JSON), (GSON.toJson(f) + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder csv = new StringBuilder(csvLine(ResultRow.CSV_HEADER));
        for (ResultRow r : sorted) csv.append(csvLine(r.csvCells()));
        AtomicFiles.write(dir.resolve(CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writePicture() throws IOException {
        List<TuningPlot.Point> points = new ArrayList<>();
        int bestIndex = -1;
        for (ResultRow r : sorted()) {
            if (r == best) bestIndex = points.size();
            points.add(new TuningPlot.Point(r.lr(), r.reg(), r.ok() ? r.trainAcc() : Double.NaN,
                    r.ok() ? r.valAcc() : Double.NaN));
        }
        TuningPlot.write(dir.resolve(PNG), points, bestIndex, title);
        lastPicture = System.nanoTime();
    }

    /** One CSV record (RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled). */
    static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) b.append(',');
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        return b.append("\r\n").toString();
    }

    public Path dir() {
        return dir;
    }
}
