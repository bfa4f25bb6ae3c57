package org.convnet4j.data;

import java.util.Locale;

/** The data sets {@link DataLocator} knows, as named on the command line ({@code --data}). */
public enum DataSource {
    /** CIFAR-10 binary version: {@code cifar10}. */
    CIFAR10("cifar10"),
    /** Fashion-MNIST IDX files: {@code fashion-mnist}. */
    FASHION_MNIST("fashion-mnist"),
    /** The built-in {@link Synthetic} set: {@code synthetic}. */
    SYNTHETIC("synthetic"),
    /** The first available of CIFAR-10, Fashion-MNIST, synthetic: {@code auto}. */
    AUTO("auto");

    private final String cliName;

    DataSource(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses {@code cifar10|fashion-mnist|synthetic|auto} (case-insensitive; {@code cifar-10},
     * {@code fashion_mnist}, {@code fashionmnist} also accepted).
     */
    public static DataSource parse(String s) {
        if (s == null) throw new IllegalArgumentException("data: source must be one of cifar10, fashion-mnist, synthetic, auto; got null");
        switch (s.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "cifar10": case "cifar-10": return CIFAR10;
            case "fashion-mnist": case "fashionmnist": return FASHION_MNIST;
            case "synthetic": return SYNTHETIC;
            case "auto": return AUTO;
            default:
                throw new IllegalArgumentException("data: source must be one of cifar10, fashion-mnist, synthetic, auto; got '"
                        + s + "'");
        }
    }

    @Override
    public String toString() {
        return cliName;
    }
}
