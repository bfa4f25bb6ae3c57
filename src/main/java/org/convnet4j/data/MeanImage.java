package org.convnet4j.data;

import org.convnet4j.tensor.Checks;
import org.convnet4j.tensor.Tensor;

/**
 * The mean-image preprocessing of CS231n's {@code get_CIFAR10_data}:
 * <pre>
 *   mean_image = X_train.mean(axis=0)      # (C, H, W)
 *   X_train -= mean_image; X_val -= mean_image; X_test -= mean_image
 * </pre>
 * The mean is accumulated in double whatever the image dtype, so float32 sums over 49,000 images
 * don't lose precision.
 */
public final class MeanImage {
    private MeanImage() {}

    /**
     * @param images (N, C, H, W), N &gt; 0
     * @return the mean over N, shape (C, H, W), same dtype as {@code images}
     */
    public static Tensor compute(Tensor images) {
        Checks.rank("meanImage", "images", images, 4, "N, C, H, W");
        int n = images.dim(0);
        Checks.positive("meanImage", "N", n);
        int per = images.size() / n;
        double[] acc = new double[per];
        for (int i = 0; i < n; i++) {
            int base = i * per;
            for (int j = 0; j < per; j++) acc[j] += images.getFlat(base + j);
        }
        Tensor mean = Tensor.zeros(images.dtype(), images.dim(1), images.dim(2), images.dim(3));
        for (int j = 0; j < per; j++) mean.setFlat(j, acc[j] / n);
        return mean;
    }

    /**
     * Subtracts {@code mean} (C, H, W) from every image of {@code images} (N, C, H, W), in place.
     *
     * @throws IllegalArgumentException if the shapes don't agree
     */
    public static void subtractInPlace(Tensor images, Tensor mean) {
        Checks.rank("subtractMean", "images", images, 4, "N, C, H, W");
        Checks.shape("subtractMean", "mean", mean, new int[] {images.dim(1), images.dim(2), images.dim(3)},
                "(C, H, W) of images");
        int n = images.dim(0);
        int per = mean.size();
        double[] m = mean.toDoubleArray();
        for (int i = 0; i < n; i++) {
            int base = i * per;
            for (int j = 0; j < per; j++) images.addFlat(base + j, -m[j]);
        }
    }
}
