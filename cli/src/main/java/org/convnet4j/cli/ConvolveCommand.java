package org.convnet4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.viz.ConvolveAside;
import org.convnet4j.viz.SampleImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The notebook's image-processing aside: grayscale and edge filters applied with the naive convolution. */
@Command(name = "convolve", mixinStandardHelpOptions = true,
        description = "Apply the notebook's grayscale and horizontal-edge filters with the naive conv to two images; write the 2x3 panel.")
final class ConvolveCommand implements Callable<Integer> {
    @Option(names = "--image-a", description = "First image (PNG/JPEG; default: a built-in sample).")
    Path a;
    @Option(names = "--image-b", description = "Second image (default: a built-in sample).")
    Path b;
    @Option(names = "--size", defaultValue = "200",
            description = "Resize both images to SIZE x SIZE, 1..2048 (default ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--out", defaultValue = "out/convolve.png",
            description = "Picture to write, in the format its name ends in: .png, .jpg, .jpeg or .bmp (default ${DEFAULT-VALUE}).")
    Path png;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        OptionChecks check = new OptionChecks(spec);
        if ((a == null) != (b == null)) {
            throw new ParameterException(spec.commandLine(), "convolve: give both --image-a and --image-b, or neither");
        }
        check.inRange("--size", 1, 2048, size);
        check.pictureName("--out", png);
        FileChecks.writableFile("picture", png, "--out");
        if (a == null) ConvolveAside.write(png, SampleImages.puppy(), SampleImages.kitten(), size);
        else ConvolveAside.write(png, read(a, "--image-a"), read(b, "--image-b"), size);
        System.out.println("wrote " + png + (a == null ? " (built-in sample images)" : ""));
        return 0;
    }

    private static BufferedImage read(Path file, String option) throws IOException {
        // ImageIO's own message for a missing file is "Can't read input file!", without the file
        FileChecks.readableFile("image", file, option);
        try {
            return ConvolveAside.read(file);
        } catch (IOException e) {
            throw new IOException("cannot read image " + file + " (" + option + "): " + e.getMessage(), e);
        }
    }
}
