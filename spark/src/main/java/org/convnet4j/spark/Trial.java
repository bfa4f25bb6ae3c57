package org.convnet4j.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One configuration of a sweep, as one Spark task trains it: its place in the sweep, its hyper-parameters
 * and the shared settings. Its {@link #id()} is a hash of everything that decides its numbers, so the
 * same configuration keeps its id across runs of a sweep (what {@code --resume} matches on) and the
 * driver keys results by it.
 *
 * @param index the configuration's position in this sweep, from 0
 * @param config the hyper-parameters
 * @param settings the settings shared by the sweep
 */
public record Trial(int index, SweepConfig config, TrainSettings settings) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Everything that decides this configuration's numbers, as canonical text. */
    public String key() {
        return settings.key() + "|" + config.key();
    }

    /** The first 12 hex digits of the SHA-256 of {@link #key()}. */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
