package org.convnet4j.testkit;

import org.convnet4j.tensor.DType;

/**
 * One whole-net case: a random architecture ({@link RandomNets}) built in one dtype with He initialisation
 * and regularisation {@code reg}, run on N examples.
 *
 * @param dtype the net's dtype
 * @param net the architecture, its input shape and its seed
 * @param N the number of examples
 * @param reg the L2 regularisation strength
 */
public record NetCase(DType dtype, RandomNets.Case net, int N, double reg) implements KitCase {
    @Override
    public long seed() {
        return net.seed();
    }

    @Override
    public boolean nonFinite() {
        return false;
    }

    @Override
    public String toString() {
        return Cases.name(dtype) + " N=" + N + (reg != 0 ? " reg " + reg : "") + " " + net;
    }
}
