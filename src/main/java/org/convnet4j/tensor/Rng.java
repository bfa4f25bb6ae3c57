package org.convnet4j.tensor;

/**
 * NumPy's legacy {@code np.random.RandomState}: the MT19937 generator with its integer seeding,
 * {@code random_sample}, the polar-method {@code gauss} ({@code randn}, {@code normal}) and masked
 * rejection {@code randint}. Same seed, same stream as NumPy, so the notebook's seeded cells
 * ({@code np.random.seed(231)}) give the same inputs here and their printed statistics can be tests.
 * Not thread-safe.
 *
 * <p>Reference: M. Matsumoto and T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed
 * uniform pseudo-random number generator", ACM TOMACS 8(1), 1998.
 */
public final class Rng {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int mti;
    private boolean hasGauss;
    private double gauss;

    /**
     * Same as {@code np.random.seed(seed)}.
     *
     * @throws IllegalArgumentException unless {@code seed} is in [0, 2^32)
     */
    public Rng(long seed) {
        seed(seed);
    }

    /** Re-seeds, as {@code np.random.seed(seed)}. @throws IllegalArgumentException unless seed is in [0, 2^32) */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
        hasGauss = false;
    }

    /** The next 32 random bits, as an unsigned value in a long. */
    public long nextUint32() {
        if (mti >= N) twist();
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        mti = 0;
    }

    /** Uniform double in [0, 1) with 53 random bits ({@code np.random.random_sample}). */
    public double random() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal sample ({@code np.random.randn}), Marsaglia's polar method, cached in pairs. */
    public double gauss() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * random() - 1.0;
            x2 = 2.0 * random() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * {@code np.random.normal(loc, scale)}. As NumPy, a NaN loc or scale gives NaN.
     *
     * @throws IllegalArgumentException if scale is negative (NumPy: "scale &lt; 0")
     */
    public double normal(double loc, double scale) {
        if (scale < 0) throw new IllegalArgumentException("normal: scale must be >= 0, got " + scale);
        return loc + scale * gauss();
    }

    /** Uniform integer in [0, high) ({@code np.random.randint(high)}). @throws IllegalArgumentException unless high &gt; 0 */
    public int randint(int high) {
        if (high <= 0) throw new IllegalArgumentException("randint: high must be > 0, got " + high);
        return high == 1 ? 0 : (int) boundedLong(high - 1L);
    }

    /**
     * {@code n} draws of {@link #randint(int)}.
     *
     * @throws IllegalArgumentException unless high &gt; 0 and n is a Java array length ({@code 0 <= n <= 2^31 - 9})
     */
    public int[] randint(int high, int n) {
        if (high <= 0) throw new IllegalArgumentException("randint: high must be > 0, got " + high);
        int[] out = new int[Checks.arrayLength("randint", "n", n)];
        for (int i = 0; i < n; i++) out[i] = randint(high);
        return out;
    }

    /**
     * A uniformly random permutation of 0..n-1 ({@code np.random.permutation(n)}: Fisher-Yates from the end).
     *
     * @throws IllegalArgumentException unless n is a Java array length ({@code 0 <= n <= 2^31 - 9})
     */
    public int[] permutation(int n) {
        int[] p = new int[Checks.arrayLength("permutation", "n", n)];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) boundedLong(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Uniform in [0, max] by masked rejection on 32-bit draws (max < 2^32). */
    private long boundedLong(long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /**
     * {@code n} indices drawn uniformly from [0, high) with replacement ({@code np.random.choice(high, n)}).
     *
     * @throws IllegalArgumentException unless high &gt; 0 and n is a Java array length ({@code 0 <= n <= 2^31 - 9})
     */
    public int[] choice(int high, int n) {
        if (high <= 0) throw new IllegalArgumentException("choice: high must be > 0, got " + high);
        Checks.arrayLength("choice", "n", n);
        return randint(high, n);
    }
}
