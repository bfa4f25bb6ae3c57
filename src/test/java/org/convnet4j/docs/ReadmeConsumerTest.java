package org.convnet4j.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * The README's consumer pom.xml, its Java example and the dependency list it states are the files the
 * consumer check ({@code src/it/run-consumer.sh}) builds, runs and asserts, so the README cannot drift from
 * what is tested.
 */
class ReadmeConsumerTest extends TestBase {
    /** The lines of the first ``` block (of any language) after the first line containing {@code marker}. */
    private static String blockAfter(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int i = 0;
        while (i < lines.size() && !lines.get(i).contains(marker)) i++;
        assertTrue(i < lines.size(), "README.md has no line containing " + marker);
        while (!lines.get(i).startsWith("```")) i++;
        List<String> block = new ArrayList<>();
        for (i++; !lines.get(i).startsWith("```"); i++) block.add(lines.get(i));
        return String.join("\n", block) + "\n";
    }

    private static String file(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    @Test
    void thePomIsTheConsumerChecksPom() throws IOException {
        assertEquals(file("src/it/consumer/pom.xml"), blockAfter("**A complete project.**"));
    }

    @Test
    void theJavaExampleIsTheOneTheConsumerCheckRuns() throws IOException {
        assertEquals(file("src/it/consumer/src/main/java/example/TrainAndPredict.java"),
                blockAfter("Put the example below in"));
    }

    @Test
    void theStatedDependenciesAreTheAssertedList() throws IOException {
        String version = file("pom.xml").lines().filter(l -> l.startsWith("  <version>")).findFirst().orElseThrow()
                .replaceAll(".*<version>([^<]+)</version>.*", "$1");
        String expected = file("src/it/lean/dependencies.txt").replace("${version}", version)
                .replace("${platform}", "linux-x86_64");
        assertEquals(expected, blockAfter("**What your project receives.**"));
        assertTrue(file("src/it/consumer/pom.xml").contains("<convnet4j.version>" + version + "</convnet4j.version>"),
                "the README's pom names this version");
    }
}
