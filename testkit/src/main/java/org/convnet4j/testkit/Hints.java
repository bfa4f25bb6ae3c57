package org.convnet4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.convnet4j.layers.ConvParam;
import org.convnet4j.layers.PoolParam;
import org.convnet4j.tensor.Tensor;

/**
 * What an op's check knows about how an output is built, for {@link Diagnosis}: the padding and batch size,
 * which windows contribute to each element of a dx (and how much each does alone), the output a common
 * mistake would give, and the input of a ReLU.
 */
final class Hints {
    static final String OVERLAP = " is wrong only where windows overlap: are overlapping contributions added?";

    int pad = -1;
    int batch = -1;
    /** Flat index of the output -> each covering window's contribution alone (empty: no window reaches it). */
    IntFunction<double[]> contributions;
    String uncoveredGuess;
    /** The output a known mistake gives, and the guess when the op's output is that. */
    Tensor alternative;
    String alternativeGuess;
    /** A ReLU's input: kinks at 0, NaN handling. */
    Tensor reluX;

    static Hints none() {
        return new Hints();
    }

    Hints pad(int p) {
        this.pad = p;
        return this;
    }

    Hints batch(int n) {
        this.batch = n;
        return this;
    }

    /**
     * A conv's dx: element (n, c, h, v) gets, from each window (i, j) that covers it,
     * {@code sum_f w[f, c, h + pad - i*stride, v + pad - j*stride] * dout[n, f, i, j]}.
     */
    static Hints convDx(Tensor x, Tensor w, Tensor dout, ConvParam p) {
        int C = x.dim(1), H = x.dim(2), W = x.dim(3), F = w.dim(0), HH = w.dim(2), WW = w.dim(3);
        int Hout = dout.dim(2), Wout = dout.dim(3), s = p.stride(), pad = p.pad();
        Hints h = new Hints().pad(pad).batch(x.dim(0));
        h.contributions = flat -> {
            int v = flat % W, hh = flat / W % H, c = flat / (W * H) % C, n = flat / (W * H * C);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < Hout; i++) {
                int p0 = hh + pad - i * s;
                if (p0 < 0 || p0 >= HH) continue;
                for (int j = 0; j < Wout; j++) {
                    int q0 = v + pad - j * s;
                    if (q0 < 0 || q0 >= WW) continue;
                    double sum = 0;
                    for (int f = 0; f < F; f++) {
                        sum += w.getFlat(((f * C + c) * HH + p0) * WW + q0) * dout.getFlat(((n * F + f) * Hout + i) * Wout + j);
                    }
                    out.add(sum);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        };
        h.uncoveredGuess = "dx is wrong only where no window reaches (the rows and columns the floor of"
                + " (H + 2*pad - HH) / stride leaves out): their gradient is 0";
        return h;
    }

    /**
     * A max pool's dx: each window sends its dout to its first maximum in row-major order (its first NaN if it
     * holds one); the alternative is the dx of a pool that sends it to the last maximum instead.
     */
    static Hints poolDx(Tensor x, Tensor dout, PoolParam p) {
        int N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
        int Hout = dout.dim(2), Wout = dout.dim(3);
        List<List<Double>> routed = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) routed.add(new ArrayList<>());
        Tensor last = x.zerosLike();
        for (int nc = 0; nc < N * C; nc++) {
            for (int i = 0; i < Hout; i++) {
                for (int j = 0; j < Wout; j++) {
                    int first = -1, lastMax = -1;
                    double best = 0, bestLast = 0;
                    for (int a = 0; a < p.height(); a++) {
                        for (int b = 0; b < p.width(); b++) {
                            int off = (nc * H + i * p.stride() + a) * W + j * p.stride() + b;
                            double v = x.getFlat(off);
                            if (first < 0 || (best == best && !(v <= best))) {
                                first = off;
                                best = v;
                            }
                            if (lastMax < 0 || (bestLast == bestLast && !(v < bestLast))) {
                                lastMax = off;
                                bestLast = v;
                            }
                        }
                    }
                    double g = dout.getFlat((nc * Hout + i) * Wout + j);
                    routed.get(first).add(g);
                    last.addFlat(lastMax, g);
                }
            }
        }
        Hints h = new Hints().batch(N);
        h.contributions = flat -> routed.get(flat).stream().mapToDouble(Double::doubleValue).toArray();
        h.uncoveredGuess = "dx is wrong only where the reference sends no gradient (no window's maximum is there):"
                + " those elements get 0";
        h.alternative = last;
        h.alternativeGuess = "gradient sent to the last maximum, not the first: on ties the reference (np.argmax)"
                + " picks the first in row-major window order (compare with >, not >=)";
        return h;
    }

    static Hints relu(Tensor x) {
        Hints h = new Hints();
        h.reluX = x;
        return h;
    }
}
