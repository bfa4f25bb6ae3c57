/**
 * The notebook's pictures as PNG files: {@link org.convnet4j.viz.TrainingPlots} (loss and accuracy
 * curves), {@link org.convnet4j.viz.FilterGrid} (first-layer filters, {@code visualize_grid}) and
 * {@link org.convnet4j.viz.ConvolveAside} (grayscale and edge filters run through the naive conv).
 * Everything draws into {@link java.awt.image.BufferedImage}s, so it runs with
 * {@code java.awt.headless=true}; files are written through {@link org.convnet4j.io.AtomicFiles}.
 */
package org.convnet4j.viz;
