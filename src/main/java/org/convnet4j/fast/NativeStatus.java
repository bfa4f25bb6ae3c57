package org.convnet4j.fast;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the native kernels loaded, and if not, why and how to fix it. Loading is attempted once, in
 * this class's initialiser; the failure (if any) is kept and rendered by {@link #describe()}, which tells the
 * causes apart: a platform we ship no kernels for (build them), native jars missing from the class path
 * (only those are named), JavaCPP unable to extract the libraries to its cache directory (the directories it
 * tried, why each is unusable, and which to make writable or point {@code org.bytedeco.javacpp.cachedir} at),
 * or everything present but a library that would not load; plus the JavaCPP debug switch. Thread-safe
 * (immutable after class initialisation).
 */
public final class NativeStatus {
    /** The platforms whose classifier jar convnet4j builds and tests (JavaCPP's platform names). */
    public static final java.util.List<String> SUPPORTED_PLATFORMS = java.util.List.of("linux-x86_64");

    private static final Logger LOG = LoggerFactory.getLogger(NativeStatus.class);
    private static final Throwable FAILURE;

    static {
        Throwable failure = null;
        try {
            NativeKernels.ensureLoaded();
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError...
            failure = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
        }
        FAILURE = failure;
        if (failure == null) {
            try {
                NativeConfig.applyInitialThreads();
            } catch (RuntimeException e) {
                LOG.warn("convnet4j: could not set the BLAS thread count: {}", e.toString());
            }
        }
    }

    private NativeStatus() {}

    /** True when the native kernels and OpenBLAS loaded. */
    public static boolean isAvailable() {
        return FAILURE == null;
    }

    /** The load failure, or null when loading succeeded. */
    public static Throwable failure() {
        return FAILURE;
    }

    /** One paragraph for logs, exceptions, test skips and the CLI {@code info} command. */
    public static String describe() {
        String platform = safe(NativeKernels.Env::platform);
        return render(FAILURE, new Facts(platform, NativeKernels.Env.expectedResource(),
                NativeKernels.Env.resourcePresent(), NativeKernels.Env.openblasPresent(platform),
                NativeKernels.Env.javacppPresent(platform), NativeKernels.Env.ourVersion(), CacheDir.candidates()));
    }

    /** Throws {@link IllegalStateException} with {@link #describe()} unless the kernels loaded. */
    static void require(String op) {
        if (!isAvailable()) throw new IllegalStateException(op + ": native kernels unavailable. " + describe());
    }

    /**
     * What {@link #describe()} looks at besides the failure: the platform, whether the native jars' libraries
     * are on the class path (ours, OpenBLAS's, JavaCPP's), our version, and JavaCPP's cache directories in the
     * order it tries them.
     */
    record Facts(String platform, String resource, boolean resourcePresent, boolean openblasPresent,
                 boolean javacppPresent, String version, java.util.List<CacheDir> cacheDirs) {}

    /**
     * A directory JavaCPP may extract native libraries to: {@code org.bytedeco.javacpp.cachedir} when set, then
     * {@code ~/.javacpp/cache}, then {@code <java.io.tmpdir>/.javacpp-<user>/cache}, the first usable one.
     *
     * @param source where it comes from, e.g. the property name
     * @param problem why JavaCPP cannot use it, or null when it can
     */
    record CacheDir(String path, String source, String problem) {
        static final String PROPERTY = "org.bytedeco.javacpp.cachedir";

        static java.util.List<CacheDir> candidates() {
            java.util.List<CacheDir> out = new java.util.ArrayList<>();
            String set = System.getProperty(PROPERTY, System.getProperty("org.bytedeco.javacpp.cacheDir"));
            if (set != null) out.add(of(set, "set by " + PROPERTY));
            out.add(of(System.getProperty("user.home") + "/.javacpp/cache", "JavaCPP's default"));
            out.add(of(System.getProperty("java.io.tmpdir") + "/.javacpp-" + System.getProperty("user.name") + "/cache",
                    "JavaCPP's fallback"));
            return out;
        }

        static CacheDir of(String path, String source) {
            return new CacheDir(path, source, problem(new java.io.File(path)));
        }

        /** Why JavaCPP could not use dir (it needs to create it, then read, write and enter it), or null. */
        private static String problem(java.io.File dir) {
            try {
                if (dir.exists()) {
                    if (!dir.isDirectory()) return "is not a directory";
                    if (!dir.canWrite()) return "is not writable";
                    return dir.canRead() && dir.canExecute() ? null : "cannot be read";
                }
                java.io.File a = dir.getAbsoluteFile().getParentFile();
                while (a != null && !a.exists()) a = a.getParentFile();
                if (a == null) return "cannot be created (no existing parent)";
                if (!a.isDirectory()) return "cannot be created: " + a + " is a file, not a directory";
                if (!a.canWrite()) return "cannot be created: " + a + " is not writable";
                return null;
            } catch (SecurityException e) {
                return "cannot be accessed: " + e.getMessage();
            }
        }
    }

    static String render(Throwable failure, Facts f) {
        String platform = f.platform();
        if (failure == null) {
            return "convnet4j native kernels loaded (platform " + platform + ", " + f.resource() + ")";
        }
        String v = f.version() == null ? "<version>" : f.version();
        CacheDir set = f.cacheDirs().stream().filter(c -> c.source().startsWith("set by")).findFirst().orElse(null);
        boolean cacheFailed = hasCause(failure, java.io.IOException.class)
                || (!f.cacheDirs().isEmpty() && f.cacheDirs().stream().allMatch(c -> c.problem() != null));
        StringBuilder s = new StringBuilder("convnet4j native kernels failed to load: ").append(message(failure, set));
        s.append(". Platform detected: ").append(platform);
        if (!SUPPORTED_PLATFORMS.contains(platform)) {
            s.append(". convnet4j ships native kernels for ").append(String.join(", ", SUPPORTED_PLATFORMS))
                    .append(" only: on ").append(platform).append(" build them from the sources with `bash cppbuild.sh")
                    .append(" -platform ").append(platform).append(" install`, or use Backend.NAIVE.");
            return s.toString();
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (!f.resourcePresent()) {
            missing.add("org.convnet4j:convnet4j:" + v + ":" + platform + " (classifier " + platform + ", expected resource "
                    + f.resource() + ")");
        }
        if (!f.openblasPresent()) missing.add("org.bytedeco:openblas:<version>:" + platform);
        if (!f.javacppPresent()) missing.add("org.bytedeco:javacpp:<version>:" + platform);
        if (cacheFailed) {
            // JavaCPP extracts the libraries of the native jars to a cache directory before loading them
            s.append(". JavaCPP could not extract the native libraries to its cache directory");
            for (CacheDir c : f.cacheDirs()) {
                s.append("; ").append(c.path()).append(" (").append(c.source()).append(") ")
                        .append(c.problem() == null ? "looks usable" : c.problem());
            }
            if (set != null) {
                s.append(". Make ").append(set.path()).append(" a writable directory, or point -D").append(CacheDir.PROPERTY)
                        .append(" at one that is");
            } else {
                s.append(". Set -D").append(CacheDir.PROPERTY).append("=<a writable directory>");
            }
        } else if (missing.isEmpty()) {
            s.append(". The native libraries of convnet4j, OpenBLAS and JavaCPP for ").append(platform)
                    .append(" are all on the class path (").append(f.resource())
                    .append("), so one of them, or a library it needs, could not be loaded on this system");
        }
        if (!missing.isEmpty()) {
            s.append(". Missing from the class path: ").append(String.join(", ", missing)).append("; add ")
                    .append(missing.size() == 1 ? "it" : "them").append(", or org.convnet4j:convnet4j-platform:")
                    .append(v).append(" for all platforms");
        }
        return s.append(". Run with -Dorg.bytedeco.javacpp.logger.debug=true to see what JavaCPP tried.").toString();
    }

    /** The failure as text, without JavaCPP's advice to set the cachedir property when it is set already. */
    private static String message(Throwable failure, CacheDir set) {
        String m = failure.toString();
        return set == null ? m : m.replace(": Set the \"" + CacheDir.PROPERTY + "\" system property.", "");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException | LinkageError e) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }
}
