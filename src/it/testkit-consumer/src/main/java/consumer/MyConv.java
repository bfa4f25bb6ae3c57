package consumer;

import org.convnet4j.layers.ConvCache;
import org.convnet4j.layers.ConvGrads;
import org.convnet4j.layers.ConvOp;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.ConvResult;
import org.convnet4j.tensor.Tensor;

/**
 * A user's convolution, written the way CS231n's assignment asks for conv_forward_naive / conv_backward_naive:
 * pad x with zeros, slide the windows, and add each window's gradient into the padded dx.
 */
public class MyConv implements ConvOp {
    @Override
    public ConvResult forward(Tensor x, Tensor w, Tensor b, ConvParam param) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        int s = param.stride(), p = param.pad(), Hp = H + 2 * p, Wp = W + 2 * p;
        int Hout = 1 + (Hp - HH) / s, Wout = 1 + (Wp - WW) / s;
        double[] xpad = pad(x, p);
        Tensor out = Tensor.zeros(x.dtype(), N, F, Hout, Wout);
        for (int n = 0; n < N; n++)
            for (int f = 0; f < F; f++)
                for (int i = 0; i < Hout; i++)
                    for (int j = 0; j < Wout; j++) {
                        double sum = b.getFlat(f);
                        for (int c = 0; c < C; c++)
                            for (int a = 0; a < HH; a++)
                                for (int q = 0; q < WW; q++)
                                    sum += xpad[((n * C + c) * Hp + i * s + a) * Wp + j * s + q] * w.get(f, c, a, q);
                        out.set(sum, n, f, i, j);
                    }
        return new ConvResult(out, new ConvCache(x, w, b, param));
    }

    @Override
    public ConvGrads backward(Tensor dout, ConvCache cache) {
        Tensor x = cache.x(), w = cache.w();
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        int s = cache.param().stride(), p = cache.param().pad(), Hp = H + 2 * p, Wp = W + 2 * p;
        double[] xpad = pad(x, p);
        double[] dxpad = new double[N * C * Hp * Wp];
        double[] dw = new double[w.size()], db = new double[F];
        double[] window = new double[C * HH * WW];
        for (int n = 0; n < N; n++)
            for (int i = 0; i < dout.dim(2); i++)
                for (int j = 0; j < dout.dim(3); j++) {
                    java.util.Arrays.fill(window, 0);
                    for (int f = 0; f < F; f++) {
                        double g = dout.get(n, f, i, j);
                        db[f] += g;
                        for (int c = 0; c < C; c++)
                            for (int a = 0; a < HH; a++)
                                for (int q = 0; q < WW; q++) {
                                    dw[((f * C + c) * HH + a) * WW + q] += g * xpad[((n * C + c) * Hp + i * s + a) * Wp + j * s + q];
                                    window[(c * HH + a) * WW + q] += g * w.get(f, c, a, q);
                                }
                    }
                    for (int c = 0; c < C; c++)
                        for (int a = 0; a < HH; a++)
                            for (int q = 0; q < WW; q++)
                                addWindow(dxpad, ((n * C + c) * Hp + i * s + a) * Wp + j * s + q, window[(c * HH + a) * WW + q]);
                }
        Tensor dx = Tensor.zeros(x.dtype(), x.shape());
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int h = 0; h < H; h++)
                    for (int v = 0; v < W; v++) dx.set(dxpad[((n * C + c) * Hp + h + p) * Wp + v + p], n, c, h, v);
        return new ConvGrads(dx, Tensor.of(x.dtype(), dw, w.shape()), Tensor.of(x.dtype(), db, F));
    }

    /** dx_pad[n, c, window] += w[f] * dout[n, f, i, j], summed over f. */
    protected void addWindow(double[] dxpad, int index, double gradient) {
        dxpad[index] += gradient;
    }

    private static double[] pad(Tensor x, int p) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3), Hp = H + 2 * p, Wp = W + 2 * p;
        double[] out = new double[N * C * Hp * Wp];
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int h = 0; h < H; h++)
                    for (int v = 0; v < W; v++) out[((n * C + c) * Hp + h + p) * Wp + v + p] = x.get(n, c, h, v);
        return out;
    }
}
