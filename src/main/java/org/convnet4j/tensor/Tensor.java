package org.convnet4j.tensor;

import java.util.Arrays;

/**
 * A dense, row-major n-d array of {@link DType#FLOAT32} or {@link DType#FLOAT64} elements; images are
 * NCHW. One class for both dtypes: the backing store is a {@code float[]} or a {@code double[]}, and
 * {@link #getFlat}/{@link #setFlat} read and write either as double, which is what the naive layers
 * use. Fast paths take the backing array itself ({@link #data32()}, {@link #data64()}): no hidden copies.
 *
 * <p>Tensors are mutable and not thread-safe; {@link #reshape} returns a view sharing storage.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int size;
    private final double[] d;
    private final float[] f;

    private Tensor(DType dtype, int[] shape, double[] d, float[] f) {
        this.dtype = Checks.notNull("tensor", "dtype", dtype);
        this.shape = shape.clone();
        this.size = Checks.elementCount("tensor", "shape", this.shape);
        this.d = d;
        this.f = f;
        int len = d != null ? d.length : f.length;
        if (len != size) {
            throw new IllegalArgumentException("tensor: data length must be " + size + " for shape "
                    + Arrays.toString(shape) + ", got " + len);
        }
    }

    /**
     * A tensor of zeros.
     *
     * @throws IllegalArgumentException if dtype or shape is null, a dim is negative, or the shape has more
     *     than {@link Checks#MAX_ARRAY_LENGTH} elements
     */
    public static Tensor zeros(DType dtype, int... shape) {
        Checks.notNull("zeros", "dtype", dtype);
        int n = Checks.elementCount("zeros", "shape", shape);
        return dtype == DType.FLOAT64 ? new Tensor(dtype, shape, new double[n], null)
                : new Tensor(dtype, shape, null, new float[n]);
    }

    /** A tensor with every element {@code value}; throws like {@link #zeros}. */
    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.fill(value);
        return t;
    }

    /**
     * Wraps {@code data} (no copy) as a float64 tensor of the given shape.
     *
     * @throws IllegalArgumentException if data or shape is null, or data's length is not the shape's size
     */
    public static Tensor wrap(double[] data, int... shape) {
        checkWrap(Checks.notNull("wrap", "data", data).length, shape);
        return new Tensor(DType.FLOAT64, shape, data, null);
    }

    /**
     * Wraps {@code data} (no copy) as a float32 tensor of the given shape.
     *
     * @throws IllegalArgumentException if data or shape is null, or data's length is not the shape's size
     */
    public static Tensor wrap(float[] data, int... shape) {
        checkWrap(Checks.notNull("wrap", "data", data).length, shape);
        return new Tensor(DType.FLOAT32, shape, null, data);
    }

    private static void checkWrap(int length, int[] shape) {
        int n = Checks.elementCount("wrap", "shape", shape);
        if (length != n) {
            throw new IllegalArgumentException("wrap: data length must be " + n + " for shape " + Arrays.toString(shape)
                    + ", got " + length);
        }
    }

    /**
     * Copies {@code data} into a new tensor of the given dtype and shape.
     *
     * @throws IllegalArgumentException like {@link #zeros}, or if data is null or its length is not the shape's size
     */
    public static Tensor of(DType dtype, double[] data, int... shape) {
        Checks.notNull("of", "data", data);
        Tensor t = zeros(dtype, shape);
        if (data.length != t.size) {
            throw new IllegalArgumentException("of: data length must be " + t.size + " for shape "
                    + Arrays.toString(shape) + ", got " + data.length);
        }
        for (int i = 0; i < data.length; i++) t.setFlat(i, data[i]);
        return t;
    }

    /**
     * {@code np.linspace(lo, hi, num=prod(shape)).reshape(shape)}: evenly spaced values, both ends
     * included, computed as numpy does ({@code lo + i * step}, last element exactly {@code hi}).
     */
    public static Tensor linspace(double lo, double hi, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        int n = t.size;
        if (n == 1) {
            t.setFlat(0, lo);
            return t;
        }
        double step = (hi - lo) / (n - 1);
        for (int i = 0; i < n; i++) t.setFlat(i, lo + i * step);
        if (n > 0) t.setFlat(n - 1, hi);
        return t;
    }

    /**
     * Standard normal samples drawn from {@code rng} in row-major order, like {@code np.random.randn}.
     *
     * @throws IllegalArgumentException if rng is null, or like {@link #zeros}
     */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Checks.notNull("randn", "rng", rng);
        Tensor t = zeros(dtype, shape);
        for (int i = 0; i < t.size; i++) t.setFlat(i, rng.gauss());
        return t;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /**
     * Size of axis {@code axis}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= axis < rank()}
     */
    public int dim(int axis) {
        return shape[Checks.index("dim", "axis", axis, shape.length)];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Whether {@code o} has this tensor's shape. @throws IllegalArgumentException if o is null */
    public boolean sameShape(Tensor o) {
        Checks.notNull("sameShape", "o", o);
        return Arrays.equals(shape, o.shape);
    }

    /** The backing array of a float64 tensor (no copy). */
    public double[] data64() {
        if (d == null) throw new IllegalArgumentException("data64: tensor is " + dtype + ", not FLOAT64");
        return d;
    }

    /** The backing array of a float32 tensor (no copy). */
    public float[] data32() {
        if (f == null) throw new IllegalArgumentException("data32: tensor is " + dtype + ", not FLOAT32");
        return f;
    }

    // getFlat, setFlat and addFlat are the naive layers' inner loops: the array's own bounds check does the
    // work, and only a failed one pays for turning its exception into the documented one.

    /** Element {@code i} in row-major order. @throws IllegalArgumentException unless {@code 0 <= i < size()} */
    public double getFlat(int i) {
        try {
            return d != null ? d[i] : f[i];
        } catch (ArrayIndexOutOfBoundsException e) {
            throw badFlat("getFlat", i);
        }
    }

    /** Sets element {@code i} (rounded to float for float32). @throws IllegalArgumentException unless {@code 0 <= i < size()} */
    public void setFlat(int i, double v) {
        try {
            if (d != null) d[i] = v;
            else f[i] = (float) v;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw badFlat("setFlat", i);
        }
    }

    /** Adds v to element {@code i}. @throws IllegalArgumentException unless {@code 0 <= i < size()} */
    public void addFlat(int i, double v) {
        try {
            if (d != null) d[i] += v;
            else f[i] += (float) v;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw badFlat("addFlat", i);
        }
    }

    private IllegalArgumentException badFlat(String op, int i) {
        return new IllegalArgumentException(op + ": flat index must be in [0, " + size + ") for shape "
                + Arrays.toString(shape) + ", got " + i);
    }

    /**
     * Row-major flat offset of a full index.
     *
     * @throws IllegalArgumentException if idx is null, has other than {@link #rank()} components, or a
     *     component is outside {@code [0, dim)}
     */
    public int offset(int... idx) {
        Checks.notNull("index", "idx", idx);
        if (idx.length != shape.length) {
            throw new IllegalArgumentException("index must have " + shape.length + " components, got "
                    + idx.length);
        }
        int off = 0;
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= shape[k]) {
                throw new IllegalArgumentException("index " + Arrays.toString(idx) + " out of bounds for shape "
                        + Arrays.toString(shape) + ": component " + k + " must be in [0, " + shape[k] + "), got "
                        + idx[k]);
            }
            off = off * shape[k] + idx[k];
        }
        return off;
    }

    public double get(int... idx) {
        return getFlat(offset(idx));
    }

    public void set(double v, int... idx) {
        setFlat(offset(idx), v);
    }

    public void fill(double v) {
        if (d != null) Arrays.fill(d, v);
        else Arrays.fill(f, (float) v);
    }

    /** A deep copy. */
    public Tensor copy() {
        return d != null ? new Tensor(dtype, shape, d.clone(), null) : new Tensor(dtype, shape, null, f.clone());
    }

    /** A tensor of zeros with this tensor's dtype and shape. */
    public Tensor zerosLike() {
        return zeros(dtype, shape);
    }

    /**
     * A view with another shape of the same size, sharing storage.
     *
     * @throws IllegalArgumentException if newShape is null, has a negative dim, or another element count
     */
    public Tensor reshape(int... newShape) {
        int n = Checks.elementCount("reshape", "newShape", newShape);
        if (n != size) {
            throw new IllegalArgumentException("reshape: cannot view " + Arrays.toString(shape) + " (" + size
                    + " elements) as " + Arrays.toString(newShape) + " (" + n + " elements)");
        }
        return new Tensor(dtype, newShape, d, f);
    }

    /**
     * This tensor converted to {@code target} (a copy, or {@code this} when the dtype already matches).
     *
     * @throws IllegalArgumentException if target is null
     */
    public Tensor as(DType target) {
        Checks.notNull("as", "target", target);
        if (target == dtype) return this;
        Tensor t = zeros(target, shape);
        for (int i = 0; i < size; i++) t.setFlat(i, getFlat(i));
        return t;
    }

    /**
     * The rows {@code idx} of axis 0, copied into a new tensor ({@code X[idx]} in NumPy); indices may
     * repeat.
     *
     * @throws IllegalArgumentException if idx is null, this tensor has rank 0, or an index is outside {@code [0, N)}
     */
    public Tensor takeRows(int[] idx) {
        Checks.notNull("takeRows", "idx", idx);
        if (shape.length == 0) throw new IllegalArgumentException("takeRows: tensor must have rank >= 1, got rank 0");
        int rows = shape[0];
        int row = rows == 0 ? 0 : size / rows;
        int[] outShape = shape.clone();
        outShape[0] = idx.length;
        Tensor out = zeros(dtype, outShape);
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= rows) {
                throw new IllegalArgumentException("takeRows: index " + idx[k] + " at position " + k
                        + " out of range [0, " + rows + ")");
            }
            if (d != null) System.arraycopy(d, idx[k] * row, out.d, k * row, row);
            else System.arraycopy(f, idx[k] * row, out.f, k * row, row);
        }
        return out;
    }

    /** Rows {@code [from, to)} of axis 0 as a new tensor. @throws IllegalArgumentException unless {@code 0 <= from <= to <= N} */
    public Tensor sliceRows(int from, int to) {
        if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IllegalArgumentException("sliceRows: range [" + from + ", " + to + ") invalid for shape "
                    + Arrays.toString(shape));
        }
        int row = shape[0] == 0 ? 0 : size / shape[0];
        int[] outShape = shape.clone();
        outShape[0] = to - from;
        Tensor out = zeros(dtype, outShape);
        // contiguous rows: one bulk copy
        if (d != null) System.arraycopy(d, from * row, out.d, 0, out.size);
        else System.arraycopy(f, from * row, out.f, 0, out.size);
        return out;
    }

    /**
     * The sum of the squared elements, accumulated in double (each float32 square is exact in double). Four
     * running sums, added at the end ({@code (s0 + s1) + (s2 + s3)}): one sum is a chain of dependent additions
     * that runs at one element per add latency.
     */
    public double sumOfSquares() {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        if (d != null) {
            for (; i + 4 <= size; i += 4) {
                s0 += d[i] * d[i];
                s1 += d[i + 1] * d[i + 1];
                s2 += d[i + 2] * d[i + 2];
                s3 += d[i + 3] * d[i + 3];
            }
            for (; i < size; i++) s0 += d[i] * d[i];
        } else {
            for (; i + 4 <= size; i += 4) {
                double a = f[i], b = f[i + 1], c = f[i + 2], e = f[i + 3];
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += e * e;
            }
            for (; i < size; i++) s0 += (double) f[i] * f[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@code this += alpha * x} element-wise; x must have this tensor's shape. A float32 tensor computes in
     * float with {@code (float) alpha}: {@code this[i] = this[i] + (float) alpha * x[i]} (a loop that mixes float
     * and double does not vectorise on JDK 17, and took 17x as long).
     *
     * @throws IllegalArgumentException if x is null or shaped otherwise
     */
    public void addScaled(double alpha, Tensor x) {
        Checks.shape("addScaled", "x", x, shape, "the target's shape");
        if (d != null) {
            double[] xs = x.as(DType.FLOAT64).d;
            for (int i = 0; i < size; i++) d[i] += alpha * xs[i];
        } else {
            float[] xs = x.as(DType.FLOAT32).f;
            float a = (float) alpha;
            for (int i = 0; i < size; i++) f[i] += a * xs[i];
        }
    }

    /** The elements as a new double array. */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = getFlat(i);
        return out;
    }

    /** Whether this tensor and {@code o} are views of the same storage. @throws IllegalArgumentException if o is null */
    public boolean sharesStorageWith(Tensor o) {
        Checks.notNull("sharesStorageWith", "o", o);
        return (d != null && d == o.d) || (f != null && f == o.f);
    }

    /** Exact equality of dtype, shape and every element. @throws IllegalArgumentException if o is null */
    public boolean contentEquals(Tensor o) {
        Checks.notNull("contentEquals", "o", o);
        return dtype == o.dtype && Arrays.equals(shape, o.shape)
                && (d != null ? Arrays.equals(d, o.d) : Arrays.equals(f, o.f));
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
