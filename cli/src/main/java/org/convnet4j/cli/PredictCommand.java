package org.convnet4j.cli;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.convnet4j.data.DataSource;
import org.convnet4j.io.AtomicFiles;
import org.convnet4j.model.ModelFile;
import org.convnet4j.predict.Prediction;
import org.convnet4j.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Classifies picture files with a saved model: the top-k classes with their names and probabilities per
 * picture. A file that cannot be read is one error line naming it, and the others are still classified;
 * the exit code is 1 if any file failed, else 0.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify pictures (PNG, JPEG, ... at any size) with a saved model: top-k classes and probabilities.",
                "Each picture is resized to the model's input (area averaging), converted to its channels (grey: "
                        + "0.299 R + 0.587 G + 0.114 B) and prepared as the training images were (0..255 minus the mean image).",
                "A file that cannot be read is one error line; the others are still classified; exit code 1 if any failed."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    TrainedModel trained;
    @Mixin
    BackendOptions backendOptions;
    @Option(names = "--top", defaultValue = "3", paramLabel = "K",
            description = "Classes to show per picture, most likely first (default ${DEFAULT-VALUE}).")
    int top;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results (every class's probability) as JSON.")
    Path json;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Picture files.")
    List<Path> images;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        check.atLeast("--top", 1, top);
        backendOptions.validate(check);
        DataSource trainedOn = trained.trainedOnSource(check);
        if (json != null) FileChecks.writableFile("JSON output", json, "--json");
        ModelFile.Loaded loaded = trained.load(backendOptions.ops());
        Predictor predictor = trained.predictor(loaded, trainedOn);
        PrintStream o = System.out;
        PrintWriter err = spec.commandLine().getErr();
        o.println("model: " + trained.model + ", trained on " + predictor.preprocessing().dataset() + " ("
                + predictor.preprocessing().numClasses() + " classes)");
        List<Predictor.FileOutcome> outcomes = predictor.predictFiles(images);
        int failed = 0;
        List<Object> records = new ArrayList<>();
        for (Predictor.FileOutcome r : outcomes) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("file", r.file().toString());
            if (!r.ok()) {
                failed++;
                String why = Main.message(r.error());
                err.println("error: " + why);
                err.flush();
                rec.put("error", why);
                records.add(rec);
                continue;
            }
            Prediction p = r.prediction();
            o.println(r.file());
            List<Prediction.ClassProbability> best = p.top(top);
            int width = 0;
            for (Prediction.ClassProbability c : best) width = Math.max(width, c.name().length());
            List<Object> topList = new ArrayList<>();
            for (int i = 0; i < best.size(); i++) {
                Prediction.ClassProbability c = best.get(i);
                o.printf(Locale.ROOT, "  %d. %-" + width + "s  %.4f%n", i + 1, c.name(), c.probability());
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("class", c.name());
                e.put("index", c.index());
                e.put("probability", finite(c.probability()));
                topList.add(e);
            }
            rec.put("predicted", p.predictedName());
            rec.put("top", topList);
            Map<String, Object> all = new LinkedHashMap<>();
            for (int k = 0; k < p.classNames().size(); k++) all.put(p.classNames().get(k), finite(p.probability(k)));
            rec.put("probabilities", all);
            records.add(rec);
        }
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", trained.model.toString());
            doc.put("dataset", predictor.preprocessing().dataset());
            doc.put("top", top);
            doc.put("images", records);
            String text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(doc) + "\n";
            AtomicFiles.write(json, text.getBytes(StandardCharsets.UTF_8));
            o.println("wrote " + json);
        }
        if (failed > 0) o.println(failed + " of " + outcomes.size() + " file(s) could not be classified");
        return failed > 0 ? 1 : 0;
    }

    /** JSON has no NaN or infinity: such a probability (from a non-finite score) is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
