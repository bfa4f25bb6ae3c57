package org.convnet4j.data;

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
 * <p>Search order for CIFAR-10 (each place itself or its {@code cifar-10-batches-bin/} subfolder): the
 * given data dir, {@code $CONVNET4J_DATA}, {@code ~/.convnet4j/data}. For Fashion-MNIST: the given data dir
 * (or its {@code fashion-mnist/}), {@code $CONVNET4J_DATA}, {@code ~/.convnet4j/data}, then the Debian
 * package's {@value FashionMnist#SYSTEM_DIR}. {@code auto} takes CIFAR-10 if found, else Fashion-MNIST,
 * else the built-in synthetic set. An explicitly requested source that is missing is a
 * {@link DataNotFoundException} listing where we looked and how to get it.
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

    /** The folders searched, in order: {@code dataDir} (if given), {@code $CONVNET4J_DATA}, {@code ~/.convnet4j/data}. */
    public List<Path> searchDirs(Path dataDir) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (dataDir != null) dirs.add(dataDir);
        String e = env.get(ENV_VAR);
        if (e != null && !e.isBlank()) dirs.add(Paths.get(e));
        if (userHome != null) dirs.add(userHome.resolve(".convnet4j").resolve("data"));
        return new ArrayList<>(dirs);
    }

    /** The folders searched for Fashion-MNIST: {@link #searchDirs} then the system package folder. */
    public List<Path> fashionSearchDirs(Path dataDir) {
        List<Path> dirs = searchDirs(dataDir);
        if (fashionSystemDir != null && !dirs.contains(fashionSystemDir)) dirs.add(fashionSystemDir);
        return dirs;
    }

    /** Parses {@code name} (see {@link DataSource#parse}) and resolves it. */
    public DataChoice resolve(String name, Path dataDir) throws DataNotFoundException {
        return resolve(DataSource.parse(name), dataDir);
    }

    /**
     * Resolves a source to the folder to load from.
     *
     * @param dataDir the user's {@code --data-dir}, or null
     * @throws DataNotFoundException if CIFAR-10 or Fashion-MNIST was requested explicitly and not found
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
