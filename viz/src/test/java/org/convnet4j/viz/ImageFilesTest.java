package org.convnet4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

import org.convnet4j.testing.TestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9: {@code filters --out x.jpg} wrote PNG bytes into a .jpg. The extension now names the format. */
class ImageFilesTest extends TestBase {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static String formatOf(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return ImageIO.getImageReaders(in).next().getFormatName().toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void writesTheFormatTheExtensionNames() throws IOException {
        BufferedImage argb = new BufferedImage(7, 5, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0x80ff0000);
        for (String name : new String[] {"a.png", "a.jpg", "a.JPEG", "a.bmp"}) {
            Path file = dir.resolve(name);
            ImageFiles.write(file, argb); // JPEG and BMP have no alpha: drawn onto white first
            String ext = name.substring(2).toLowerCase(Locale.ROOT);
            assertEquals(ext.equals("jpg") ? "jpeg" : ext, formatOf(file), name);
            assertEquals(7, ImageIO.read(file.toFile()).getWidth());
        }
    }

    @Test
    void refusesOtherNamesNamingTheSupportedOnes() {
        for (String name : new String[] {"a.gif", "a", "a.png.txt", "jpg"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageFiles.write(dir.resolve(name), new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB)));
            assertEquals("image: file name must end in one of .png, .jpg, .jpeg, .bmp (the format written), got "
                    + dir.resolve(name), e.getMessage());
            assertFalse(Files.exists(dir.resolve(name)));
        }
    }
}
