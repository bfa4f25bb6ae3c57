package org.convnet4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.convnet4j.tensor.Rng;

/**
 * The hyper-parameter space of a sweep: one {@link ParamSpec} per varied setting, in a fixed order (lr,
 * reg, weight scale, hidden units, filters, filter size, update rule, architecture), and the two ways
 * to turn it into configurations.
 *
 * <ul>
 *   <li>{@link #grid}: every combination, the first parameter varying slowest, like nested loops
 *       {@code for lr in lrs: for reg in regs: ...} in the notebook's tuning cells;</li>
 *   <li>{@link #random}: {@code trials} draws, each parameter drawn independently (Bergstra and Bengio,
 *       "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012) from an {@link Rng} seeded with
 *       {@code seed}: the same seed gives the same configurations. Repeated draws are kept once.</li>
 * </ul>
 */
public final class SearchSpace {
    /** The largest grid accepted: a typo such as 1e-5:1e-1:log:1000 should not start a million runs. */
    public static final int MAX_CONFIGS = 100_000;

    private final ParamSpec lr, reg, weightScale, hiddenDim, numFilters, filterSize, updateRule, arch;

    /**
     * @param hiddenDim hidden units, or null with {@code arch} (the architecture gives the sizes; configurations get 0)
     * @param numFilters conv filters, or null with {@code arch}
     * @param filterSize conv filter sizes, or null with {@code arch}
     * @param arch the architectures, or null for the ThreeLayerConvNet (see {@link SweepConfig#arch()})
     */
    public SearchSpace(ParamSpec lr, ParamSpec reg, ParamSpec weightScale, ParamSpec hiddenDim, ParamSpec numFilters,
                       ParamSpec filterSize, ParamSpec updateRule, ParamSpec arch) {
        this.lr = lr;
        this.reg = reg;
        this.weightScale = weightScale;
        this.hiddenDim = hiddenDim;
        this.numFilters = numFilters;
        this.filterSize = filterSize;
        this.updateRule = updateRule;
        this.arch = arch;
    }

    private static final ParamSpec UNUSED = ParamSpec.numbers("-", ParamSpec.Kind.INT, "0", v -> true, "0");

    /** The specs in configuration order; a size the architecture gives is the one value 0. */
    private List<ParamSpec> specs() {
        List<ParamSpec> s = new ArrayList<>(List.of(lr, reg, weightScale, orUnused(hiddenDim), orUnused(numFilters),
                orUnused(filterSize), updateRule));
        if (arch != null) s.add(arch);
        return s;
    }

    private static ParamSpec orUnused(ParamSpec s) {
        return s == null ? UNUSED : s;
    }

    /** The parameters that take more than one value (or a range), option name to spec text, for the summary. */
    public Map<String, String> varied() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ParamSpec s : specs()) if (s.isRange() || s.size() > 1) m.put(s.option(), s.option().equals("--arch") ? s.size() + " architectures" : s.describe());
        return m;
    }

    /**
     * Every combination of the lists.
     *
     * @throws ParamSpec.SpecException if a parameter is a continuous range, or the grid has more than
     *     {@value #MAX_CONFIGS} configurations
     */
    public List<Trial> grid(TrainSettings settings) {
        int total = gridSize();
        List<List<Object>> axes = new ArrayList<>();
        for (ParamSpec s : specs()) axes.add(s.gridValues());
        List<Trial> out = new ArrayList<>();
        int[] at = new int[axes.size()];
        for (int n = 0; n < total; n++) {
            Object[] v = new Object[axes.size()];
            for (int i = 0; i < v.length; i++) v[i] = axes.get(i).get(at[i]);
            out.add(new Trial(n, config(v), settings));
            // odometer: the last axis turns fastest
            for (int i = at.length - 1; i >= 0; i--) {
                if (++at[i] < axes.get(i).size()) break;
                at[i] = 0;
            }
        }
        return out;
    }

    /**
     * The number of configurations of {@link #grid}, which checks the specs without building anything.
     *
     * @throws ParamSpec.SpecException as {@link #grid}
     */
    public int gridSize() {
        List<ParamSpec> specs = specs();
        long total = 1;
        for (ParamSpec s : specs) {
            s.gridValues();
            total *= s.size();
            if (total > MAX_CONFIGS) {
                throw new ParamSpec.SpecException("--search", "a grid of at most " + MAX_CONFIGS + " configurations",
                        "more (" + String.join(" x ", sizes(specs)) + ")");
            }
        }
        return (int) total;
    }

    /**
     * {@code trials} random configurations, repeats dropped.
     *
     * @param seed the search's seed, in [0, 2^32)
     */
    public List<Trial> random(int trials, long seed, TrainSettings settings) {
        if (trials < 1 || trials > MAX_CONFIGS) {
            throw new ParamSpec.SpecException("--trials", "an integer in [1, " + MAX_CONFIGS + "]", Integer.toString(trials));
        }
        Rng rng = new Rng(seed);
        List<ParamSpec> specs = specs();
        Map<String, Trial> distinct = new LinkedHashMap<>();
        for (int n = 0; n < trials; n++) {
            Object[] v = new Object[specs.size()];
            for (int i = 0; i < v.length; i++) v[i] = specs.get(i).sample(rng);
            Trial t = new Trial(distinct.size(), config(v), settings);
            distinct.putIfAbsent(t.key(), t);
        }
        return new ArrayList<>(distinct.values());
    }

    private static SweepConfig config(Object[] v) {
        return new SweepConfig((Double) v[0], (Double) v[1], (Double) v[2], size(v[3]), size(v[4]), size(v[5]), (String) v[6],
                v.length > 7 ? (String) v[7] : null);
    }

    private static int size(Object v) {
        return v instanceof Integer i ? i : 0;
    }

    private static List<String> sizes(List<ParamSpec> specs) {
        List<String> s = new ArrayList<>();
        for (ParamSpec p : specs) s.add(Integer.toString(p.size()));
        return s;
    }
}
