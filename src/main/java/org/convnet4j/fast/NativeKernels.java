package org.convnet4j.fast;

import org.bytedeco.javacpp.*;
import org.bytedeco.javacpp.annotation.*;

@Properties(inherit = org.bytedeco.openblas.presets.openblas_nolapack.class,
        target = "org.convnet4j.fast.NativeKernels",
        value = @Platform(include = "cnn/probe.h", compiler = "cpp11"))
public class NativeKernels {
    static { Loader.load(); }
    public static native double cnn_probe_dot(DoublePointer a, DoublePointer b, long n);
}
