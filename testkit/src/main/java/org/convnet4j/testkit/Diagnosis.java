package org.convnet4j.testkit;

import java.util.Locale;
import org.convnet4j.tensor.DType;

/**
 * Guesses the usual mistake behind a failed comparison from which elements are wrong and how: never from the
 * case's name. Each detector looks for one pattern and stays silent unless the pattern explains every wrong
 * element (or, for the models of a mistake, the whole output); the first that fires gives the guess line.
 */
final class Diagnosis {
    private Diagnosis() {}

    /**
     * @param d the comparison
     * @param h what the check knows about the op (never null)
     * @param theirs what d compares with ("the reference", "the numeric gradient")
     * @return one line, or null when no pattern is clear
     */
    static String guess(Diff d, Hints h, String theirs) {
        if (d.ok()) return null;
        String g = alternative(d, h); // a model of the whole output first: it also explains non-finite elements
        if (g == null) g = relu(d, h);
        if (g == null) g = nonFinite(d, theirs);
        if (g == null) g = allZero(d);
        if (g == null) g = overlap(d, h);
        if (g == null) g = shift(d, h, theirs);
        if (g == null) g = factor(d, h, theirs);
        if (g == null) g = lastRowOrColumn(d);
        if (g == null) g = laterExamples(d);
        if (g == null) g = lowPrecision(d);
        return g;
    }

    /** For a second call that differs from the first. */
    static String secondCall(Diff d) {
        int n = 0, twice = 0;
        for (int i = 0; i < d.got.length; i++) {
            if (!d.wrong[i]) continue;
            n++;
            if (d.near(d.got[i], 2 * d.exp[i]) && d.exp[i] != 0) twice++;
        }
        if (n > 0 && twice == n) {
            return "the second call gives twice the first: a buffer that is added to and never cleared between calls?";
        }
        return "the result depends on an earlier call: state kept in the op (a reused buffer, a cache) that is not reset?";
    }

    private static String nonFinite(Diff d, String theirs) {
        int theirsNaN = 0, theirsInf = 0, yoursNonFinite = 0;
        for (int i = 0; i < d.got.length; i++) {
            if (!d.wrong[i]) continue;
            double a = d.got[i], b = d.exp[i];
            if (Double.isFinite(a) && Double.isFinite(b)) continue;
            if (Double.isNaN(b)) theirsNaN++;
            else if (Double.isInfinite(b)) theirsInf++;
            else yoursNonFinite++;
        }
        if (theirsNaN + theirsInf + yoursNonFinite == 0) return null;
        if (theirsNaN >= theirsInf && theirsNaN >= yoursNonFinite) {
            return d.name + " has a number where " + theirs + " has NaN: NaN must propagate as in NumPy (0 * Inf is"
                    + " NaN, in a convolution a padded zero times Inf too; in a pool a window holding NaN has max NaN,"
                    + " and v > max is false for NaN)";
        }
        if (theirsInf >= yoursNonFinite) {
            return d.name + " misses an infinity " + theirs + " has: Inf must propagate (Inf + x is Inf; only"
                    + " Inf - Inf and 0 * Inf are NaN)";
        }
        return d.name + " has NaN or Inf where " + theirs + " has a number: does yours multiply by 0 where the"
                + " reference selects (0 * Inf is NaN), or read values the reference never reads?";
    }

    private static String allZero(Diff d) {
        boolean any = false;
        for (int i = 0; i < d.got.length; i++) {
            if (d.got[i] != 0) return null;
            if (d.exp[i] != 0) any = true;
        }
        return any ? d.name + " is 0 everywhere: is it ever written (or written into a copy that is then dropped)?" : null;
    }

    private static String alternative(Diff d, Hints h) {
        if (h.alternative == null || h.alternative.size() != d.got.length) return null;
        boolean differs = false;
        for (int i = 0; i < d.got.length; i++) {
            double alt = h.alternative.getFlat(i);
            if (!d.near(d.got[i], alt)) return null;
            if (d.wrong[i]) differs = true;
        }
        return differs ? h.alternativeGuess : null;
    }

    private static String relu(Diff d, Hints h) {
        if (h.reluX == null || h.reluX.size() != d.got.length) return null;
        int zero = 0, nan = 0, product = 0, n = 0;
        for (int i = 0; i < d.got.length; i++) {
            if (!d.wrong[i]) continue;
            n++;
            double x = h.reluX.getFlat(i);
            if (x == 0) zero++;
            else if (Double.isNaN(x)) nan++;
            // what dout * (x > 0) gives where x <= 0 and the reference selects +0: -0 (dout < 0) or NaN (dout not finite)
            if (!(x > 0) && d.exp[i] == 0 && (Double.isNaN(d.got[i]) || Double.doubleToRawLongBits(d.got[i]) == Long.MIN_VALUE)) {
                product++;
            }
        }
        if (product == n && d.name.startsWith("dx")) {
            return d.name + " is -0 or NaN where x <= 0 and the reference gives +0: dout * (x > 0) keeps dout's sign"
                    + " and 0 * Inf is NaN; select instead, dx = np.where(x > 0, dout, 0) (CS231n's dx[x <= 0] = 0)";
        }
        if (zero == n) {
            return d.name + " is wrong only where x is exactly 0 (or -0): at the kink the reference gives out = +0"
                    + " and dx = 0 (dx = dout * (x > 0), not x >= 0)";
        }
        if (nan == n) {
            return d.name + " is wrong only where x is NaN: the reference keeps NaN in out (np.maximum) and gives"
                    + " dx = 0 there (NaN > 0 is false)";
        }
        return null;
    }

    private static String overlap(Diff d, Hints h) {
        if (h.contributions == null) return null;
        int wrongMulti = 0, matchesOne = 0, wrongNone = 0, n = 0;
        boolean singleRight = false;
        for (int i = 0; i < d.got.length; i++) {
            double[] parts = null;
            if (d.wrong[i]) {
                n++;
                parts = h.contributions.apply(i);
                if (parts.length == 0) {
                    wrongNone++;
                } else if (parts.length == 1) {
                    return null;
                } else {
                    wrongMulti++;
                    for (double p : parts) {
                        if (d.near(d.got[i], p)) {
                            matchesOne++;
                            break;
                        }
                    }
                }
            } else if (!singleRight) {
                parts = h.contributions.apply(i);
                singleRight = parts.length == 1 && parts[0] != 0;
            }
        }
        if (wrongNone == n) return h.uncoveredGuess;
        if (wrongMulti == n && (singleRight || matchesOne >= 0.9 * n)) return d.name + Hints.OVERLAP;
        return null;
    }

    /**
     * Rank 4: is yours the expected tensor moved by (dh, dw) along (h, w), {@code got[n, c, h, w] = exp[n, c,
     * h - dh, w - dw]} on at least 95% of the positions where both exist (and these a quarter of the tensor)?
     */
    private static String shift(Diff d, Hints h, String theirs) {
        if (d.shape.length != 4) return null;
        int N = d.shape[0], C = d.shape[1], H = d.shape[2], W = d.shape[3];
        int reach = Math.max(2, h.pad);
        int bestDh = 0, bestDw = 0;
        double bestFit = 0;
        for (int dh = -reach; dh <= reach; dh++) {
            for (int dw = -reach; dw <= reach; dw++) {
                if (dh == 0 && dw == 0) continue;
                int both = 0, fit = 0, informative = 0;
                for (int nc = 0; nc < N * C; nc++) {
                    for (int y = Math.max(0, dh); y < Math.min(H, H + dh); y++) {
                        for (int x = Math.max(0, dw); x < Math.min(W, W + dw); x++) {
                            double a = d.got[(nc * H + y) * W + x], b = d.exp[(nc * H + y - dh) * W + x - dw];
                            both++;
                            if (d.near(a, b)) {
                                fit++;
                                if (Math.abs(b) > 1e-3 * d.scale) informative++;
                            }
                        }
                    }
                }
                double f = both == 0 ? 0 : (double) fit / both;
                if (both >= Math.max(4, d.got.length / 4) && informative >= Math.max(4, both / 4) && f > bestFit) {
                    bestFit = f;
                    bestDh = dh;
                    bestDw = dw;
                }
            }
        }
        if (bestFit < 0.95) return null;
        String by = "(" + bestDh + ", " + bestDw + ")";
        boolean byPad = h.pad > 0 && (Math.abs(bestDh) == h.pad || bestDh == 0) && (Math.abs(bestDw) == h.pad || bestDw == 0);
        if (byPad) {
            return d.name + " equals " + theirs + " moved by " + by + " along (h, w): off by the padding width (pad = "
                    + h.pad + ")? dx is the padded gradient's [pad, pad + H) x [pad, pad + W)";
        }
        return d.name + " equals " + theirs + " moved by " + by + " along (h, w): an index offset?";
    }

    /** Every element {@code k} times the expected one, for one constant k. */
    private static String factor(Diff d, Hints h, String theirs) {
        double k = Double.NaN;
        int nonzero = 0;
        for (int i = 0; i < d.got.length; i++) {
            double a = d.got[i], b = d.exp[i];
            if (!Double.isFinite(a) || !Double.isFinite(b)) return null;
            if (b == 0 || Math.abs(b) < 1e-6 * d.scale) {
                if (Math.abs(a) > 1e-6 * d.scale) return null;
                continue;
            }
            double r = a / b;
            if (Double.isNaN(k)) k = r;
            else if (Math.abs(r - k) > 1e-4 * Math.max(1, Math.abs(k))) return null;
            nonzero++;
        }
        if (nonzero < 2 || Double.isNaN(k) || Math.abs(k - 1) <= 1e-4) return null;
        if (Math.abs(k + 1) <= 1e-4) return d.name + " has the opposite sign of " + theirs + " everywhere: a sign flipped?";
        String times = d.name + " is " + Report.num(k) + " times " + theirs + " everywhere";
        int N = h.batch;
        if (N > 1 && (Math.abs(k - N) <= 1e-4 * N || Math.abs(k * N - 1) <= 1e-4)) {
            return times + " (N = " + N + "): a sum over the batch divided or multiplied by N?";
        }
        return times + ": a missing or extra scale factor?";
    }

    private static String lastRowOrColumn(Diff d) {
        if (d.shape.length != 4 || d.shape[2] < 2 || d.shape[3] < 2) return null;
        boolean row = true, col = true;
        for (int i = 0; i < d.got.length; i++) {
            if (!d.wrong[i]) continue;
            int[] idx = d.index(i);
            row &= idx[2] == d.shape[2] - 1;
            col &= idx[3] == d.shape[3] - 1;
        }
        if (row) return d.name + " is wrong only in its last row: a loop bound one short (Hout = 1 + (H + 2*pad - HH) / stride)?";
        if (col) return d.name + " is wrong only in its last column: a loop bound one short (Wout = 1 + (W + 2*pad - WW) / stride)?";
        return null;
    }

    private static String laterExamples(Diff d) {
        if (d.shape.length < 2 || d.shape[0] < 2 || !d.axes.startsWith("(n")) return null;
        for (int i = 0; i < d.got.length; i++) {
            if (d.wrong[i] && d.index(i)[0] == 0) return null;
        }
        return d.name + " is right for example 0 and wrong only for later ones: the batch offset of your indexing"
                + " (n * C * H * W)?";
    }

    /**
     * float32, errors spread over many elements yet small against the output's scale: the signature of sums
     * kept in too few bits.
     */
    private static String lowPrecision(Diff d) {
        if (d.dtype != DType.FLOAT32 || d.scale == 0) return null;
        double worst = 0;
        for (int i = 0; i < d.got.length; i++) {
            if (!Double.isFinite(d.got[i]) || !Double.isFinite(d.exp[i])) continue;
            worst = Math.max(worst, Math.abs(d.got[i] - d.exp[i]) / d.scale);
        }
        double spread = (double) d.wrongCount / d.got.length;
        if (worst >= 10 * Tolerances.F32_REL_TO_MAX && worst <= 0.05 && spread >= 0.2) {
            return String.format(Locale.ROOT, "float32 error far above the float32 bound (max|a-b|/max|b| = %.2g, bound"
                    + " %.0e) yet small, spread over %d%% of the elements: accumulating in half precision?", worst,
                    Tolerances.F32_REL_TO_MAX, Math.round(100 * spread));
        }
        return null;
    }
}
