package org.convnet4j.layers;

import org.convnet4j.tensor.Tensor;

/**
 * What a max pool's forward keeps for its backward: CS231n's {@code cache = (x, pool_param)}, and optionally
 * the winners the path that ran found on the way, so its backward need not search again.
 *
 * <p>{@code winners} belong to the op that made them and only it reads them (the fast pool keeps the flat
 * offset of each window's maximum there); that op refuses winners made by another op or for another x or
 * param with {@link IllegalArgumentException}. So a cache cannot be built to send gradients anywhere but to
 * the maxima of x: a cache built by hand ({@link #PoolCache(Tensor, PoolParam)}) has no winners, and every
 * backward then searches x, as the naive one always does. x is held by reference: changing it between forward
 * and backward is not supported (the naive backward would search the changed x, the fast one use the
 * winners found before).
 *
 * @param x the forward input {@code (N, C, H, W)}
 * @param param the forward's pool parameters
 * @param winners the forward's findings, or null
 */
public record PoolCache(Tensor x, PoolParam param, Winners winners) {

    /** A cache without winners (the naive forward's): backward searches x for each window's maximum. */
    public PoolCache(Tensor x, PoolParam param) {
        this(x, param, null);
    }

    /**
     * Which path made this cache, as CS231n's fast pool stores {@code 'reshape'} or {@code 'im2col'}:
     * {@code "naive"} without winners, else what the winners say (the fast pool: {@code "tiled"} or
     * {@code "general"}).
     */
    public String strategy() {
        return winners == null ? "naive" : winners.strategy();
    }

    /** Where a forward found each window's maximum; opaque outside the op that made it. */
    public interface Winners {
        /** The path that found them. */
        String strategy();
    }
}
