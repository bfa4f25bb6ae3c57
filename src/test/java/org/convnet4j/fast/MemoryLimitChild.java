package org.convnet4j.fast;

import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;
import org.convnet4j.testkit.Tolerances;

/**
 * The child JVM of {@link NativeMemoryLimitTest}: runs a float32 convolution forward and backward on the
 * naive layer, then on NATIVE and AUTO, and prints one line per backend. Exit code 0 when every line is as
 * the mode expects, 1 otherwise.
 *
 * <p>Modes: {@code fit} (NATIVE and AUTO must agree with naive within the harness's float32 bound) and
 * {@code refuse} (NATIVE must throw a NativeMemoryError naming {@code org.bytedeco.javacpp.maxbytes}; AUTO must
 * give exactly the naive result). Args: mode, then N C H W F (3x3 filters, stride 1, pad 1).
 */
public final class MemoryLimitChild {
    private MemoryLimitChild() {}

    public static void main(String[] args) {
        String mode = args[0];
        int N = Integer.parseInt(args[1]), C = Integer.parseInt(args[2]), H = Integer.parseInt(args[3]);
        int W = Integer.parseInt(args[4]), F = Integer.parseInt(args[5]);
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, N, C, H, W), w = Tensor.randn(rng, DType.FLOAT32, F, C, 3, 3);
        Tensor b = Tensor.randn(rng, DType.FLOAT32, F), dout = Tensor.randn(rng, DType.FLOAT32, N, F, H, W);
        ConvParam p = new ConvParam(1, 1);
        Tensor[] naive = run(new Conv2d(), x, w, b, dout, p);
        boolean ok = true;
        for (Backend backend : new Backend[] {Backend.NATIVE, Backend.AUTO}) {
            String line;
            try {
                Tensor[] got = run(backend.conv(), x, w, b, dout, p);
                if (mode.equals("refuse") && backend == Backend.NATIVE) {
                    line = "NATIVE did not refuse";
                    ok = false;
                } else if (mode.equals("refuse")) {
                    boolean same = got[0].contentEquals(naive[0]) && got[1].contentEquals(naive[1])
                            && got[2].contentEquals(naive[2]) && got[3].contentEquals(naive[3]);
                    line = backend + (same ? " same as naive" : " differs from naive");
                    ok &= same;
                } else {
                    double worst = 0;
                    for (int i = 0; i < 4; i++) worst = Math.max(worst, Tolerances.errRelToMax(got[i], naive[i]));
                    boolean close = worst <= 1e-5;
                    line = backend + (close ? " agrees" : " disagrees") + " with naive, max|a-b|/max|b| " + worst;
                    ok &= close;
                }
            } catch (NativeMemoryError e) {
                boolean expected = mode.equals("refuse") && backend == Backend.NATIVE
                        && e.getMessage().contains("-Dorg.bytedeco.javacpp.maxbytes");
                line = backend + " threw NativeMemoryError: " + e.getMessage();
                ok &= expected;
            } catch (RuntimeException | Error e) {
                line = backend + " threw " + e;
                ok = false;
            }
            System.out.println(line);
        }
        System.exit(ok ? 0 : 1);
    }

    private static Tensor[] run(ConvOp op, Tensor x, Tensor w, Tensor b, Tensor dout, ConvParam p) {
        ConvResult r = op.forward(x, w, b, p);
        ConvGrads g = op.backward(dout, r.cache());
        return new Tensor[] {r.out(), g.dx(), g.dw(), g.db()};
    }
}
