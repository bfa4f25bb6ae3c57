package org.convnet4j.data;

import static org.convnet4j.testing.Rejects.rejects;

import java.nio.file.Path;
import java.util.List;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Issue 9, kind 2 in the data package: bad arguments are IllegalArgumentExceptions naming them. */
class DataValidationTest extends TestBase {
    /** Before: ArrayIndexOutOfBoundsException. */
    @Test
    void labelIndex() {
        Dataset d = new Dataset(Tensor.zeros(DType.FLOAT32, 2, 1, 1, 1), new int[] {0, 1}, List.of("a", "b"));
        rejects(() -> d.label(2), "dataset", "label index must be in [0, 2)", "got 2");
        rejects(() -> d.label(-1), "dataset", "label index", "got -1");
    }

    /** Before: NullPointerException (splits, folders, options, files). */
    @Test
    void nulls() {
        Dataset d = new Dataset(Tensor.zeros(DType.FLOAT32, 1, 1, 1, 1), new int[] {0}, List.of("a"));
        rejects(() -> DataSplits.of(null, d, d, true, "x"), "DataSplits", "train must not be null");
        rejects(() -> FashionMnist.load(null, 1, 1, 1, false, DType.FLOAT32), "fashionMnist", "dir must not be null");
        rejects(() -> FashionMnist.missingFiles(null), "fashionMnist", "folder must not be null");
        rejects(() -> Cifar10Binary.missingFiles(null), "cifar10", "folder must not be null");
        rejects(() -> Cifar10Binary.recordCount(null), "cifar10", "file must not be null");
        rejects(() -> MnistIdx.readImages(null), "idx", "file must not be null");
        rejects(() -> MnistIdx.isGzip(null), "idx", "file must not be null");
        rejects(() -> new DataChoice(DataSource.SYNTHETIC, null, "r").load(null), "DataChoice", "options must not be null");
        rejects(() -> Cifar10Binary.readTrain(Path.of("x"), 1, null), "cifar10", "dtype must not be null");
    }

    /** Before: "zeros: shape dims must be >= 0" or "zeros: dtype must not be null", naming the wrong op. */
    @Test
    void syntheticGenerateArguments() {
        rejects(() -> Synthetic.generate(2, 1, -4, 1, 60, DType.FLOAT32), "synthetic", "size must be > 0", "-4");
        rejects(() -> Synthetic.generate(2, 1, 4, 1, 60, null), "synthetic", "dtype must not be null");
        rejects(() -> Synthetic.generate(2, 1, 65536, 1, 60, DType.FLOAT32), "the Java array limit");
    }

    /**
     * A batch file with more records than one tensor holds is refused naming the file and the limit, before
     * any allocation (before: "zeros: shape [699051, 3, 32, 32] has more than ..."). The file is sparse.
     */
    @Test
    void moreRecordsThanOneTensorHolds(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        Path f = tmp.resolve("data_batch_1.bin");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(699_051L * Cifar10Binary.RECORD_BYTES); // one more than 699,050 = (2^31 - 9) / 3072
        }
        rejects(() -> Cifar10Binary.readFile(f, Integer.MAX_VALUE, DType.FLOAT32), "cifar10", "699051 images of " + f,
                "at most 699050 images");
    }

    /** Before: ArrayIndexOutOfBoundsException, or a wrong pixel for a column past the row's end. */
    @Test
    void imagePixelIndices() {
        MnistIdx.Images im = new MnistIdx.Images(2, 2, 3, new byte[12]);
        rejects(() -> im.pixel(2, 0, 0), "idx", "image index must be in [0, 2)", "got 2");
        rejects(() -> im.pixel(0, 0, 3), "idx", "col must be in [0, 3)", "got 3");
        rejects(() -> im.pixel(0, -1, 0), "idx", "row", "got -1");
        rejects(() -> new MnistIdx.Images(2, 2, 3, new byte[11]), "idx", "pixels must have count*rows*cols = 12 bytes", "11");
    }
}
