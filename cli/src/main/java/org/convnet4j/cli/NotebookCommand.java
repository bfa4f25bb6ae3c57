package org.convnet4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.convnet4j.check.NotebookChecks;
import picocli.CommandLine.Command;

/** Runs every layer check of the notebook and prints the notebook's figure beside ours. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Run the notebook's layer checks; print each notebook figure beside ours and the bound.")
final class NotebookCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<NotebookChecks.Row> rows = NotebookChecks.run();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"check", "notebook", "ours", "bound", ""});
        int failed = 0;
        for (NotebookChecks.Row r : rows) {
            table.add(new String[] {r.name(), r.notebookPrinted(), r.ours(), String.format(Locale.ROOT, "%.1e", r.threshold()),
                r.passed() ? "ok" : "FAIL"});
            if (!r.passed()) failed++;
        }
        for (String line : align(table)) System.out.println(line);
        System.out.println((rows.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /**
     * The rows as lines with every column as wide as its widest cell (plus two spaces), so that each
     * column starts at the same place on every line, whatever the length of a printed array.
     */
    static List<String> align(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) width[c] = Math.max(width[c], r[c].length());
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                b.append(r[c]);
                if (c < columns - 1) b.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }
}
