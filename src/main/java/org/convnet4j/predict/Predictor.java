package org.convnet4j.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.convnet4j.data.Dataset;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.layers.Mode;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Net;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * Classifies new images with a trained {@link Net}: prepares them as its training images were
 * ({@link Preprocessing}; for pictures see {@link ImageInput}), runs the net in test mode in batches of
 * {@link #batchSize()} on the net's own layers (its {@link org.convnet4j.model.Ops}: naive or native), and
 * returns a {@link Prediction} per image: the class probabilities (softmax of the scores) and the top-k
 * classes with their names.
 *
 * <pre>
 * ModelFile.Loaded loaded = ModelFile.load(Path.of("out/model.cnv"), Ops.of(Backend.AUTO));
 * Predictor predictor = Predictor.of(loaded);
 * Prediction p = predictor.predict(Path.of("shirt.png"));
 * p.top(3);   // [Shirt 0.8123, T-shirt/top 0.1010, Pullover 0.0501]
 * </pre>
 *
 * Three kinds of input: pictures ({@link BufferedImage}s or files), raw data-set images as the loaders read
 * them before centring ({@link #predict(Dataset)}), and tensors already prepared as the model's input
 * ({@link #predictPrepared}, e.g. a split of the {@code DataSplits} the model was trained on, whose mean is
 * already subtracted). The scores of a batch are those of {@code net.scores(X, Mode.TEST)} on the same
 * rows; batches of 100 are the ones {@code Solver.checkAccuracy} uses, so an accuracy computed here equals
 * the Solver's bit for bit. Not thread-safe (the net is not).
 */
public final class Predictor {
    /** The batch size of {@code Solver.checkAccuracy}. */
    public static final int DEFAULT_BATCH_SIZE = 100;

    private final Net net;
    private final Preprocessing preprocessing;
    private final int batchSize;

    /**
     * @throws IllegalArgumentException if the preprocessing does not fit the net: its image shape against the
     *     net's input shape (equal, or C*H*W = D for a vector net), its class count against the net's scores
     */
    public Predictor(Net net, Preprocessing preprocessing) {
        this(net, preprocessing, DEFAULT_BATCH_SIZE);
    }

    private Predictor(Net net, Preprocessing preprocessing, int batchSize) {
        Checks.notNull("predictor", "net", net);
        Checks.notNull("predictor", "preprocessing", preprocessing);
        Checks.positive("predictor", "batchSize", batchSize);
        int[] d = net.config().inputDim();
        int[] s = preprocessing.imageShape();
        boolean fits = d.length == 3 ? Arrays.equals(d, s) : (long) s[0] * s[1] * s[2] == d[0];
        if (!fits) {
            throw new IllegalArgumentException("predictor: preprocessing image shape " + Arrays.toString(s)
                    + " must fit the net's input " + Arrays.toString(d) + (d.length == 1 ? " (C*H*W = D)" : ""));
        }
        if (preprocessing.numClasses() != net.numClasses()) {
            throw new IllegalArgumentException("predictor: preprocessing must name " + net.numClasses()
                    + " classes (the net's scores), got " + preprocessing.numClasses());
        }
        this.net = net;
        this.preprocessing = preprocessing;
        this.batchSize = batchSize;
    }

    /**
     * A predictor for a loaded model file, with the preprocessing the file records.
     *
     * @throws IllegalArgumentException if the file does not record its preprocessing (older files): build one
     *     with {@link #Predictor(Net, Preprocessing)} and {@code Preprocessing.of(DataSource, loaded.mean())}
     *     for the data set the model was trained on
     */
    public static Predictor of(ModelFile.Loaded loaded) {
        Checks.notNull("predictor", "loaded", loaded);
        if (loaded.preprocessing() == null) {
            throw new IllegalArgumentException("predictor: the model file records no preprocessing (it was written before "
                    + "convnet4j stored it, or saved without one), so the class names and pixel scale are unknown; "
                    + "pass them: new Predictor(loaded.model(), Preprocessing.of(DataSource.<the data set it was trained on>, "
                    + "loaded.mean()))");
        }
        return new Predictor(loaded.model(), loaded.preprocessing());
    }

    /**
     * The same predictor with another batch size (memory against speed; the scores do not depend on it for
     * the naive layers, and for the native ones up to the last bits of float32 sums).
     */
    public Predictor withBatchSize(int n) {
        return new Predictor(net, preprocessing, n);
    }

    public Net net() {
        return net;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * Pictures as the model's input: {@code (N, C, H, W)} in the net's dtype, each picture decoded, converted,
     * resized, scaled and centred as {@link ImageInput} describes.
     *
     * @throws IllegalArgumentException if the list or a picture is null, or the model has neither 1 nor 3 channels
     */
    public Tensor prepare(List<BufferedImage> images) {
        Checks.notNull("predictor", "images", images);
        Tensor x = Tensor.zeros(net.dtype(), images.size(), preprocessing.channels(), preprocessing.height(),
                preprocessing.width());
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) throw new IllegalArgumentException("predictor: images[" + i + "] must not be null");
            ImageInput.write(images.get(i), preprocessing, x, i);
        }
        return images.isEmpty() ? x : preprocessing.apply(x, net.dtype());
    }

    /** {@link #prepare(List)} of one picture: {@code (1, C, H, W)}. */
    public Tensor prepare(BufferedImage image) {
        return prepare(List.of(Checks.notNull("predictor", "image", image)));
    }

    public Prediction predict(BufferedImage image) {
        return predictPrepared(prepare(image)).get(0);
    }

    /** One prediction per picture, in order; the pictures go through the net in batches. */
    public List<Prediction> predict(List<BufferedImage> images) {
        Checks.notNull("predictor", "images", images);
        List<Prediction> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += batchSize) {
            out.addAll(predictPrepared(prepare(images.subList(from, Math.min(images.size(), from + batchSize)))));
        }
        return out;
    }

    /**
     * Reads and classifies a picture file (PNG, JPEG, ... at any size).
     *
     * @throws IOException naming the file when it is missing, unreadable, corrupt or not a picture
     */
    public Prediction predict(Path imageFile) throws IOException {
        return predict(ImageInput.read(imageFile));
    }

    /**
     * Classifies picture files in batches. Each picture is converted to its input row as soon as it is read,
     * so only one decoded picture is held at a time. A file that cannot be read does not stop the others: its
     * outcome holds the error instead.
     */
    public List<FileOutcome> predictFiles(List<Path> files) {
        Checks.notNull("predictor", "files", files);
        List<FileOutcome> out = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += batchSize) {
            List<Path> chunk = files.subList(from, Math.min(files.size(), from + batchSize));
            Tensor x = Tensor.zeros(net.dtype(), chunk.size(), preprocessing.channels(), preprocessing.height(),
                    preprocessing.width());
            FileOutcome[] outcomes = new FileOutcome[chunk.size()];
            int[] rowOf = new int[chunk.size()];
            int rows = 0;
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    ImageInput.write(ImageInput.read(chunk.get(i)), preprocessing, x, rows);
                    rowOf[i] = rows++;
                } catch (IOException e) {
                    outcomes[i] = new FileOutcome(chunk.get(i), null, e);
                }
            }
            List<Prediction> p = rows == 0 ? List.of()
                    : predictPrepared(preprocessing.apply(rows == x.dim(0) ? x : x.sliceRows(0, rows), net.dtype()));
            for (int i = 0; i < chunk.size(); i++) {
                if (outcomes[i] == null) outcomes[i] = new FileOutcome(chunk.get(i), p.get(rowOf[i]), null);
            }
            out.addAll(Arrays.asList(outcomes));
        }
        return out;
    }

    /**
     * What happened to one file of {@link #predictFiles}: a prediction, or the error that kept it from one
     * (an {@link IOException} naming the file).
     */
    public record FileOutcome(Path file, Prediction prediction, IOException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Classifies a data set's images as its loader reads them <em>before</em> centring (e.g.
     * {@code Cifar10Binary.readFile}, or a split loaded with {@code subtractMean = false}): the model's mean
     * is subtracted first. For a split that is already centred, use {@link #predictPrepared}.
     *
     * @throws IllegalArgumentException if the images are not {@code (N, C, H, W)} of the model's shape
     */
    public List<Prediction> predict(Dataset raw) {
        Checks.notNull("predictor", "raw", raw);
        Tensor images = raw.images();
        List<Prediction> out = new ArrayList<>(raw.size());
        for (int from = 0; from < raw.size(); from += batchSize) {
            Tensor rows = images.sliceRows(from, Math.min(raw.size(), from + batchSize));
            out.addAll(scores(preprocessing.apply(rows, net.dtype())));
        }
        return out;
    }

    /** {@link #predict(Dataset)} against the set's labels. */
    public Evaluation evaluate(Dataset raw) {
        checkClasses(raw);
        return new Evaluation(preprocessing.classNames(), raw.labels(), predict(raw));
    }

    /** {@link #predictPrepared} against the set's labels, for a set already prepared (centred). */
    public Evaluation evaluatePrepared(Dataset prepared) {
        checkClasses(prepared);
        return new Evaluation(preprocessing.classNames(), prepared.labels(), predictPrepared(prepared.images()));
    }

    private void checkClasses(Dataset d) {
        Checks.notNull("predictor", "dataset", d);
        if (d.numClasses() != net.numClasses()) {
            throw new IllegalArgumentException("predictor: the data set must have " + net.numClasses()
                    + " classes (the model's), got " + d.numClasses() + " " + d.classNames());
        }
    }

    /**
     * Classifies inputs already prepared as the model's: {@code (N, C, H, W)} (or the net's vector shape) in
     * the net's dtype, centred.
     *
     * @throws IllegalArgumentException on another shape or dtype (the net's own message)
     */
    public List<Prediction> predictPrepared(Tensor x) {
        Checks.notNull("predictor", "x", x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException("predictor: x must be (N, C, H, W), got " + Arrays.toString(x.shape()));
        }
        int n = x.dim(0);
        if (n <= batchSize) return scores(x);
        List<Prediction> out = new ArrayList<>(n);
        for (int from = 0; from < n; from += batchSize) out.addAll(scores(x.sliceRows(from, Math.min(n, from + batchSize))));
        return out;
    }

    private List<Prediction> scores(Tensor batch) {
        if (batch.dim(0) == 0) return List.of();
        Tensor s = net.scores(batch, Mode.TEST);
        int k = s.dim(1);
        List<Prediction> out = new ArrayList<>(s.dim(0));
        for (int i = 0; i < s.dim(0); i++) {
            double[] row = new double[k];
            for (int c = 0; c < k; c++) row[c] = s.getFlat(i * k + c);
            out.add(new Prediction(row, preprocessing.classNames()));
        }
        return out;
    }
}
