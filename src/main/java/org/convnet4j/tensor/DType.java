package org.convnet4j.tensor;

/** Element type of a {@link Tensor}. Naive layers compute in double internally for both. */
public enum DType {
    /** 32-bit IEEE float: the default for training (the seed's {@code np.float32}). */
    FLOAT32,
    /** 64-bit IEEE float: for gradient checks (the seed's {@code np.float64}). */
    FLOAT64;

    /**
     * Parses {@code float32}/{@code f32}/{@code float}/{@code float64}/{@code f64}/{@code double}
     * (case-insensitive).
     *
     * @throws IllegalArgumentException for null or any other text
     */
    public static DType parse(String s) {
        if (s == null) throw new IllegalArgumentException("dtype must be float32 or float64, got null");
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "float32": case "f32": case "float": return FLOAT32;
            case "float64": case "f64": case "double": return FLOAT64;
            default: throw new IllegalArgumentException("dtype must be float32 or float64, got '" + s + "'");
        }
    }
}
