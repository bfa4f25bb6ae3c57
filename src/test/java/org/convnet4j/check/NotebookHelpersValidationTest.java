package org.convnet4j.check;

import static org.convnet4j.testing.Rejects.rejects;

import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/** Issue 9, kind 2 in the check package. */
class NotebookHelpersValidationTest extends TestBase {
    /** Before: NumberFormatException ("Character a is neither a decimal digit number..."), naming nothing. */
    @Test
    void aPrintedTokenThatIsNotANumber() {
        rejects(() -> NotebookChecks.maxDistanceToPrinted("[1.5 abc]", new double[] {1.5, 2}), "printed",
                "token 1 must be a number", "'abc'");
        rejects(() -> NotebookChecks.maxDistanceToPrinted("[1.5 2]", new double[] {1.5, Double.NaN}), "printed",
                "ours[1] must be finite", "NaN");
        rejects(() -> NotebookChecks.maxDistanceToPrinted(null, new double[0]), "printed must not be null");
        rejects(() -> NotebookChecks.format(null), "format", "v must not be null");
    }

    /** Before: an empty tensor gave NaN means, and (0, 2^31-1, 1, 1) allocated a 2^31-element array. */
    @Test
    void channelStatisticsOfAnEmptyTensor() {
        rejects(() -> NotebookChecks.channelMeans(Tensor.zeros(DType.FLOAT64, 0, 3, 2, 2)), "channel_means",
                "dims must be > 0", "[0, 3, 2, 2]");
        rejects(() -> NotebookChecks.channelStds(Tensor.zeros(DType.FLOAT64, 0, Integer.MAX_VALUE, 1, 1)), "channel_means");
    }
}
