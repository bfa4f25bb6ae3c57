package org.convnet4j.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.convnet4j.io.AtomicFiles;
import org.convnet4j.tensor.Checks;

/**
 * Picture output shared by the pictures: the format the file name's extension names, through ImageIO's
 * encoders, behind {@link AtomicFiles}. A name whose extension is not one of {@link #EXTENSIONS} is
 * refused: writing PNG bytes into a {@code .jpg} would give a file that other programs misread.
 */
public final class ImageFiles {
    /** The extensions written (case-insensitive): PNG, JPEG and BMP, which every Java runtime can encode. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");

    private ImageFiles() {}

    /**
     * The ImageIO format name for {@code file}'s extension.
     *
     * @throws IllegalArgumentException if the extension is not one of {@link #EXTENSIONS}
     */
    public static String format(Path file) {
        Checks.notNull("image", "file", file);
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            throw new IllegalArgumentException("image: file name must end in one of ." + String.join(", .", EXTENSIONS)
                    + " (the format written), got " + file);
        }
        return ext.equals("jpg") ? "jpeg" : ext;
    }

    /**
     * Writes {@code img} to {@code file} atomically, in the format its extension names ({@link #format}).
     * JPEG and BMP have no alpha channel: an image with one is drawn onto white first.
     *
     * @throws IllegalArgumentException as {@link #format}, or if img is null
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, BufferedImage img) throws IOException {
        String format = format(file);
        Checks.notNull("image", "img", img);
        BufferedImage out = format.equals("png") || !img.getColorModel().hasAlpha() ? img : opaque(img);
        AtomicFiles.write(file, stream -> {
            // ImageIO reports a missing encoder by returning false, not by throwing
            if (!ImageIO.write(out, format, stream)) {
                throw new IOException("no " + format.toUpperCase(Locale.ROOT) + " encoder for image type " + out.getType());
            }
        });
    }

    private static BufferedImage opaque(BufferedImage img) {
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
