package org.convnet4j.testkit;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.DType;
import org.convnet4j.tensor.Tensor;

/**
 * A convolution written the way a student writes CS231n's {@code conv_forward_naive} / {@code
 * conv_backward_naive}: pad x with zeros, slide the windows, and for backward add each window's gradient into
 * the padded gradient and cut the padding off. Independent of convnet4j's {@code Conv2d}; correct as it stands.
 * The protected hooks let the tests break it the way people do.
 */
class UserConv implements ConvOp {
    /** Adds one term to a running sum (every sum of forward and backward goes through here). */
    protected double add(double sum, double term, DType dtype) {
        return sum + term;
    }

    /** Puts one window's gradient into the padded dx. */
    protected void store(double[] dxpad, int index, double windowGradient) {
        dxpad[index] += windowGradient;
    }

    /** Where dx starts inside the padded gradient. */
    protected int cropOffset(int pad) {
        return pad;
    }

    @Override
    public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam p) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        int s = p.stride(), pad = p.pad(), Hp = H + 2 * pad, Wp = W + 2 * pad;
        int Hout = 1 + (Hp - HH) / s, Wout = 1 + (Wp - WW) / s;
        double[] xpad = pad(x, pad);
        Tensor out = Tensor.zeros(x.dtype(), N, F, Hout, Wout);
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int i = 0; i < Hout; i++) {
                    for (int j = 0; j < Wout; j++) {
                        double sum = b.getFlat(f);
                        for (int c = 0; c < C; c++) {
                            for (int a = 0; a < HH; a++) {
                                for (int q = 0; q < WW; q++) {
                                    sum = add(sum, xpad[((n * C + c) * Hp + i * s + a) * Wp + j * s + q]
                                            * w.getFlat(((f * C + c) * HH + a) * WW + q), x.dtype());
                                }
                            }
                        }
                        out.setFlat(((n * F + f) * Hout + i) * Wout + j, sum);
                    }
                }
            }
        }
        return new ConvResult(out, new ConvCache(x, w, b, p));
    }

    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache) {
        Tensor x = cache.x(), w = cache.w();
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        int s = cache.param().stride(), pad = cache.param().pad(), Hp = H + 2 * pad, Wp = W + 2 * pad;
        int Hout = dout.dim(2), Wout = dout.dim(3);
        DType t = x.dtype();
        double[] xpad = pad(x, pad);
        double[] dxpad = new double[N * C * Hp * Wp];
        double[] dw = new double[w.size()];
        double[] db = new double[F];
        double[] window = new double[C * HH * WW];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < Hout; i++) {
                for (int j = 0; j < Wout; j++) {
                    java.util.Arrays.fill(window, 0);
                    for (int f = 0; f < F; f++) {
                        double g = dout.getFlat(((n * F + f) * Hout + i) * Wout + j);
                        db[f] = add(db[f], g, t);
                        for (int c = 0; c < C; c++) {
                            for (int a = 0; a < HH; a++) {
                                for (int q = 0; q < WW; q++) {
                                    int wi = ((f * C + c) * HH + a) * WW + q;
                                    int xi = ((n * C + c) * Hp + i * s + a) * Wp + j * s + q;
                                    dw[wi] = add(dw[wi], g * xpad[xi], t);
                                    window[(c * HH + a) * WW + q] = add(window[(c * HH + a) * WW + q], g * w.getFlat(wi), t);
                                }
                            }
                        }
                    }
                    for (int c = 0; c < C; c++) {
                        for (int a = 0; a < HH; a++) {
                            for (int q = 0; q < WW; q++) {
                                store(dxpad, ((n * C + c) * Hp + i * s + a) * Wp + j * s + q, window[(c * HH + a) * WW + q]);
                            }
                        }
                    }
                }
            }
        }
        double[] dx = new double[x.size()];
        int o = cropOffset(pad);
        for (int nc = 0; nc < N * C; nc++) {
            for (int h = 0; h < H; h++) {
                for (int v = 0; v < W; v++) dx[(nc * H + h) * W + v] = dxpad[(nc * Hp + h + o) * Wp + v + o];
            }
        }
        return new ConvGrads(Tensor.of(t, dx, x.shape()), Tensor.of(t, dw, w.shape()), Tensor.of(t, db, F));
    }

    private static double[] pad(Tensor x, int pad) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Hp = H + 2 * pad, Wp = W + 2 * pad;
        double[] out = new double[N * C * Hp * Wp];
        for (int nc = 0; nc < N * C; nc++) {
            for (int h = 0; h < H; h++) {
                for (int v = 0; v < W; v++) out[(nc * Hp + h + pad) * Wp + v + pad] = x.getFlat((nc * H + h) * W + v);
            }
        }
        return out;
    }

    /** Forgets that windows overlap: each window's gradient overwrites what an earlier window put there. */
    static final class Overwriting extends UserConv {
        @Override
        protected void store(double[] dxpad, int index, double windowGradient) {
            dxpad[index] = windowGradient;
        }
    }

    /** Cuts the padded gradient at [0, H) instead of [pad, pad + H). */
    static final class PadOff extends UserConv {
        @Override
        protected int cropOffset(int pad) {
            return 0;
        }
    }

    /** In float32, keeps every running sum in half precision (rounded to float16 after each addition). */
    static final class HalfPrecision extends UserConv {
        @Override
        protected double add(double sum, double term, DType dtype) {
            return dtype == DType.FLOAT32 ? toHalf(sum + term) : sum + term;
        }
    }

    /**
     * Rounds to the nearest IEEE binary16 value (ties to even): 11 significant bits, subnormal steps of 2^-24
     * below 2^-14, infinity from 65520 on. (Float.floatToFloat16 needs JDK 20.)
     */
    static double toHalf(double v) {
        if (!Double.isFinite(v) || v == 0) return v;
        if (Math.abs(v) >= 65520) return Math.copySign(Double.POSITIVE_INFINITY, v);
        double ulp = Math.scalb(1.0, Math.max(Math.getExponent(v), -14) - 10);
        return Math.rint(v / ulp) * ulp;
    }
}
