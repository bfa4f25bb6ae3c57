package org.convnet4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark ran on, so that runs on different machines (or under different load) can be told apart: the
 * CPU model and flags from {@code /proc/cpuinfo} (null and empty elsewhere), the OpenBLAS settings of the
 * environment, and the system load average (processes wanting a CPU, averaged over a minute).
 *
 * @param cpuModel the first {@code model name}, or null when unknown
 * @param cpuFlags the first processor's {@code flags}, in their order; empty when unknown
 * @param openblasEnv the {@code OPENBLAS_*} environment variables that are set (e.g. {@code OPENBLAS_CORETYPE})
 */
public record Machine(String cpuModel, List<String> cpuFlags, Map<String, String> openblasEnv) {
    /** The SIMD flags worth printing (the kernels OpenBLAS can choose from depend on them). */
    static final List<String> SIMD = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl",
            "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16");

    public Machine {
        cpuFlags = List.copyOf(cpuFlags);
        openblasEnv = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(openblasEnv));
    }

    /** This machine, read from {@code /proc/cpuinfo} and the environment. */
    public static Machine current() {
        String model = null;
        List<String> flags = List.of();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
                if (model == null && key.equals("model name")) model = value;
                if (flags.isEmpty() && key.equals("flags")) flags = Arrays.asList(value.split("\\s+"));
                if (model != null && !flags.isEmpty()) break;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: unknown
        }
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("OPENBLAS_"))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> env.put(e.getKey(), e.getValue()));
        return new Machine(model, flags, env);
    }

    /** The flags of {@link #SIMD} this CPU has, in that order. */
    public List<String> simdFlags() {
        List<String> out = new ArrayList<>();
        for (String f : SIMD) if (cpuFlags.contains(f)) out.add(f);
        return out;
    }

    /** The one-minute system load average, or NaN where the JVM cannot tell. */
    public static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }
}
