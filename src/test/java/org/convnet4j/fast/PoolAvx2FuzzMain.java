package org.convnet4j.fast;

import java.util.Random;
import org.convnet4j.fast.PoolAvx2FuzzTest.Case;

/**
 * The long fuzz of {@link PoolAvx2FuzzTest}, run by hand (not a test): {@code args[0]} random cases (default
 * 100000), seed {@code args[1]} (default 1), each through the AVX2 and the scalar max-pool kernels against the plain
 * scan, on one thread. Prints one summary line and exits 1 at the first mismatch. To run it under the JNI checks:
 * {@code java -Xcheck:jni -cp <test class path> org.convnet4j.fast.PoolAvx2FuzzMain 200000}.
 */
public final class PoolAvx2FuzzMain {
    private PoolAvx2FuzzMain() {}

    public static void main(String[] args) {
        long cases = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        if (!NativeStatus.isAvailable()) {
            System.out.println("native library not available: " + NativeStatus.describe());
            System.exit(2);
        }
        Random r = new Random(seed);
        long vectorised = 0;
        for (long k = 0; k < cases; k++) {
            Case c = PoolAvx2FuzzTest.randomCase(r, (int) (k % 2));
            try {
                if (PoolAvx2FuzzTest.check(c, c.input(r))) vectorised++;
            } catch (AssertionError e) {
                System.out.println("case " + k + " failed: " + e.getMessage());
                System.exit(1);
            }
        }
        System.out.println("pool fuzz: " + cases + " cases (" + vectorised + " with rows the AVX2 kernels take), seed "
                + seed + ", AVX2 available " + NativeKernels.cnn_pool_avx2_available() + ", 0 failures");
    }
}
