package org.convnet4j.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolShape;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testing.NativeAssume;
import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.Test;

/**
 * The max-pool forward's AVX2 kernels ({@code pool_avx2.h}, stride 2) against its scalar kernels, bit for bit, output
 * and argmax, on shapes wider than the kit's grid: rows of 1 to 40 windows, windows 1x1 to 5x5, values with many ties,
 * signed zeros, NaN and infinities. The kit's grids compare both with the naive reference
 * ({@code PoolNaiveVsNativeTest}); this covers more row widths, where the last vector overlaps the one before.
 */
class PoolKernelsTest extends TestBase {
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};

    @Test
    void avx2IsUsedWhereTheCpuHasIt() throws IOException {
        NativeAssume.nativeAvailable();
        Path cpuinfo = Path.of("/proc/cpuinfo");
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            assertEquals(0, NativeKernels.cnn_pool_avx2_available(), "not x86-64: " + arch);
            return;
        }
        if (!Files.isReadable(cpuinfo)) return; // nothing to compare with
        boolean flag = Files.readAllLines(cpuinfo).stream()
                .filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+")).contains("avx2"))
                .orElse(false);
        assertEquals(flag ? 1 : 0, NativeKernels.cnn_pool_avx2_available(), "/proc/cpuinfo says avx2: " + flag);
    }

    @Test
    void avx2AndScalarKernelsGiveTheSameBits() {
        NativeAssume.nativeAvailable();
        Random r = new Random(231);
        int vectorised = 0;
        for (int k = 0; k < 400; k++) {
            DType t = k % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            int PH = 1 + r.nextInt(5), PW = 1 + r.nextInt(5);
            int stride = k % 5 == 4 ? 1 + r.nextInt(3) : 2; // mostly the vectorised stride
            int H = PH + r.nextInt(8), W = PW + r.nextInt(80);
            int N = 1 + r.nextInt(2), C = 1 + r.nextInt(3);
            Tensor x = Tensor.zeros(t, N, C, H, W);
            int mode = r.nextInt(3); // 0: normal values, 1: ties from {0, 1, 2}, 2: ties and specials
            for (int i = 0; i < x.size(); i++) {
                double v = mode == 0 ? r.nextGaussian() : r.nextInt(3);
                if (mode == 2 && r.nextInt(8) == 0) v = SPECIAL[r.nextInt(SPECIAL.length)];
                x.setFlat(i, v);
            }
            PoolParam p = new PoolParam(PH, PW, stride);
            PoolShape s = PoolShape.of("test", x, p);
            String where = t + " x " + Arrays.toString(x.shape()) + " " + p + " mode " + mode;
            PoolOracle.Run avx2 = PoolOracle.nativeForward(x, p, true), scalar = PoolOracle.nativeForward(x, p, false);
            assertArrayEquals(scalar.argmax(), avx2.argmax(), where);
            assertTrue(Arrays.equals(PoolOracle.bits(scalar.out()), PoolOracle.bits(avx2.out())), where);
            if (stride == 2 && s.Wout() >= (t == DType.FLOAT32 ? 8 : 4)) vectorised++;
        }
        assertTrue(vectorised > 100, "only " + vectorised + " cases had rows the AVX2 kernels take");
    }
}
