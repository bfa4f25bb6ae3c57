package org.convnet4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.convnet4j.viz.ConvolveAside;
import org.convnet4j.viz.SampleImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The seed's image-processing aside: grayscale and edge filters applied with the naive convolution. */
@Command(name = "convolve", mixinStandardHelpOptions = true,
        description = "Apply the seed's grayscale and horizontal-edge filters with the naive conv to two images; write the 2x3 panel.")
final class ConvolveCommand implements Callable<Integer> {
    @Option(names = "--image-a", description = "First image (PNG/JPEG; default: a built-in sample).")
    Path a;
    @Option(names = "--image-b", description = "Second image (default: a built-in sample).")
    Path b;
    @Option(names = "--size", defaultValue = "200", description = "Resize both images to SIZE x SIZE (default ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--out", defaultValue = "out/convolve.png", description = "PNG to write (default ${DEFAULT-VALUE}).")
    Path png;

    @Override
    public Integer call() throws IOException {
        if ((a == null) != (b == null)) throw new IllegalArgumentException("convolve: give both --image-a and --image-b, or neither");
        if (a == null) ConvolveAside.write(png, SampleImages.puppy(), SampleImages.kitten(), size);
        else ConvolveAside.write(png, ConvolveAside.read(a), ConvolveAside.read(b), size);
        System.out.println("wrote " + png + (a == null ? " (built-in sample images)" : ""));
        return 0;
    }
}
