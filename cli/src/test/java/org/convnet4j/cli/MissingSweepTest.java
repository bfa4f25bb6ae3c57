package org.convnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnet4j.cli.CliTest.Run;
import org.junit.jupiter.api.Test;

/** Without convnet4j-spark on the class path (as in this module's tests), sweep says which artifact to add. */
class MissingSweepTest {
    @Test
    void sweepWithoutTheSparkModuleNamesTheArtifact() {
        Run r = CliTest.run("sweep", "--lr", "1e-3,1e-4", "--master", "local[2]");
        assertEquals(1, r.exit(), r.out());
        assertEquals("error: " + MissingSweepCommand.MESSAGE, r.out().strip());
        assertTrue(r.out().contains("org.convnet4j:convnet4j-spark"), r.out());
    }

    @Test
    void helpListsSweep() {
        Run r = CliTest.run("help");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("sweep") && r.out().contains("Hyper-parameter search on Apache Spark"), r.out());
    }
}
