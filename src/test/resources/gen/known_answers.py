#!/usr/bin/env python3
"""Generates src/test/java/org/convnet4j/layers/KnownAnswers.java: expected conv, max-pool and loss results
computed with NumPy, independently of convnet4j, so the naive and fast Java paths cannot be wrong
together. The non-finite cases (NaN and infinities in the inputs) record how NumPy propagates them; their
inputs are written out as literals.

Usage (from the repository root):
    python3 src/test/resources/gen/known_answers.py > src/test/java/org/convnet4j/layers/KnownAnswers.java

Inputs are rebuilt by the Java test from the same recipes:
  linspace(lo, hi, shape)       np.linspace(lo, hi, num=prod(shape)).reshape(shape), as the notebook does
  scrambled(shape, mul, mod, off, scale)   v[i] = ((i * mul) % mod - off) / scale  (exact in binary)
float32 cases round the inputs to float32, compute in float64 (as the naive Java layers do) and round the
results to float32.
"""
import numpy as np


def linspace(lo, hi, shape):
    return np.linspace(lo, hi, num=int(np.prod(shape))).reshape(shape)


def scrambled(shape, mul, mod, off, scale):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    return (((i * mul) % mod - off) / scale).reshape(shape)


def conv_forward(x, w, b, stride, pad):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    Ho = 1 + (H + 2 * pad - HH) // stride
    Wo = 1 + (W + 2 * pad - WW) // stride
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    win = xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = np.sum(win * w[f]) + b[f]
    return out


def conv_backward(dout, x, w, stride, pad):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    _, _, Ho, Wo = dout.shape
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    g = dout[n, f, i, j]
                    dw[f] += g * xp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    dxp[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW] += g * w[f]
    return dxp[:, :, pad:pad + H, pad:pad + W], dw, db


def pool_forward_backward(x, ph, pw, stride, dout_fn):
    N, C, H, W = x.shape
    Ho = 1 + (H - ph) // stride
    Wo = 1 + (W - pw) // stride
    out = np.zeros((N, C, Ho, Wo))
    dout = dout_fn((N, C, Ho, Wo))
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    win = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    k = int(np.argmax(win))  # first maximum in row-major order (first NaN if any), the Java contract
                    p, q = divmod(k, pw)
                    out[n, c, i, j] = win[p, q]
                    dx[n, c, i * stride + p, j * stride + q] += dout[n, c, i, j]
    return out, dout, dx


def java_special(v, typ):
    if np.isnan(v):
        return typ + ".NaN"
    return typ + (".POSITIVE_INFINITY" if v > 0 else ".NEGATIVE_INFINITY")


def f64(a):
    return ", ".join(repr(float(v)) if np.isfinite(v) else java_special(v, "Double")
                     for v in np.asarray(a, dtype=np.float64).ravel())


def f32(a):
    # shortest text that reads back as the same float32
    return ", ".join(np.format_float_positional(v, unique=True, trim='0') + "f" if np.isfinite(v)
                     else java_special(v, "Float") for v in np.asarray(a, dtype=np.float32).ravel())


def ints(t):
    return "new int[] {" + ", ".join(str(v) for v in t) + "}"


def wrap(s, indent="            "):
    parts, line, out = s.split(", "), "", []
    for p in parts:
        if len(line) + len(p) + 2 > 100:
            out.append(indent + line.rstrip())
            line = ""
        line += p + ", "
    if line:
        out.append(indent + line.rstrip().rstrip(","))
    return "\n".join(out)


# name, x shape, w shape, stride, pad
CONV_CASES = [
    ("seed 2x3x4x4, 3 filters 4x4, stride 2, pad 1", (2, 3, 4, 4), (3, 3, 4, 4), 2, 1),
    ("stride 3, pad 2, floor drops a row and a column", (1, 2, 7, 6), (2, 2, 3, 3), 3, 2),
    ("non-square filter 2x3, non-square input, pad 0", (2, 2, 5, 6), (3, 2, 2, 3), 1, 0),
    ("1x1 filter", (2, 3, 3, 3), (4, 3, 1, 1), 1, 0),
    ("floor-dropping 6x7 with 3x2 filter, stride 2, pad 1", (1, 1, 6, 7), (2, 1, 3, 2), 2, 1),
    ("pad 2, stride 1, N=1, C=1", (1, 1, 3, 4), (1, 1, 3, 3), 1, 2),
]

# name, x shape, ph, pw, stride, ties
POOL_CASES = [
    ("seed-like 2x2 stride 2 (tiles)", (2, 3, 4, 4), 2, 2, 2, False),
    ("overlapping 3x3 stride 1", (1, 2, 5, 5), 3, 3, 1, False),
    ("overlapping 3x3 stride 2 on 7x7", (1, 1, 7, 7), 3, 3, 2, False),
    ("non-tiling 2x2 stride 2 on 5x7 (floor drops)", (2, 1, 5, 7), 2, 2, 2, False),
    ("non-square window 2x3 stride 1", (1, 1, 4, 5), 2, 3, 1, False),
    ("ties, 2x2 stride 2", (1, 2, 4, 4), 2, 2, 2, True),
    ("ties, overlapping 2x2 stride 1", (1, 2, 4, 5), 2, 2, 1, True),
]


# ---- CS231n's losses (layers.py), as the notebook's reference solutions write them
def softmax_loss(x, y):
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def svm_loss(x, y):
    N = x.shape[0]
    correct_class_scores = x[np.arange(N), y]
    margins = np.maximum(0, x - correct_class_scores[:, np.newaxis] + 1.0)
    margins[np.arange(N), y] = 0
    loss = np.sum(margins) / N
    num_pos = np.sum(margins > 0, axis=1)
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    dx[np.arange(N), y] -= num_pos
    dx /= N
    return loss, dx


NAN, INF = float("nan"), float("inf")


def planted(a, at, values):
    a = np.array(a, dtype=np.float64)
    for i, v in zip(at, values):
        a.flat[i] = v
    return a


# Non-finite conv inputs: name, x, w, b, dout, stride, pad. Finite values are exact binary fractions, so the
# float32 inputs equal the float64 ones.
def conv_special_cases():
    cases = []
    w = np.ones((1, 1, 3, 3))
    w[0, 0, 0, 0] = INF
    cases.append(("issue 9: +Inf weight on a padded position gives NaN", np.ones((1, 1, 1, 1)), w, np.zeros(1),
                  np.full((1, 1, 1, 1), 0.5), 1, 1))
    x = planted(scrambled((1, 1, 4, 4), 37, 101, 50, 64.0), [5], [NAN])
    cases.append(("NaN in x, pad 1", x, scrambled((2, 1, 3, 3), 53, 97, 48, 128.0), scrambled((2,), 1, 3, 1, 8.0),
                  scrambled((1, 2, 4, 4), 7, 5, 2, 4.0), 1, 1))
    x = planted(scrambled((1, 2, 5, 5), 37, 101, 50, 64.0), [6, 7, 43], [INF, -INF, -INF])
    cases.append(("+Inf and -Inf in x, stride 2", x, scrambled((2, 2, 3, 3), 53, 97, 48, 128.0),
                  scrambled((2,), 1, 3, 1, 8.0), scrambled((1, 2, 2, 2), 7, 5, 2, 4.0), 2, 0))
    dout = planted(scrambled((1, 1, 3, 3), 7, 5, 2, 4.0), [0, 7], [INF, -INF])
    cases.append(("infinite dout meets the padding in dw, pad 1", scrambled((1, 1, 3, 3), 37, 101, 50, 64.0),
                  scrambled((1, 1, 3, 3), 53, 97, 48, 128.0), np.zeros(1), dout, 1, 1))
    w = planted(scrambled((2, 2, 2, 2), 53, 97, 48, 128.0), [9], [NAN])
    cases.append(("NaN weight, infinite bias, N=2", scrambled((2, 2, 3, 3), 37, 101, 50, 64.0), w,
                  np.array([INF, 0.25]), scrambled((2, 2, 2, 2), 7, 5, 2, 4.0), 1, 0))
    return cases


def window_specials(xs, ph, pw, stride, twice):
    """NaN, +Inf or -Inf at each position of each window (two per window when twice), every fourth window
    left finite; over a plane's windows each value lands on each window position."""
    x = scrambled(xs, 37, 101, 50, 64.0)
    N, C, H, W = xs
    Ho, Wo = 1 + (H - ph) // stride, 1 + (W - pw) // stride
    vals = [NAN, INF, -INF]
    for pc in range(N * C):
        n, c = divmod(pc, C)
        for wi in range(Ho * Wo):
            if (wi + pc) % 4 == 3:
                continue
            i, j = divmod(wi, Wo)
            spots = [((wi // 3 + pc) % (ph * pw), vals[(wi + pc) % 3])]
            if twice:
                spots.append(((wi * 7 + 3) % (ph * pw), vals[(wi + pc + 1) % 3]))
            for pos, v in spots:
                p, q = divmod(pos, pw)
                x[n, c, i * stride + p, j * stride + q] = v
    return x


# Non-finite pool inputs: name, x, ph, pw, stride
def pool_special_cases():
    return [
        ("issue 9: NaN in a 2x2 window", np.array([1.0, NAN, 3.0, 2.0]).reshape(1, 1, 2, 2), 2, 2, 2),
        ("NaN, +Inf, -Inf at every position, tiled 2x2", window_specials((1, 3, 6, 6), 2, 2, 2, False), 2, 2, 2),
        ("two specials per window, tiled 2x2", window_specials((2, 2, 6, 6), 2, 2, 2, True), 2, 2, 2),
        ("NaN, +Inf, -Inf at every position, overlapping 3x3 stride 2", window_specials((1, 3, 9, 9), 3, 3, 2, False),
         3, 3, 2),
        ("two specials per window, 2x3 stride 1", window_specials((1, 2, 5, 6), 2, 3, 1, True), 2, 3, 1),
        ("all -Inf, and NaN among -Inf", np.array([-INF, -INF, -INF, NAN, -INF, -INF, -INF, -INF])
         .reshape(1, 1, 2, 4), 2, 2, 2),
    ]


# Loss scores: name, scores (N, C), y
LOSS_CASES = [
    ("finite", scrambled((3, 4), 37, 101, 50, 16.0), [0, 3, 1]),
    ("issue 9: NaN in the correct class's score", np.array([[NAN, 1.0]]), [0]),
    ("-Inf scores of wrong classes: both losses finite", np.array([[-INF, 1.0, 2.0], [0.5, -INF, -INF]]), [1, 0]),
    ("+Inf score of a wrong class: svm +Inf, softmax NaN", np.array([[0.5, 1.0, INF], [1.0, 2.0, 0.25]]), [0, 2]),
    ("NaN, +Inf and -Inf in some rows",
     planted(scrambled((5, 3), 37, 101, 50, 16.0), [1, 3, 8, 9, 10, 11], [NAN, INF, -INF, INF, INF, -INF]),
     [0, 0, 2, 0, 1]),
]


def conv_inputs(xs, ws, dtype):
    x = linspace(-0.1, 0.5, xs).astype(dtype).astype(np.float64)
    w = scrambled(ws, 37, 101, 50, 64.0).astype(dtype).astype(np.float64)
    b = linspace(-0.1, 0.2, (ws[0],)).astype(dtype).astype(np.float64)
    return x, w, b


def pool_input(xs, ties):
    return scrambled(xs, 7, 5, 0, 4.0) if ties else scrambled(xs, 37, 101, 50, 64.0)


def main():
    print("// Generated by src/test/resources/gen/known_answers.py with NumPy " + np.__version__ + "; do not edit.")
    print("package org.convnet4j.layers;")
    print()
    print("import java.util.List;")
    print()
    print("/** Known conv, max-pool and loss answers computed with NumPy (see the generator for the input recipes). */")
    print("final class KnownAnswers {")
    print("    private KnownAnswers() {}")
    print()
    print("    record ConvCase(String name, int[] xShape, int[] wShape, int stride, int pad, int[] outShape,")
    print("            double[] out64, double[] dx64, double[] dw64, double[] db64,")
    print("            float[] out32, float[] dx32, float[] dw32, float[] db32) {")
    print("        @Override public String toString() { return name; }")
    print("    }")
    print()
    print("    record PoolCase(String name, int[] xShape, int height, int width, int stride, boolean ties,")
    print("            int[] outShape, double[] out, double[] dx) {")
    print("        @Override public String toString() { return name; }")
    print("    }")
    print()
    print("    record NonFiniteConvCase(String name, int[] xShape, int[] wShape, int stride, int pad,")
    print("            double[] x, double[] w, double[] b, double[] dout, int[] outShape,")
    print("            double[] out64, double[] dx64, double[] dw64, double[] db64,")
    print("            float[] out32, float[] dx32, float[] dw32, float[] db32) {")
    print("        @Override public String toString() { return name; }")
    print("    }")
    print()
    print("    record NonFinitePoolCase(String name, int[] xShape, int height, int width, int stride, double[] x,")
    print("            int[] outShape, double[] out, double[] dx) {")
    print("        @Override public String toString() { return name; }")
    print("    }")
    print()
    print("    /** Softmax and svm loss of (N, C) scores; float32 values are the float64 ones rounded. */")
    print("    record LossCase(String name, int n, int c, double[] scores, int[] y, double softmaxLoss,")
    print("            double[] softmaxDx, double svmLoss, double[] svmDx) {")
    print("        @Override public String toString() { return name; }")
    print("    }")
    print()
    print("    static final List<ConvCase> CONV = List.of(")
    entries = []
    for name, xs, ws, stride, pad in CONV_CASES:
        res = {}
        for tag, dt in (("64", np.float64), ("32", np.float32)):
            x, w, b = conv_inputs(xs, ws, dt)
            out = conv_forward(x, w, b, stride, pad)
            dout = scrambled(out.shape, 53, 97, 48, 128.0)
            dx, dw, db = conv_backward(dout, x, w, stride, pad)
            res[tag] = (out, dx, dw, db)
        out_shape = res["64"][0].shape
        lines = ["        new ConvCase(\"%s\", %s, %s, %d, %d, %s," % (name, ints(xs), ints(ws), stride, pad, ints(out_shape))]
        for k in range(4):
            lines.append("            new double[] {\n" + wrap(f64(res["64"][k]), "                ") + "},")
        for k in range(4):
            lines.append("            new float[] {\n" + wrap(f32(res["32"][k]), "                ") + "}"
                         + ("," if k < 3 else ")"))
        entries.append("\n".join(lines))
    print(",\n".join(entries) + ");")
    print()
    print("    static final List<PoolCase> POOL = List.of(")
    entries = []
    for name, xs, ph, pw, stride, ties in POOL_CASES:
        x = pool_input(xs, ties)
        out, dout, dx = pool_forward_backward(x, ph, pw, stride, lambda s: scrambled(s, 53, 97, 48, 128.0))
        lines = ["        new PoolCase(\"%s\", %s, %d, %d, %d, %s, %s," % (name, ints(xs), ph, pw, stride,
                                                                          "true" if ties else "false", ints(out.shape))]
        lines.append("            new double[] {\n" + wrap(f64(out), "                ") + "},")
        lines.append("            new double[] {\n" + wrap(f64(dx), "                ") + "})")
        entries.append("\n".join(lines))
    print(",\n".join(entries) + ");")
    print()
    print("    static final List<NonFiniteConvCase> NON_FINITE_CONV = List.of(")
    entries = []
    for name, x, w, b, dout, stride, pad in conv_special_cases():
        res = {}
        for tag, dt in (("64", np.float64), ("32", np.float32)):
            xd, wd, bd = (a.astype(dt).astype(np.float64) for a in (x, w, b))
            out = conv_forward(xd, wd, bd, stride, pad)
            dx, dw, db = conv_backward(dout.astype(dt).astype(np.float64), xd, wd, stride, pad)
            res[tag] = (out, dx, dw, db)
        lines = ["        new NonFiniteConvCase(\"%s\", %s, %s, %d, %d," % (name, ints(x.shape), ints(w.shape), stride, pad)]
        for a in (x, w, b, dout):
            lines.append("            new double[] {\n" + wrap(f64(a), "                ") + "},")
        lines.append("            %s," % ints(res["64"][0].shape))
        for k in range(4):
            lines.append("            new double[] {\n" + wrap(f64(res["64"][k]), "                ") + "},")
        for k in range(4):
            lines.append("            new float[] {\n" + wrap(f32(res["32"][k]), "                ") + "}"
                         + ("," if k < 3 else ")"))
        entries.append("\n".join(lines))
    print(",\n".join(entries) + ");")
    print()
    print("    static final List<NonFinitePoolCase> NON_FINITE_POOL = List.of(")
    entries = []
    for name, x, ph, pw, stride in pool_special_cases():
        out, dout, dx = pool_forward_backward(x, ph, pw, stride, lambda s: scrambled(s, 53, 97, 48, 128.0))
        lines = ["        new NonFinitePoolCase(\"%s\", %s, %d, %d, %d," % (name, ints(x.shape), ph, pw, stride)]
        lines.append("            new double[] {\n" + wrap(f64(x), "                ") + "},")
        lines.append("            %s," % ints(out.shape))
        lines.append("            new double[] {\n" + wrap(f64(out), "                ") + "},")
        lines.append("            new double[] {\n" + wrap(f64(dx), "                ") + "})")
        entries.append("\n".join(lines))
    print(",\n".join(entries) + ");")
    print()
    print("    static final List<LossCase> LOSS = List.of(")
    entries = []
    for name, scores, y in LOSS_CASES:
        sl, sdx = softmax_loss(scores, np.array(y))
        vl, vdx = svm_loss(scores, np.array(y))
        lines = ["        new LossCase(\"%s\", %d, %d," % (name, scores.shape[0], scores.shape[1])]
        lines.append("            new double[] {\n" + wrap(f64(scores), "                ") + "},")
        lines.append("            %s, %s," % (ints(y), f64([sl])))
        lines.append("            new double[] {\n" + wrap(f64(sdx), "                ") + "},")
        lines.append("            %s," % f64([vl]))
        lines.append("            new double[] {\n" + wrap(f64(vdx), "                ") + "})")
        entries.append("\n".join(lines))
    print(",\n".join(entries) + ");")
    print("}")


if __name__ == "__main__":
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and infinities are intended in some cases
        main()
