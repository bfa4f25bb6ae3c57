package consumer;

import java.net.URL;
import java.security.CodeSource;

import org.convnet4j.fast.Conv2dFast;
import org.convnet4j.fast.MaxPool2dFast;
import org.convnet4j.fast.NativeStatus;
import org.convnet4j.layers.Conv2d;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.layers.MaxPool2d;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.layers.PoolResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Rng;
import org.convnet4j.tensor.Tensor;

/**
 * Loads convnet4j from its published jars and checks that the native convolution and pool agree with
 * the naive ones on a small input. Exit status: 0 on success, 1 on a mismatch, 2 when the native
 * library did not load or the classes did not come from jars.
 */
public final class ConsumerCheck {
    private ConsumerCheck() {}

    public static void main(String[] args) {
        String where = origin(Conv2dFast.class);
        System.out.println("convnet4j classes from: " + where);
        if (!where.endsWith(".jar")) {
            System.out.println("FAIL: convnet4j was not loaded from a jar (" + where + ")");
            System.exit(2);
        }
        System.out.println(NativeStatus.describe());
        if (!NativeStatus.isAvailable()) {
            System.out.println("FAIL: the native library did not load");
            System.exit(2);
        }

        boolean ok = true;
        // float64: the fast path must match the naive one to rounding, as in the notebook (~1e-11)
        ok &= checkConv(DType.FLOAT64, 1e-9);
        // float32: GEMM accumulates in float, the naive path in double
        ok &= checkConv(DType.FLOAT32, 1e-3);
        ok &= checkPool(DType.FLOAT64);
        ok &= checkPool(DType.FLOAT32);
        System.out.println(ok ? "OK: convnet4j consumer check passed" : "FAIL: fast and naive results differ");
        System.exit(ok ? 0 : 1);
    }

    private static boolean checkConv(DType dtype, double tol) {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, dtype, 2, 3, 8, 8);
        Tensor w = Tensor.randn(rng, dtype, 4, 3, 3, 3);
        Tensor b = Tensor.randn(rng, dtype, 4);
        Tensor dout = Tensor.randn(rng, dtype, 2, 4, 4, 4);
        ConvParam p = new ConvParam(2, 1);
        ConvOp fast = new Conv2dFast();
        ConvOp naive = new Conv2d();
        ConvResult rf = fast.forward(x, w, b, p);
        ConvResult rn = naive.forward(x, w, b, p);
        ConvGrads gf = fast.backward(dout, rf.cache());
        ConvGrads gn = naive.backward(dout, rn.cache());
        return report("conv " + dtype + " out", relError(rn.out(), rf.out()), tol)
                & report("conv " + dtype + " dx", relError(gn.dx(), gf.dx()), tol)
                & report("conv " + dtype + " dw", relError(gn.dw(), gf.dw()), tol)
                & report("conv " + dtype + " db", relError(gn.db(), gf.db()), tol);
    }

    private static boolean checkPool(DType dtype) {
        Rng rng = new Rng(231);
        Tensor x = Tensor.randn(rng, dtype, 2, 3, 8, 8);
        Tensor dout = Tensor.randn(rng, dtype, 2, 3, 4, 4);
        PoolParam p = PoolParam.twoByTwo();
        PoolResult rf = new MaxPool2dFast().forward(x, p);
        PoolResult rn = new MaxPool2d().forward(x, p);
        Tensor dxf = new MaxPool2dFast().backward(dout, rf.cache());
        Tensor dxn = new MaxPool2d().backward(dout, rn.cache());
        // max pooling copies values: exact
        return report("pool " + dtype + " out", relError(rn.out(), rf.out()), 0)
                & report("pool " + dtype + " dx", relError(dxn, dxf), 0);
    }

    private static boolean report(String what, double err, double tol) {
        boolean ok = err <= tol; // false for NaN too
        System.out.printf("%-22s rel_error %.3e (limit %.0e) %s%n", what, err, tol, ok ? "ok" : "MISMATCH");
        return ok;
    }

    /** The notebook's rel_error: max |x - y| / max(1e-8, |x| + |y|). */
    private static double relError(Tensor x, Tensor y) {
        if (!x.sameShape(y)) return Double.NaN;
        double max = 0;
        for (int i = 0; i < x.size(); i++) {
            double a = x.getFlat(i), c = y.getFlat(i);
            double e = Math.abs(a - c) / Math.max(1e-8, Math.abs(a) + Math.abs(c));
            if (!(e <= max)) max = e;
        }
        return max;
    }

    private static String origin(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        URL u = cs == null ? null : cs.getLocation();
        return u == null ? "unknown" : u.getPath();
    }
}
