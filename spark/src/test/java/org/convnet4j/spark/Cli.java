package org.convnet4j.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.convnet4j.cli.Main;

/** Runs the command line in this JVM and captures what it prints (stdout and stderr together). */
final class Cli {
    private Cli() {}

    /** Exit code and everything the command printed. */
    record Run(int exit, String out) {}

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = Main.run(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
