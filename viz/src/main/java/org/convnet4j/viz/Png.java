package org.convnet4j.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.convnet4j.io.AtomicFiles;

/** PNG output shared by the pictures: ImageIO's encoder behind {@link AtomicFiles}. */
final class Png {
    private Png() {}

    static void write(Path png, BufferedImage img) throws IOException {
        AtomicFiles.write(png, out -> {
            // ImageIO reports a missing encoder by returning false, not by throwing
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG encoder for image type " + img.getType());
            }
        });
    }
}
