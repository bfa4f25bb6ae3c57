package org.convnet4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Rng;

/**
 * An architecture: an ordered list of layers and a loss, described before the input shape is known
 * (PyTorch's {@code nn.Sequential}, CS231n's {@code FullyConnectedNet} loop). Build it in Java,
 *
 * <pre>
 * Sequential arch = new Sequential().conv(32, 3).spatialBatchNorm().relu().maxPool(2)
 *         .affine(256).batchNorm().relu().dropout(0.5).affine(10);
 * Net net = arch.build(Net.Config.defaults(1, 28, 28), Ops.of(Backend.AUTO), new Rng(231));
 * </pre>
 *
 * or from text with {@link #parse}, which makes exactly these calls:
 *
 * <pre>
 * Sequential.parse("conv(32,3)-sbn-relu-pool(2)-affine(256)-bn-relu-dropout(0.5)-affine(10)")
 * </pre>
 *
 * <p>The grammar (whitespace between tokens is ignored):
 *
 * <pre>
 * arch  := items                       layers separated by '-'; a loss may only come last
 * items := item ( '-' item )*
 * item  := layer | '[' items ']x' COUNT    a block repeated COUNT times (COUNT &gt;= 1)
 * layer := conv(F, k [, stride] [, pad])   F filters k x k; stride 1; pad (k-1)/2
 *        | pool(k [, stride])              k x k max pool; stride k
 *        | affine(M)                       fully connected, M outputs (the input is flattened)
 *        | relu | bn | sbn                 ReLU, batch norm (N, D), spatial batch norm (N, C, H, W)
 *        | dropout(p)                      inverted dropout keeping each unit with probability p
 *        | softmax | svm                   the loss (softmax when none is given)
 * </pre>
 *
 * Optional arguments may also be given by name, {@code conv(64,3,stride=2,pad=0)}, {@code pool(3,stride=2)}.
 * The default pad {@code (k-1)/2} keeps H and W for odd k at stride 1 ("same", as ThreeLayerConvNet's
 * conv); give {@code pad=0} for a "valid" convolution. A bad text is an {@link IllegalArgumentException}
 * naming the character offset (from 0) and what was expected there. {@link #toString()} gives the
 * canonical text (repeats expanded, defaults left out), which parses back to an equal architecture.
 * Shapes are checked when the net is built ({@link Net}), since only then is the input shape known.
 *
 * <p>Parameters are named as CS231n's {@code FullyConnectedNet} names them: each conv or affine layer
 * is the next layer i and owns {@code Wi, bi}; a (spatial) batch norm after layer i owns
 * {@code gammai, betai} and the running statistics {@code running_meani, running_vari}. A builder is
 * mutable and not thread-safe; {@link #build} copies it.
 */
public final class Sequential {
    /** The loss on the last layer's scores. */
    public enum Loss {
        /** {@link org.convnet4j.layers.Losses#softmax} (the default). */
        SOFTMAX,
        /** {@link org.convnet4j.layers.Losses#svm}. */
        SVM;

        /** The name in the grammar: {@code softmax} or {@code svm}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Longest architecture, after repeats are expanded: a typo like {@code [relu]x100000000} stays an error. */
    public static final int MAX_LAYERS = 1000;

    private final List<LayerSpec> layers = new ArrayList<>();
    private Loss loss = Loss.SOFTMAX;

    /** An empty architecture with the softmax loss. */
    public Sequential() {}

    /** A copy of {@code other}. */
    public Sequential(Sequential other) {
        Checks.notNull("Sequential", "other", other);
        layers.addAll(other.layers);
        loss = other.loss;
    }

    /** Appends a layer. @throws IllegalArgumentException if it is null or the net would exceed {@link #MAX_LAYERS} */
    public Sequential add(LayerSpec layer) {
        Checks.notNull("Sequential", "layer", layer);
        if (layers.size() >= MAX_LAYERS) {
            throw new IllegalArgumentException("Sequential: at most " + MAX_LAYERS + " layers, got more");
        }
        layers.add(layer);
        return this;
    }

    /** {@code conv(F, k)}: stride 1, pad {@code (k-1)/2}. @throws IllegalArgumentException on F or k below 1 */
    public Sequential conv(int filters, int size) {
        Checks.positive("conv", "size (filter height and width)", size);
        return conv(filters, size, 1, LayerSpec.Conv.defaultPad(size));
    }

    /** {@code conv(F, k, stride, pad)}. @throws IllegalArgumentException on a value out of range */
    public Sequential conv(int filters, int size, int stride, int pad) {
        return add(new LayerSpec.Conv(filters, size, stride, pad));
    }

    /** {@code pool(k)}: k x k max pool with stride k. @throws IllegalArgumentException on k below 1 */
    public Sequential maxPool(int size) {
        return maxPool(size, size);
    }

    /** {@code pool(k, stride)}. @throws IllegalArgumentException on a value below 1 */
    public Sequential maxPool(int size, int stride) {
        return add(new LayerSpec.Pool(size, stride));
    }

    /** {@code affine(M)}. @throws IllegalArgumentException on M below 1 */
    public Sequential affine(int units) {
        return add(new LayerSpec.Affine(units));
    }

    /** {@code relu}. */
    public Sequential relu() {
        return add(new LayerSpec.Relu());
    }

    /** {@code bn}: batch norm of {@code (N, D)} activations. */
    public Sequential batchNorm() {
        return add(new LayerSpec.BatchNorm());
    }

    /** {@code sbn}: spatial batch norm of {@code (N, C, H, W)} activations. */
    public Sequential spatialBatchNorm() {
        return add(new LayerSpec.SpatialBatchNorm());
    }

    /** {@code dropout(p)}, p the keep probability. @throws IllegalArgumentException unless p is in (0, 1] */
    public Sequential dropout(double p) {
        return add(new LayerSpec.Dropout(p));
    }

    /** The softmax loss (the default). */
    public Sequential softmax() {
        return loss(Loss.SOFTMAX);
    }

    /** The multiclass SVM loss. */
    public Sequential svm() {
        return loss(Loss.SVM);
    }

    /** Sets the loss. @throws IllegalArgumentException if it is null */
    public Sequential loss(Loss l) {
        this.loss = Checks.notNull("Sequential", "loss", l);
        return this;
    }

    /** The layers in order (unmodifiable). */
    public List<LayerSpec> layers() {
        return Collections.unmodifiableList(layers);
    }

    public Loss loss() {
        return loss;
    }

    /**
     * Builds a net with fresh weights drawn from {@code rng}: {@code new Net(this, config, ops, rng)}.
     *
     * @throws IllegalArgumentException on an impossible shape (see {@link Net})
     */
    public Net build(Net.Config config, Ops ops, Rng rng) {
        return new Net(this, config, ops, rng);
    }

    /** The canonical text: layers joined by {@code -}, then {@code -svm} for the SVM loss. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (LayerSpec l : layers) {
            if (s.length() > 0) s.append('-');
            s.append(l.text());
        }
        if (loss != Loss.SOFTMAX) s.append(s.length() > 0 ? "-" : "").append(loss.text());
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequential s && s.layers.equals(layers) && s.loss == loss;
    }

    @Override
    public int hashCode() {
        return layers.hashCode() * 31 + loss.hashCode();
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses the grammar above into the builder calls it stands for.
     *
     * @param text e.g. {@code "[conv(32,3)-sbn-relu-pool(2)]x2-affine(256)-bn-relu-dropout(0.5)-affine(10)"}
     * @throws IllegalArgumentException naming the character offset and what was expected there, or the
     *     offset of an argument out of range and its allowed range
     */
    public static Sequential parse(String text) {
        Checks.notNull("architecture", "text", text);
        Parser p = new Parser(text);
        List<Call> calls = p.items(0);
        p.skipSpace();
        if (!p.atEnd()) throw p.error(p.pos, p.pos < text.length() && text.charAt(p.pos) == ']'
                ? "'-' or the end of the text (this ']' closes no '[')" : "'-' or the end of the text");
        Sequential s = new Sequential();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            if (c.loss() != null && i != calls.size() - 1) {
                throw p.error(calls.get(i + 1).pos(), "the end of the text: the loss '" + c.loss().text()
                        + "' at offset " + c.pos() + " must be the last element");
            }
            try {
                c.apply().accept(s);
            } catch (IllegalArgumentException e) { // the parser checks values first; this is a backstop
                throw p.error(c.pos(), "a valid layer (" + e.getMessage() + ")");
            }
        }
        return s;
    }

    /** One builder call and where its text starts; {@code loss} is set for the loss elements. */
    private record Call(int pos, Consumer<Sequential> apply, Loss loss) {}

    /** An argument's name, whether it is an integer (else a probability in (0, 1]), and its least value. */
    private record Arg(String name, boolean integer, int min, String meaning) {}

    /** Each layer's arguments in positional order, and how many are required. */
    private record Kind(int required, List<Arg> args) {}

    private static final Map<String, Kind> KINDS = Map.of(
            "conv", new Kind(2, List.of(new Arg("filters", true, 1, "the number of filters F"),
                    new Arg("size", true, 1, "the filter size k"), new Arg("stride", true, 1, "the stride"),
                    new Arg("pad", true, 0, "the zero padding"))),
            "pool", new Kind(1, List.of(new Arg("size", true, 1, "the window size k"), new Arg("stride", true, 1, "the stride"))),
            "affine", new Kind(1, List.of(new Arg("units", true, 1, "the number of outputs M"))),
            "dropout", new Kind(1, List.of(new Arg("p", false, 0, "the probability of keeping a unit"))),
            "relu", new Kind(0, List.of()), "bn", new Kind(0, List.of()), "sbn", new Kind(0, List.of()),
            "softmax", new Kind(0, List.of()), "svm", new Kind(0, List.of()));

    /** Deepest nesting of {@code [...]} blocks (the parser recurses once per level). */
    private static final int MAX_DEPTH = 20;

    private static final String LAYER_NAMES = "a layer (conv, pool, affine, relu, bn, sbn, dropout), a loss (softmax, svm) or '['";

    private static final class Parser {
        final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        IllegalArgumentException error(int at, String expected) {
            String got = at >= text.length() ? "the end of the text" : "'" + token(at) + "'";
            // a long text is shown as the 60 characters either side of the offset
            int from = Math.max(0, at - 60), to = Math.min(text.length(), at + 60);
            String shown = (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
            int caret = at - from + (from > 0 ? 3 : 0);
            return new IllegalArgumentException("bad architecture at offset " + at + ": expected " + expected + ", got "
                    + got + "\n  " + shown + "\n  " + " ".repeat(caret) + "^");
        }

        /** The word or number starting at {@code at} (one character if neither), for messages. */
        String token(int at) {
            int end = at;
            while (end < text.length() && end - at < 24 && (Character.isLetterOrDigit(text.charAt(end))
                    || text.charAt(end) == '.' || ((text.charAt(end) == '-' || text.charAt(end) == '+') && end > at
                    && Character.isDigit(text.charAt(at)) && "eE".indexOf(text.charAt(end - 1)) >= 0))) {
                end++;
            }
            return end == at ? text.substring(at, at + 1) : text.substring(at, end);
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c, String what) {
            if (!accept(c)) throw error(pos, what);
        }

        List<Call> items(int depth) {
            List<Call> calls = new ArrayList<>(item(depth));
            while (accept('-')) calls.addAll(item(depth));
            if (calls.size() > MAX_LAYERS) throw error(pos, "at most " + MAX_LAYERS + " layers in all");
            return calls;
        }

        List<Call> item(int depth) {
            skipSpace();
            int start = pos;
            if (depth >= MAX_DEPTH && pos < text.length() && text.charAt(pos) == '[') {
                throw error(pos, "a layer: blocks nest at most " + MAX_DEPTH + " deep");
            }
            if (accept('[')) {
                List<Call> block = items(depth + 1);
                for (Call c : block) {
                    if (c.loss() != null) throw error(c.pos(), "a layer (the loss belongs at the end, outside '[...]')");
                }
                expect(']', "'-' or ']' closing the '[' at offset " + start);
                expect('x', "'x' and a repeat count after ']'");
                skipSpace();
                int countAt = pos;
                long n = integer("a repeat count >= 1");
                if (n < 1) throw error(countAt, "a repeat count >= 1");
                if (n * block.size() > MAX_LAYERS) throw error(countAt, "a repeat count that keeps the net within "
                        + MAX_LAYERS + " layers (" + block.size() + " layer(s) x " + n + ")");
                List<Call> out = new ArrayList<>();
                for (int i = 0; i < n; i++) out.addAll(block);
                return out;
            }
            String name = name();
            if (name.isEmpty() || !KINDS.containsKey(name)) throw error(start, LAYER_NAMES);
            Kind kind = KINDS.get(name);
            Number[] values = new Number[kind.args().size()];
            int[] at = new int[values.length];
            if (accept('(')) {
                skipSpace();
                if (kind.args().isEmpty() && !accept(')')) throw error(pos, "')': " + name + " takes no arguments");
                if (!kind.args().isEmpty()) arguments(name, kind, values, at);
            }
            int missing = 0;
            while (missing < kind.required() && values[missing] != null) missing++;
            if (missing < kind.required()) {
                throw error(pos, "the argument " + kind.args().get(missing).name() + " (" + kind.args().get(missing).meaning()
                        + ") of " + name + ", which needs " + kind.required() + " argument(s): " + signature(name, kind));
            }
            return List.of(call(start, name, values));
        }

        /** Reads {@code arg (, arg)* )} after the '(' into values, by position or by name. */
        void arguments(String name, Kind kind, Number[] values, int[] at) {
            int next = 0;
            boolean named = false;
            do {
                skipSpace();
                int argAt = pos;
                int idx;
                String key = name();
                int afterKey = pos;
                skipSpace();
                boolean isKey = !key.isEmpty() && pos < text.length() && text.charAt(pos) == '=';
                pos = afterKey;
                if (!key.isEmpty() && !isKey && next < kind.args().size()) {
                    Arg a = kind.args().get(next);
                    throw error(argAt, a.meaning() + ", " + (a.integer() ? "an integer >= " + a.min() : "a number in (0, 1]"));
                }
                if (!key.isEmpty()) {
                    idx = indexOf(kind, key);
                    if (idx < 0) throw error(argAt, "an argument name of " + signature(name, kind));
                    if (values[idx] != null) throw error(argAt, "an argument not given before (" + key + " is)");
                    expect('=', "'=' after the argument name " + key);
                    named = true;
                } else {
                    if (named) throw error(argAt, "a named argument (name=value): positional ones come first");
                    if (next >= kind.args().size()) {
                        throw error(argAt, "')': " + name + " takes at most " + kind.args().size() + " arguments, "
                                + signature(name, kind));
                    }
                    idx = next++;
                }
                skipSpace();
                at[idx] = pos;
                values[idx] = value(kind.args().get(idx));
            } while (accept(','));
            expect(')', "',' or ')'");
        }

        Number value(Arg a) {
            int start = pos;
            if (a.integer()) {
                long v = integer(a.meaning() + ", an integer >= " + a.min());
                if (v < a.min() || v > Integer.MAX_VALUE) {
                    throw error(start, a.meaning() + ", an integer in [" + a.min() + ", " + Integer.MAX_VALUE + "]");
                }
                return (int) v;
            }
            int end = pos;
            while (end < text.length() && (Character.isDigit(text.charAt(end)) || ".eE".indexOf(text.charAt(end)) >= 0
                    || ((text.charAt(end) == '-' || text.charAt(end) == '+') && end > pos
                    && "eE".indexOf(text.charAt(end - 1)) >= 0))) {
                end++;
            }
            double p;
            try {
                if (end == pos) throw new NumberFormatException();
                p = Double.parseDouble(text.substring(pos, end));
            } catch (NumberFormatException e) {
                throw error(start, a.meaning() + ", a number in (0, 1]");
            }
            if (!(p > 0 && p <= 1)) throw error(start, a.meaning() + ", a number in (0, 1]");
            pos = end;
            return p;
        }

        long integer(String what) {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
            if (pos == start || (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e'))) {
                throw error(start, what);
            }
            if (pos - start > 12) throw error(start, what + " of at most " + Integer.MAX_VALUE);
            return Long.parseLong(text.substring(start, pos));
        }

        String name() {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
            return text.substring(start, pos);
        }

        static int indexOf(Kind kind, String key) {
            for (int i = 0; i < kind.args().size(); i++) if (kind.args().get(i).name().equals(key)) return i;
            return -1;
        }

        static String signature(String name, Kind kind) {
            StringBuilder s = new StringBuilder(name).append('(');
            for (int i = 0; i < kind.args().size(); i++) {
                if (i > 0) s.append(", ");
                s.append(i >= kind.required() ? "[" + kind.args().get(i).name() + "]" : kind.args().get(i).name());
            }
            return s.append(')').toString();
        }

        /** The builder call a parsed layer stands for. */
        static Call call(int at, String name, Number[] v) {
            switch (name) {
                case "conv": {
                    int f = v[0].intValue(), k = v[1].intValue();
                    int stride = v[2] == null ? 1 : v[2].intValue();
                    int pad = v[3] == null ? LayerSpec.Conv.defaultPad(k) : v[3].intValue();
                    return new Call(at, s -> s.conv(f, k, stride, pad), null);
                }
                case "pool": {
                    int k = v[0].intValue(), stride = v[1] == null ? k : v[1].intValue();
                    return new Call(at, s -> s.maxPool(k, stride), null);
                }
                case "affine": {
                    int m = v[0].intValue();
                    return new Call(at, s -> s.affine(m), null);
                }
                case "dropout": {
                    double p = v[0].doubleValue();
                    return new Call(at, s -> s.dropout(p), null);
                }
                case "relu": return new Call(at, Sequential::relu, null);
                case "bn": return new Call(at, Sequential::batchNorm, null);
                case "sbn": return new Call(at, Sequential::spatialBatchNorm, null);
                case "softmax": return new Call(at, Sequential::softmax, Loss.SOFTMAX);
                default: return new Call(at, Sequential::svm, Loss.SVM);
            }
        }
    }
}
