/**
 * convnet4j-testkit: check a layer of your own the way convnet4j checks its own.
 *
 * <ul>
 *   <li>{@link org.convnet4j.testkit.TestKit} and the contracts ({@link org.convnet4j.testkit.ConvOpContract},
 *       {@link org.convnet4j.testkit.PoolOpContract}, {@link org.convnet4j.testkit.AffineOpContract},
 *       {@link org.convnet4j.testkit.ReluOpContract}, {@link org.convnet4j.testkit.OpsContract}): JUnit 5 dynamic
 *       tests, one per case;</li>
 *   <li>{@link org.convnet4j.testkit.ReferenceCheck}: an implementation beside the reference (forward, every
 *       gradient, inputs untouched, repeatable);</li>
 *   <li>{@link org.convnet4j.testkit.GradientCheck}: backward against centred differences in float64
 *       (CS231n's {@code eval_numerical_gradient_array});</li>
 *   <li>{@link org.convnet4j.testkit.Cases}: the grids; {@link org.convnet4j.testkit.Tolerances}: the bounds;</li>
 *   <li>{@link org.convnet4j.testkit.Report}: what a failure says, including the guess at the usual mistake.</li>
 * </ul>
 */
package org.convnet4j.testkit;
