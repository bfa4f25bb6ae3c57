package org.convnet4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.convnet4j.tensor.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code --data cifar10|fashion-mnist|synthetic|auto} (and an optional {@code --data-dir}) to a
 * {@link DataChoice}, always with a reason the CLI can print.
 *
 * <p>A given data dir is the only place searched (itself, or its {@code cifar-10-batches-bin/} or
 * {@code fashion-mnist/} subfolder): data found elsewhere would not be the data the user pointed at.
 * Without one, CIFAR-10 is searched in {@code $CONVNET4J_DATA} and {@code ~/.convnet4j/data}, and
 * Fashion-MNIST there and then in the Debian package's {@value FashionMnist#SYSTEM_DIR}. {@code auto}
 * takes CIFAR-10 if found, else Fashion-MNIST, else (only without a data dir) the built-in synthetic set.
 * An explicitly requested source that is missing, a data dir holding neither data set, and a
 * {@code $CONVNET4J_DATA} that is not an existing folder (a typo must not be skipped silently) are a
 * {@link DataNotFoundException} saying where we looked and how to get the data.
 *
 * <p>The environment, home folder and system folder are constructor arguments so tests can use temp dirs.
 */
public final class DataLocator {
    private static final Logger LOG = LoggerFactory.getLogger(DataLocator.class);

    /** Environment variable naming a data folder. */
    public static final String ENV_VAR = "CONVNET4J_DATA";

    private final Map<String, String> env;
    private final Path userHome;
    private final Path fashionSystemDir;

    /**
     * @param env environment variables (only {@value #ENV_VAR} is read)
     * @param userHome the user's home folder, or null if unknown
     * @param fashionSystemDir where the system package puts Fashion-MNIST, or null to not look there
     */
    public DataLocator(Map<String, String> env, Path userHome, Path fashionSystemDir) {
        this.env = Map.copyOf(Checks.notNull("DataLocator", "env", env));
        this.userHome = userHome;
        this.fashionSystemDir = fashionSystemDir;
    }

    /** A locator using this process's environment, {@code user.home} and {@value FashionMnist#SYSTEM_DIR}. */
    public static DataLocator system() {
        String home = System.getProperty("user.home");
        return new DataLocator(System.getenv(), home == null ? null : Paths.get(home), Paths.get(FashionMnist.SYSTEM_DIR));
    }

    /**
     * Where downloads go when no folder is given: {@code $CONVNET4J_DATA} if set, else
     * {@code ~/.convnet4j/data}.
     *
     * @throws IllegalStateException if neither the variable nor a home folder is known
     */
    public Path defaultDataHome() {
        String e = env.get(ENV_VAR);
        if (e != null && !e.isBlank()) return Paths.get(e);
        if (userHome == null) {
            throw new IllegalStateException("no data folder: set " + ENV_VAR + " or pass a data dir");
        }
        return userHome.resolve(".convnet4j").resolve("data");
    }

    /**
     * {@code $CONVNET4J_DATA} as a folder, or null when it is unset or blank.
     *
     * @throws DataNotFoundException if it is set to something that is not an existing folder
     */
    public Path envDataDir() throws DataNotFoundException {
        String e = env.get(ENV_VAR);
        if (e == null || e.isBlank()) return null;
        Path dir = Paths.get(e);
        if (!Files.isDirectory(dir)) {
            throw new DataNotFoundException("$" + ENV_VAR + " is " + e + ", which " + (Files.exists(dir)
                    ? "is a file, not a folder" : "does not exist") + ": point it at a data folder or unset it");
        }
        return dir;
    }

    /**
     * The folders searched, in order: only {@code dataDir} if given, else {@code $CONVNET4J_DATA} (if set)
     * and {@code ~/.convnet4j/data}.
     *
     * @throws DataNotFoundException if {@code dataDir} is null and {@code $CONVNET4J_DATA} is set to
     *     something that is not an existing folder
     */
    public List<Path> searchDirs(Path dataDir) throws DataNotFoundException {
        if (dataDir != null) return List.of(dataDir);
        Set<Path> dirs = new LinkedHashSet<>();
        Path e = envDataDir();
        if (e != null) dirs.add(e);
        if (userHome != null) dirs.add(userHome.resolve(".convnet4j").resolve("data"));
        return new ArrayList<>(dirs);
    }

    /**
     * The folders searched for Fashion-MNIST: {@link #searchDirs}, then (without a {@code dataDir}) the
     * system package folder.
     *
     * @throws DataNotFoundException as {@link #searchDirs}
     */
    public List<Path> fashionSearchDirs(Path dataDir) throws DataNotFoundException {
        List<Path> dirs = new ArrayList<>(searchDirs(dataDir));
        if (dataDir == null && fashionSystemDir != null && !dirs.contains(fashionSystemDir)) dirs.add(fashionSystemDir);
        return dirs;
    }

    /** Parses {@code name} (see {@link DataSource#parse}) and resolves it. */
    public DataChoice resolve(String name, Path dataDir) throws DataNotFoundException {
        return resolve(DataSource.parse(name), dataDir);
    }

    /**
     * Resolves a source to the folder to load from.
     *
     * @param dataDir the user's {@code --data-dir}, or null; if given, the only folder searched
     * @throws DataNotFoundException if CIFAR-10 or Fashion-MNIST was requested explicitly and not found, if
     *     {@code auto} found neither in a given {@code dataDir}, or if {@code $CONVNET4J_DATA} is not a folder
     */
    public DataChoice resolve(DataSource source, Path dataDir) throws DataNotFoundException {
        Checks.notNull("DataLocator", "source", source);
        DataChoice choice;
        switch (source) {
            case CIFAR10: {
                List<Path> dirs = searchDirs(dataDir);
                Optional<Path> found = findCifar(dirs);
                if (found.isEmpty()) {
                    throw new DataNotFoundException("CIFAR-10 (binary version) not found: looked for "
                            + Cifar10Binary.ALL_FILES + " in " + describe(dirs) + " (each folder and its "
                            + Cifar10Binary.FOLDER + "/). Get it with `data fetch cifar10` (downloads "
                            + Cifar10Binary.ARCHIVE_URL + " into " + tryDefaultHome() + "), or point --data-dir or $"
                            + ENV_VAR + " at an extracted copy.");
                }
                choice = new DataChoice(DataSource.CIFAR10, found.get(), "cifar10 requested; found at " + found.get());
                break;
            }
            case FASHION_MNIST: {
                List<Path> dirs = fashionSearchDirs(dataDir);
                Optional<Path> found = findFashion(dirs);
                if (found.isEmpty()) {
                    throw new DataNotFoundException("Fashion-MNIST not found: looked for " + FashionMnist.FILES
                            + " (optionally .gz) in " + describe(dirs) + ". Install it with "
                            + "`apt-get install dataset-fashion-mnist` (puts the files in " + FashionMnist.SYSTEM_DIR
                            + "), or point --data-dir at a folder with the four IDX files.");
                }
                choice = new DataChoice(DataSource.FASHION_MNIST, found.get(),
                        "fashion-mnist requested; found at " + found.get());
                break;
            }
            case SYNTHETIC:
                choice = new DataChoice(DataSource.SYNTHETIC, null, "synthetic requested: built-in stripes set");
                break;
            case AUTO: {
                List<Path> cifarDirs = searchDirs(dataDir);
                Optional<Path> cifar = findCifar(cifarDirs);
                if (cifar.isPresent()) {
                    choice = new DataChoice(DataSource.CIFAR10, cifar.get(), "auto: CIFAR-10 found at " + cifar.get());
                    break;
                }
                List<Path> fashionDirs = fashionSearchDirs(dataDir);
                Optional<Path> fashion = findFashion(fashionDirs);
                if (fashion.isPresent()) {
                    choice = new DataChoice(DataSource.FASHION_MNIST, fashion.get(), "auto: no CIFAR-10 in "
                            + describe(cifarDirs) + "; Fashion-MNIST found at " + fashion.get());
                    break;
                }
                if (dataDir != null) {
                    throw new DataNotFoundException("neither CIFAR-10 (" + Cifar10Binary.ALL_FILES + ", or in "
                            + Cifar10Binary.FOLDER + "/) nor Fashion-MNIST (" + FashionMnist.FILES + ", optionally .gz, "
                            + "or in fashion-mnist/) found in the data dir " + dataDir
                            + " (without a data dir, auto falls back to the built-in synthetic set)");
                }
                choice = new DataChoice(DataSource.SYNTHETIC, null, "auto: no CIFAR-10 in " + describe(cifarDirs)
                        + " and no Fashion-MNIST in " + describe(fashionDirs) + "; using the built-in synthetic set "
                        + "(get real data with `data fetch cifar10` or `apt-get install dataset-fashion-mnist`)");
                break;
            }
            default:
                throw new IllegalStateException("unknown source " + source);
        }
        LOG.info("data: {}", choice.reason());
        return choice;
    }

    private static Optional<Path> findCifar(List<Path> dirs) {
        for (Path d : dirs) {
            Optional<Path> f = Cifar10Binary.find(d);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }

    private static Optional<Path> findFashion(List<Path> dirs) {
        for (Path d : dirs) {
            Optional<Path> f = FashionMnist.find(d);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }

    private static String describe(List<Path> dirs) {
        return dirs.isEmpty() ? "(no folders: give a data dir or set " + ENV_VAR + ")" : dirs.toString();
    }

    private String tryDefaultHome() {
        try {
            return defaultDataHome().toString();
        } catch (IllegalStateException e) {
            return "$" + ENV_VAR;
        }
    }
}
