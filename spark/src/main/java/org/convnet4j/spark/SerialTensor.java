package org.convnet4j.spark;

import java.io.Serializable;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A tensor's dtype, shape and values in a form Java serialization can carry from an executor to the driver
 * (a task's trained parameters). Exactly one of {@code f} and {@code d} is set.
 *
 * @param shape the shape
 * @param f the float32 values, or null
 * @param d the float64 values, or null
 */
public record SerialTensor(int[] shape, float[] f, double[] d) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A copy of {@code t}'s values. */
    public static SerialTensor of(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? new SerialTensor(t.shape(), t.data32().clone(), null)
                : new SerialTensor(t.shape(), null, t.data64().clone());
    }

    /** The tensor (wrapping these arrays, no copy). */
    public Tensor toTensor() {
        return f != null ? Tensor.wrap(f, shape) : Tensor.wrap(d, shape);
    }
}
