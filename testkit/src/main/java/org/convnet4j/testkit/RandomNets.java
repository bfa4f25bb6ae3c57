package org.convnet4j.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.convnet4j.model.Sequential;

/**
 * Random small architectures for the whole-net tests (gradient checks, naive vs native, model files):
 * random depth; conv blocks of conv and a shuffled subset of spatial batch norm, ReLU and dropout, maybe
 * a max pool; then hidden affine layers with a shuffled subset of batch norm, ReLU and dropout; a last
 * affine of 2 to 4 classes; softmax or SVM. Shapes are tracked while drawing, so every net builds.
 */
public final class RandomNets {
    private RandomNets() {}

    /** One random net and the input shape it was drawn for. */
    public record Case(Sequential arch, int[] inputDim, long seed) {
        @Override
        public String toString() {
            return arch + " on " + java.util.Arrays.toString(inputDim);
        }
    }

    /** A random image shape (C, H, W) with C in 1..3 and H, W in 3..8. */
    public static int[] imageShape(Random r) {
        return new int[] {1 + r.nextInt(3), 3 + r.nextInt(6), 3 + r.nextInt(6)};
    }

    /** A random architecture valid on images {@code (C, H, W)}. */
    public static Sequential random(Random r, int[] inputDim) {
        Sequential s = new Sequential();
        int C = inputDim[0], H = inputDim[1], W = inputDim[2];
        int blocks = r.nextInt(3);
        for (int b = 0; b < blocks; b++) {
            int k = 1 + r.nextInt(3);
            int pad = r.nextBoolean() ? (k - 1) / 2 : r.nextInt(2);
            int stride = r.nextInt(4) == 0 ? 2 : 1;
            if (k > H + 2 * pad || k > W + 2 * pad) break;
            C = 1 + r.nextInt(4);
            s.conv(C, k, stride, pad);
            H = 1 + (H + 2 * pad - k) / stride;
            W = 1 + (W + 2 * pad - k) / stride;
            List<Runnable> extras = new ArrayList<>();
            if (r.nextBoolean()) extras.add(s::spatialBatchNorm);
            if (r.nextInt(4) > 0) extras.add(s::relu);
            double p = 0.5 + 0.4 * r.nextDouble();
            if (r.nextInt(3) == 0) extras.add(() -> s.dropout(p));
            Collections.shuffle(extras, r);
            extras.forEach(Runnable::run);
            if (H >= 2 && W >= 2 && r.nextBoolean()) {
                int size = 2 + r.nextInt(Math.min(2, Math.min(H, W) - 1));
                int ps = 1 + r.nextInt(2);
                s.maxPool(size, ps);
                H = 1 + (H - size) / ps;
                W = 1 + (W - size) / ps;
            }
        }
        int hidden = r.nextInt(3);
        for (int h = 0; h < hidden; h++) {
            s.affine(2 + r.nextInt(5));
            List<Runnable> extras = new ArrayList<>();
            if (r.nextBoolean()) extras.add(s::batchNorm);
            if (r.nextInt(4) > 0) extras.add(s::relu);
            double p = 0.5 + 0.4 * r.nextDouble();
            if (r.nextInt(3) == 0) extras.add(() -> s.dropout(p));
            Collections.shuffle(extras, r);
            extras.forEach(Runnable::run);
        }
        s.affine(2 + r.nextInt(3));
        if (r.nextBoolean()) s.svm();
        return s;
    }

    /** {@code n} random cases from {@code new Random(seed)}. */
    public static List<Case> cases(long seed, int n) {
        Random r = new Random(seed);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] in = imageShape(r);
            out.add(new Case(random(r, in), in, seed * 1000 + i));
        }
        return out;
    }
}
