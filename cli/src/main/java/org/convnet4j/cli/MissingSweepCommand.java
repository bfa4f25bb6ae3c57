package org.convnet4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Stands in for {@code sweep} when convnet4j-spark is not on the class path: whatever the arguments, it
 * says which artifact to add instead of "Unmatched argument".
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Hyper-parameter search on Apache Spark (lr, reg, weight scale, sizes, update rule, architectures); "
                + "./convnet4j sweep builds its module, convnet4j-spark, and runs it with Spark.",
                "Elsewhere, add org.convnet4j:convnet4j-spark and Spark (spark-core_2.13) to the class path, or use "
                        + "spark-submit (see the README's Spark section)."})
final class MissingSweepCommand implements Callable<Integer> {
    static final String MESSAGE = "sweep needs the convnet4j-spark module (org.convnet4j:convnet4j-spark) and Spark "
            + "(org.apache.spark:spark-core_2.13) on the class path: run it as ./convnet4j sweep from a checkout "
            + "(the launcher builds the module and adds Spark), or with spark-submit (see the README's Spark section)";

    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored;

    @Override
    public Integer call() {
        throw new IllegalStateException(MESSAGE);
    }
}
