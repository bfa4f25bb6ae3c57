package org.convnet4j.viz;

import java.awt.image.BufferedImage;

/**
 * Two cartoon pictures computed from formulas, standing in for the notebook's {@code puppy.jpg}
 * (square) and {@code kitten.jpg} (wide) so the convolution aside runs without any image files.
 * Every pixel is the mean of a 4x4 grid of point samples of a scene made of ellipses, triangles,
 * line segments, gradients and a little sinusoidal "fur"; only {@link StrictMath} is used, so the
 * pictures are identical on every JVM and platform.
 */
public final class SampleImages {
    /** Side of {@link #puppy()}. */
    public static final int PUPPY_SIZE = 256;
    /** Width and height of {@link #kitten()}. */
    public static final int KITTEN_WIDTH = 320, KITTEN_HEIGHT = 240;

    private static final int SUB = 4;

    private SampleImages() {}

    /** A square ({@value #PUPPY_SIZE}x{@value #PUPPY_SIZE}) brown dog face with floppy ears, sky and grass behind. */
    public static BufferedImage puppy() {
        return paint(PUPPY_SIZE, PUPPY_SIZE, SampleImages::puppyAt);
    }

    /** A wide ({@value #KITTEN_WIDTH}x{@value #KITTEN_HEIGHT}) orange tabby cat face with pointed ears and whiskers. */
    public static BufferedImage kitten() {
        return paint(KITTEN_WIDTH, KITTEN_HEIGHT, SampleImages::kittenAt);
    }

    @FunctionalInterface
    private interface Scene {
        /** Writes the colour (0..255 per channel) at point (x, y) into rgb. */
        void colour(double x, double y, double[] rgb);
    }

    private static BufferedImage paint(int w, int h, Scene scene) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] rgb = new double[3];
        for (int py = 0; py < h; py++) {
            for (int px = 0; px < w; px++) {
                double r = 0, g = 0, b = 0;
                for (int sy = 0; sy < SUB; sy++) {
                    for (int sx = 0; sx < SUB; sx++) {
                        scene.colour(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB, rgb);
                        r += rgb[0];
                        g += rgb[1];
                        b += rgb[2];
                    }
                }
                int n = SUB * SUB;
                img.setRGB(px, py, (clamp(r / n) << 16) | (clamp(g / n) << 8) | clamp(b / n));
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, StrictMath.round(v)));
    }

    private static void puppyAt(double x, double y, double[] c) {
        // sky to grass
        if (y < 0.62 * PUPPY_SIZE) {
            double t = y / (0.62 * PUPPY_SIZE);
            set(c, 120 + 80 * t, 170 + 60 * t, 235 - 20 * t);
        } else {
            double t = (y - 0.62 * PUPPY_SIZE) / (0.38 * PUPPY_SIZE);
            set(c, 70 - 30 * t, 150 - 50 * t + 12 * StrictMath.sin(x * 0.8), 60 - 20 * t);
        }
        double fur = 10 * StrictMath.sin(x * 0.9) * StrictMath.cos(y * 0.7);
        if (ellipse(x, y, 68, 132, 26, 58) || ellipse(x, y, 188, 132, 26, 58)) {
            set(c, 95 + fur, 58 + fur, 30 + fur);                           // ears
        }
        if (ellipse(x, y, 128, 128, 68, 66)) set(c, 168 + fur, 112 + fur, 62 + fur); // head
        if (ellipse(x, y, 128, 168, 40, 30)) set(c, 232, 206, 168);         // muzzle
        if (ellipse(x, y, 128, 196, 10, 13) && y > 186) set(c, 225, 95, 120); // tongue
        if (ellipse(x, y, 128, 154, 13, 9)) set(c, 25, 20, 20);             // nose
        if (segment(x, y, 128, 160, 128, 178, 1.2)) set(c, 40, 30, 25);     // philtrum
        for (double ex : new double[] {103, 153}) {
            if (ellipse(x, y, ex, 112, 9, 10)) set(c, 20, 15, 10);
            if (ellipse(x, y, ex - 3, 108, 2.5, 2.5)) set(c, 250, 250, 250);
        }
    }

    private static void kittenAt(double x, double y, double[] c) {
        // warm wall with a darker floor
        double t = x / KITTEN_WIDTH;
        if (y < 0.78 * KITTEN_HEIGHT) set(c, 210 - 40 * t, 200 - 30 * t, 180 + 30 * t);
        else set(c, 120, 90 - 10 * t, 70);
        double cx = KITTEN_WIDTH / 2.0;
        if (triangle(x, y, 100, 105, 112, 30, 152, 78) || triangle(x, y, 220, 105, 208, 30, 168, 78)) {
            set(c, 220, 130, 50);                                           // ears
        }
        if (triangle(x, y, 110, 92, 116, 48, 140, 80) || triangle(x, y, 210, 92, 204, 48, 180, 80)) {
            set(c, 240, 170, 170);                                          // inner ears
        }
        if (ellipse(x, y, cx, 140, 74, 68)) {                               // head with tabby stripes
            set(c, 232, 142, 58);
            if (y < 112 && StrictMath.abs(StrictMath.sin((x - cx) * 0.16)) > 0.8) set(c, 170, 85, 30);
            if (StrictMath.abs(x - cx) > 52 && StrictMath.abs(StrictMath.sin(y * 0.25)) > 0.85) set(c, 170, 85, 30);
        }
        if (ellipse(x, y, cx, 172, 30, 22)) set(c, 245, 228, 205);         // muzzle
        for (double ex : new double[] {cx - 26, cx + 26}) {
            if (ellipse(x, y, ex, 132, 13, 10)) set(c, 120, 190, 60);
            if (ellipse(x, y, ex, 132, 3, 9)) set(c, 10, 10, 10);
        }
        if (triangle(x, y, cx - 8, 156, cx + 8, 156, cx, 166)) set(c, 230, 120, 140); // nose
        if (segment(x, y, cx, 166, cx - 9, 176, 1.0) || segment(x, y, cx, 166, cx + 9, 176, 1.0)) {
            set(c, 60, 40, 30);                                             // mouth
        }
        for (int s = -1; s <= 1; s += 2) {                                  // whiskers
            for (double dy : new double[] {-8, 0, 8}) {
                if (segment(x, y, cx + s * 24, 170, cx + s * 95, 170 + 1.6 * dy, 0.8)) set(c, 250, 250, 250);
            }
        }
    }

    private static void set(double[] c, double r, double g, double b) {
        c[0] = r;
        c[1] = g;
        c[2] = b;
    }

    private static boolean ellipse(double x, double y, double cx, double cy, double rx, double ry) {
        double u = (x - cx) / rx, v = (y - cy) / ry;
        return u * u + v * v <= 1;
    }

    private static boolean triangle(double x, double y, double ax, double ay, double bx, double by,
                                    double cx, double cy) {
        double d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
        double d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
        double d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
        boolean neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
        return !(neg && pos);
    }

    /** Whether (x, y) lies within half-width hw of the segment from (ax, ay) to (bx, by). */
    private static boolean segment(double x, double y, double ax, double ay, double bx, double by, double hw) {
        double vx = bx - ax, vy = by - ay;
        double t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
        double dx = x - (ax + t * vx), dy = y - (ay + t * vy);
        return dx * dx + dy * dy <= hw * hw;
    }
}
