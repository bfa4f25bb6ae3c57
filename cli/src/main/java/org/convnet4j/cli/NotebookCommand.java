package org.convnet4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convnet4j.check.NotebookChecks;
import picocli.CommandLine.Command;

/** Runs every layer check of the seed notebook and prints the seed's figure beside ours. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Run the seed notebook's layer checks; print each seed figure beside ours and the bound.")
final class NotebookCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<NotebookChecks.Row> rows = NotebookChecks.run();
        String fmt = "%-48s %-26s %-26s %-9s %s%n";
        System.out.printf(Locale.ROOT, fmt, "check", "seed", "ours", "bound", "");
        int failed = 0;
        for (NotebookChecks.Row r : rows) {
            System.out.printf(Locale.ROOT, fmt, r.name(), r.seedPrinted(), r.ours(), String.format(Locale.ROOT, "%.1e", r.threshold()),
                    r.passed() ? "ok" : "FAIL");
            if (!r.passed()) failed++;
        }
        System.out.println((rows.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
