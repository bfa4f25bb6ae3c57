package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.convnet4j.model.Net;
import org.convnet4j.model.Ops;
import org.convnet4j.model.Sequential;
import org.convnet4j.tensor.Rng;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --arch SPEC} and {@code --init weight-scale|he}: which net {@code train} and {@code overfit} build.
 * Without {@code --arch} they build the notebook's ThreeLayerConvNet, as before. A bad text, an
 * impossible shape on the data's input, or {@code --arch} beside an option that only shapes the
 * ThreeLayerConvNet is a usage error (exit 2).
 */
final class ArchOptions {
    @Option(names = "--arch", paramLabel = "SPEC",
            description = "The net, e.g. '[conv(32,3)-sbn-relu-pool(2)]x2-affine(256)-bn-relu-dropout(0.5)-affine(10)' "
                    + "(the grammar is in the README, 'Your own nets'). Default: the notebook's ThreeLayerConvNet.")
    String arch;

    @Option(names = "--init", defaultValue = "weight-scale", paramLabel = "weight-scale|he",
            description = "Weight initialisation: weight-scale (CS231n's weight_scale * randn, with --weight-scale) "
                    + "or he (sqrt(2 / fan_in) * randn). Default: ${DEFAULT-VALUE}.")
    String init;

    /** Whether {@code --arch} was given. */
    boolean given() {
        return arch != null;
    }

    /** The architecture given with {@code --arch}; a bad text is a usage error with its offset. */
    Sequential architecture(OptionChecks check) {
        return parse(check, "--arch", arch);
    }

    /** {@code --init} as the library's enum; anything else is a usage error. */
    Net.Init initValue(OptionChecks check) {
        return parseInit(check, init);
    }

    static Net.Init parseInit(OptionChecks check, String text) {
        switch (text) {
            case "weight-scale", "weight_scale":
                return Net.Init.WEIGHT_SCALE;
            case "he":
                return Net.Init.HE;
            default:
                throw check.invalid("--init", "weight-scale or he", text);
        }
    }

    /** {@code weight-scale} or {@code he}, as the option is spelt. */
    static String show(Net.Init init) {
        return init == Net.Init.HE ? "he" : "weight-scale";
    }

    /**
     * Checks the options before any work: a parseable {@code --arch}, a known {@code --init}, no
     * {@code --weight-scale} with {@code --init he} (He ignores it), and none of {@code threeLayerOptions}
     * (e.g. {@code --hidden-dim}) given beside {@code --arch}.
     */
    void validate(OptionChecks check, CommandSpec spec, String... threeLayerOptions) {
        Net.Init i = initValue(check);
        if (given()) {
            architecture(check);
            List<String> clash = new ArrayList<>();
            for (String o : threeLayerOptions) if (given(spec, o)) clash.add(o);
            if (!clash.isEmpty()) {
                throw check.usage("--arch and " + String.join(", ", clash) + " cannot be used together: "
                        + String.join(", ", threeLayerOptions) + " shape the default ThreeLayerConvNet; with --arch, "
                        + "write the layers in SPEC (e.g. conv(32,7) or affine(500))");
            }
        }
        if (i == Net.Init.HE && given(spec, "--weight-scale")) {
            throw check.usage("--weight-scale and --init he cannot be used together: He initialisation draws "
                    + "sqrt(2 / fan_in) * randn and has no scale; use --init weight-scale for --weight-scale");
        }
    }

    /**
     * Builds {@code s} on {@code config}. An impossible shape (the layer, its input shape, the reason) is a
     * usage error on {@code --arch} when the text came from it, so is a net whose class scores do not match
     * the data's {@code numClasses}.
     */
    Net build(OptionChecks check, Sequential s, Net.Config config, int numClasses, Ops ops, Rng rng) {
        Net net;
        try {
            net = s.build(config, ops, rng);
        } catch (IllegalArgumentException e) {
            if (!given()) throw e;
            throw check.usage("Invalid value for option '--arch': " + e.getMessage());
        }
        if (net.numClasses() != numClasses) {
            throw check.invalid("--arch", "a net ending in " + numClasses + " class scores, as many as the data has "
                    + "classes (end it with affine(" + numClasses + "))", arch + " (" + net.numClasses() + " scores)");
        }
        return net;
    }

    /** Parses an architecture text given with {@code option}; a bad text is a usage error with its offset. */
    static Sequential parse(OptionChecks check, String option, String text) {
        try {
            return Sequential.parse(text);
        } catch (IllegalArgumentException e) {
            throw check.usage("Invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    /** Whether the user typed {@code option} (picocli knows; a default value does not count). */
    static boolean given(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
