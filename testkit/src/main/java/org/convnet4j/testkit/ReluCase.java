package org.convnet4j.testkit;

import java.util.Arrays;
import org.convnet4j.tensor.DType;

/**
 * One ReLU case: x of any shape, then dout shaped like it, both {@code randn}.
 *
 * @param dtype the dtype of x and dout
 * @param xShape any shape
 * @param specials plants 0, -0, NaN, +Inf and -Inf in x and dout
 * @param chunkElements a blocking hint, 0 for none (see {@link ConvCase#chunkElements()}; convnet4j's tests
 *     set {@code Tuning.eltwiseChunkElements} from it)
 * @param seed the seed of the inputs
 */
public record ReluCase(DType dtype, int[] xShape, boolean specials, long chunkElements, long seed) implements KitCase {
    @Override
    public boolean nonFinite() {
        return specials;
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " x" + Arrays.toString(xShape) + (specials ? " specials" : "")
                + (chunkElements > 0 ? " chunk " + chunkElements : "");
    }
}
