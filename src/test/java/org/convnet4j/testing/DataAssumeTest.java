package org.convnet4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convnet4j.data.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DataAssumeTest {
    @TempDir
    Path tmp;

    @Test
    void missingDataSkipsByDefaultAndFailsWhenRequired() {
        Path none = tmp.resolve("fashion-mnist");
        TestAbortedException skip = assertThrows(TestAbortedException.class, () -> DataAssume.fashionMnist(none, false));
        assertTrue(skip.getMessage().contains(none.toString()), skip.getMessage());
        AssertionFailedError fail = assertThrows(AssertionFailedError.class, () -> DataAssume.fashionMnist(none, true));
        assertTrue(fail.getMessage().contains("cnn.requireData=true") && fail.getMessage().contains(none.toString()),
                fail.getMessage());
    }

    /** A folder with only some of the four files counts as missing, and the message lists what is absent. */
    @Test
    void anIncompleteFolderIsMissing() throws IOException {
        Files.createDirectories(tmp);
        Files.write(tmp.resolve(FashionMnist.TRAIN_IMAGES), new byte[0]);
        AssertionFailedError fail = assertThrows(AssertionFailedError.class, () -> DataAssume.fashionMnist(tmp, true));
        assertTrue(fail.getMessage().contains(FashionMnist.TEST_LABELS), fail.getMessage());
    }

    @Test
    void presentDataRuns() throws IOException {
        for (String name : new String[] {FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES,
            FashionMnist.TEST_LABELS}) {
            Files.write(tmp.resolve(name), new byte[0]);
        }
        assertEquals(tmp, DataAssume.fashionMnist(tmp, true));
        assertEquals(tmp, DataAssume.fashionMnist(tmp, false));
    }
}
