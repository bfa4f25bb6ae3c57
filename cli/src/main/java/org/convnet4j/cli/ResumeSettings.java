package org.convnet4j.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.convnet4j.solver.Checkpoint;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code train --resume}: the run's settings come from the checkpoint, not from the options' defaults.
 * Each setting the checkpoint holds is taken over unless its option was given; an option given with
 * another value than the checkpoint's is a usage error naming both. {@code --epochs} is the exception: it
 * may raise the total, and must then exceed the epochs done.
 *
 * <p>The command line stores its data settings in the checkpoint under {@code cli/...} ({@link #meta});
 * the model config and the solver options are the checkpoint's own. A checkpoint written before these
 * were stored has none of them: then the options given (or their defaults) are used, as before.
 */
final class ResumeSettings {
    /** The data settings stored in checkpoints, under these keys. */
    static final String DATA = "cli/data", SOURCE = "cli/data_source", DATA_DIR = "cli/data_dir", NUM_TRAIN = "cli/num_train",
            NUM_VAL = "cli/num_val", NUM_TEST = "cli/num_test";

    private final CommandSpec spec;
    private final OptionChecks check;
    private final Path file;
    private final Map<String, String> meta;

    ResumeSettings(CommandSpec spec, OptionChecks check, Path file, Checkpoint.Info info) {
        this.spec = spec;
        this.check = check;
        this.file = file;
        this.meta = info.meta();
    }

    /** The data settings of a run, to store in its checkpoints. */
    static Map<String, String> meta(String requested, String source, Path dir, int numTrain, int numVal, int numTest) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DATA, requested);
        m.put(SOURCE, source);
        if (dir != null) m.put(DATA_DIR, dir.toAbsolutePath().normalize().toString());
        m.put(NUM_TRAIN, Integer.toString(numTrain));
        m.put(NUM_VAL, Integer.toString(numVal));
        m.put(NUM_TEST, Integer.toString(numTest));
        return m;
    }

    /** Whether the checkpoint holds the command line's settings (checkpoints from before them do not). */
    boolean complete() {
        return meta.containsKey("solver/update_rule") && meta.containsKey(SOURCE);
    }

    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Takes over the checkpoint's {@code key} into an option's field, or checks the given value against it.
     *
     * @param parse the stored text as the option's type
     * @param same whether the given value equals the stored one
     */
    <T> void take(String option, String key, java.util.function.Function<String, T> parse, Supplier<T> current,
            Consumer<T> set, java.util.function.BiPredicate<T, T> same) {
        String stored = meta.get(key);
        if (stored == null) return;
        T saved = parse.apply(stored);
        if (!given(option)) {
            set.accept(saved);
        } else if (!same.test(current.get(), saved)) {
            throw conflict(option, show(saved), show(current.get()));
        }
    }

    void takeInt(String option, String key, Supplier<Integer> current, Consumer<Integer> set) {
        take(option, key, Integer::valueOf, current, set, Integer::equals);
    }

    void takeDouble(String option, String key, Supplier<Double> current, Consumer<Double> set) {
        take(option, key, Double::valueOf, current, set, (a, b) -> Double.compare(a, b) == 0);
    }

    void takeString(String option, String key, Supplier<String> current, Consumer<String> set) {
        take(option, key, s -> s, current, set, String::equals);
    }

    /** The data folder: a given --data-dir may differ from the stored one only if that one is gone (data moved). */
    void takeDataDir(Supplier<Path> current, Consumer<Path> set) {
        String stored = meta.get(DATA_DIR);
        if (stored == null) return;
        Path saved = Path.of(stored);
        if (!given("--data-dir")) {
            set.accept(saved);
        } else if (!current.get().toAbsolutePath().normalize().equals(saved) && Files.isDirectory(saved)) {
            throw conflict("--data-dir", stored, current.get().toString());
        }
    }

    /** The data set: a given --data must be the one asked for then, or the one found. */
    void takeData(Supplier<String> current, Consumer<String> set) {
        String requested = meta.get(DATA), source = meta.get(SOURCE);
        if (source == null) return;
        if (!given("--data")) {
            set.accept(source);
        } else if (!current.get().equals(source) && !current.get().equals(requested)) {
            throw conflict("--data", source, current.get());
        }
    }

    /**
     * The total epoch count: the checkpoint's, or a given larger one. Fewer epochs than done, or as many
     * (nothing left to train), is a usage error saying which {@code --epochs} to pass.
     */
    int epochs(int given, int done) {
        String stored = meta.get("solver/num_epochs");
        int total = given("--epochs") || stored == null ? given : Integer.parseInt(stored);
        if (total <= done) {
            String why = given("--epochs") ? "" : "; all " + done + " epochs it was started with are done";
            throw check.invalid("--epochs", "more than the " + done + " epoch(s) " + file + " has done" + why + ": --epochs is "
                    + "the total, so pass --epochs " + (done + 1) + " or more to train further", total
                    + (given("--epochs") ? "" : " (the checkpoint's)"));
        }
        return total;
    }

    private RuntimeException conflict(String option, String saved, String given) {
        return check.invalid(option, saved + ", the value " + file + " was trained with (leave " + option
                + " out to resume with it)", given);
    }

    /** A value as the user would type it: {@code 0.001}, not {@code 1.0E-3}. */
    static String show(Object v) {
        if (v instanceof Double d && Double.isFinite(d)) return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return String.valueOf(v);
    }
}
