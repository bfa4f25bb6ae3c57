package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.convnet4j.data.DataSource;
import org.convnet4j.data.Preprocessing;
import org.convnet4j.model.ModelFile;
import org.convnet4j.model.Ops;
import org.convnet4j.predict.Predictor;
import picocli.CommandLine.Option;

/**
 * The model options of {@code predict} and {@code evaluate}: the file, and for files that do not record
 * how their training images were prepared, the data set they were trained on.
 */
final class TrainedModel {
    @Option(names = "--model", defaultValue = "out/model.cnv", paramLabel = "FILE",
            description = "Model file written by train (default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--trained-on", paramLabel = "cifar10|fashion-mnist|synthetic",
            description = "For model files that do not record their preprocessing (written before convnet4j stored it): "
                    + "the data set the model was trained on, which gives the class names and the pixel scale (0..255); "
                    + "the mean image stored in the file is used.")
    String trainedOn;

    /** Checked before any work: the source name parses and is not auto. */
    DataSource trainedOnSource(OptionChecks check) {
        if (trainedOn == null) return null;
        DataSource s;
        try {
            s = DataSource.parse(trainedOn);
        } catch (IllegalArgumentException e) {
            s = null;
        }
        if (s == null || s == DataSource.AUTO) {
            throw check.invalid("--trained-on", "one of cifar10, fashion-mnist, synthetic", trainedOn);
        }
        return s;
    }

    /** The loaded file. */
    ModelFile.Loaded load(Ops ops) throws IOException {
        FileChecks.readableFile("model file", model, "--model");
        return ModelFile.load(model, ops);
    }

    /**
     * The preprocessing the file records; for a file without one, the one {@code --trained-on} names.
     *
     * @throws IllegalArgumentException when neither says it, naming the option to pass
     */
    Preprocessing preprocessing(ModelFile.Loaded loaded, DataSource trainedOnSource) {
        if (loaded.preprocessingKnown()) {
            if (trainedOnSource != null && !trainedOnSource.cliName().equals(loaded.preprocessing().dataset())) {
                throw new IllegalArgumentException(model + " records that it was trained on "
                        + loaded.preprocessing().dataset() + ", not " + trainedOnSource.cliName() + " (--trained-on)");
            }
            return loaded.preprocessing();
        }
        if (trainedOnSource == null) {
            throw new IllegalArgumentException(model + " does not record how its training images were prepared (a file "
                    + "written before convnet4j stored it): pass --trained-on cifar10|fashion-mnist|synthetic, the data set "
                    + "it was trained on (class names, pixel values 0..255"
                    + (loaded.mean() != null ? "; the mean image in the file is subtracted)" : "; the file holds no mean image, so none is subtracted)"));
        }
        return Preprocessing.of(trainedOnSource, loaded.mean());
    }

    Predictor predictor(ModelFile.Loaded loaded, DataSource trainedOnSource) {
        return new Predictor(loaded.model(), preprocessing(loaded, trainedOnSource));
    }
}
