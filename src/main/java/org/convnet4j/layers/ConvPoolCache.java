package org.convnet4j.layers;

/**
 * What a conv-relu-pool forward ({@link ConvOp#forwardReluPool}) keeps for its backward. Run layer by layer it is
 * the convolution's cache and the pool's (whose x is the ReLU's output); a fused native forward never makes the
 * convolution's output, so it keeps no pool cache but its own {@link Pooled} findings, which only the op that made
 * them reads (and refuses when made for another x, w, b or parameters).
 *
 * @param conv the convolution's cache
 * @param poolParam the pool's window and stride
 * @param pool the pool's cache when the forward ran layer by layer, else null
 * @param pooled a fused forward's findings, else null
 */
public record ConvPoolCache(ConvCache conv, PoolParam poolParam, PoolCache pool, Pooled pooled) {

    /** A fused forward's findings (the winners of each window and the pooled output); opaque outside its op. */
    public interface Pooled {}
}
