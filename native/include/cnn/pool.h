// Max pooling forward/backward on a chunk of images, float and double.
//
// Layout: x (N, C, H, W), out/dout (N, C, Hout, Wout), row-major, contiguous; Hout = 1 + (H - PH) / stride
// floored (trailing rows/columns no window reaches are dropped, like the naive MaxPool2d).
// argmax (int32, one per output) holds flat offsets into the caller's whole x: the chunk starts at
// flat offset `base`, so offsets stay valid across chunks and match the naive path's meaning.
// Ties: the first maximum in row-major window order wins (strict '>' while visiting in that order),
// exactly like MaxPool2d. NaN: a window holding one gives NaN and its argmax is its first NaN (np.max /
// np.argmax). The general scan says so with '!(v <= best) && best == best' (a later element wins when it
// is larger or NaN, and nothing replaces a NaN); the 2x2 kernel applies NaNs after its '>' scan. Two paths: "tiled" (PH == PW == stride, H % PH == 0, W % PW == 0: windows
// partition x) and "general" (overlap or gaps). With stride 2, on a CPU with AVX2, both run the vector kernels of
// pool_avx2.h instead (pool_plane), with the same results. Callers: NativeKernels.poolForward/poolBackward, after
// Java checked the shapes and buffer lengths. Backward re-checks each argmax against the chunk, so a
// corrupted cache throws instead of writing out of bounds.
#ifndef CNN_POOL_H
#define CNN_POOL_H

#include <algorithm>
#include <cstring>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "cnn/common.h"
#include "cnn/pool_avx2.h"

namespace cnn_detail {

inline bool pool_tiles(int64_t H, int64_t W, int64_t PH, int64_t PW, int64_t stride) {
    return PH == stride && PW == stride && H % PH == 0 && W % PW == 0;
}

// Whether n values hold a NaN: one pass (vectorised) over a plane about to be pooled, so it is read from cache.
// Planes without NaN take the scans below without NaN rules: the rules cost 2-3x on S2 (float64) and S5.
template <typename T>
bool has_nan(const T* x, int64_t n) {
    // portable fallback, on the bits so that gcc vectorises the loop (it kept 'nan |= v != v' scalar)
    using U = typename std::conditional<sizeof(T) == 4, uint32_t, uint64_t>::type;
    const U magnitude = ~(U(1) << (8 * sizeof(T) - 1));
    const U inf = sizeof(T) == 4 ? U(0x7f800000u) : U(0x7ff0000000000000ull);
    U nan = 0;
    for (int64_t k = 0; k < n; k++) {
        U u;
        std::memcpy(&u, x + k, sizeof u);
        nan |= static_cast<U>((u & magnitude) > inf);
    }
    return nan != 0;
}

#if defined(__SSE2__)
// With SSE2 (every x86-64): an unordered compare of each value with itself is true exactly for NaN. Four
// accumulators so that the loop runs at load speed (one made it the slow part: S5 float64, C++ at one thread,
// 2.05 ms with one accumulator, 1.85 with four, 1.71 with no check at all; float32 1.10 -> 0.95).
struct Sse2Doubles {
    using V = __m128d;
    static constexpr int lanes = 2;
    static V zero() { return _mm_setzero_pd(); }
    static V nan_mask(const double* p) { const V v = _mm_loadu_pd(p); return _mm_cmpunord_pd(v, v); }
    static V either(V a, V b) { return _mm_or_pd(a, b); }
    static bool any(V a) { return _mm_movemask_pd(a) != 0; }
};
struct Sse2Floats {
    using V = __m128;
    static constexpr int lanes = 4;
    static V zero() { return _mm_setzero_ps(); }
    static V nan_mask(const float* p) { const V v = _mm_loadu_ps(p); return _mm_cmpunord_ps(v, v); }
    static V either(V a, V b) { return _mm_or_ps(a, b); }
    static bool any(V a) { return _mm_movemask_ps(a) != 0; }
};

template <typename S, typename T>
bool has_nan_sse2(const T* x, int64_t n) {
    constexpr int L = S::lanes;
    typename S::V a0 = S::zero(), a1 = a0, a2 = a0, a3 = a0;
    int64_t k = 0;
    for (; k + 4 * L <= n; k += 4 * L) {
        a0 = S::either(a0, S::nan_mask(x + k));
        a1 = S::either(a1, S::nan_mask(x + k + L));
        a2 = S::either(a2, S::nan_mask(x + k + 2 * L));
        a3 = S::either(a3, S::nan_mask(x + k + 3 * L));
    }
    bool nan = S::any(S::either(S::either(a0, a1), S::either(a2, a3)));
    for (; k < n; k++) nan |= x[k] != x[k];
    return nan;
}

template <>
inline bool has_nan<double>(const double* x, int64_t n) {
    return has_nan_sse2<Sse2Doubles>(x, n);
}

template <>
inline bool has_nan<float>(const float* x, int64_t n) {
    return has_nan_sse2<Sse2Floats>(x, n);
}
#endif

// Tiled 2x2 (the seed's pool): both input rows of a window row are streamed once. NaNs: apply the NaN rules;
// without them, returns whether a NaN was seen (the caller then scans again with them).
template <typename T, bool NaNs>
bool pool2x2_scan(const T* x, T* out, int32_t* am, int64_t xoff, int64_t H, int64_t W) {
    const int64_t Hout = H / 2, Wout = W / 2;
    int32_t nan = 0;
    for (int64_t i = 0; i < Hout; i++) {
        const T* r0 = x + (2 * i) * W;
        const T* r1 = r0 + W;
        const int64_t o0 = xoff + 2 * i * W;
        const int32_t w0 = static_cast<int32_t>(W);
        // Selects instead of branches: which element wins is random on real activations, and the
        // mispredicted branches made this loop 4.7 ms on (50, 32, 32, 32) float32 (C++ microbenchmark),
        // now 0.46 ms. First the strict '>' scan in visiting order (ties keep the first maximum), then NaNs
        // override it, the last window element first so that the first NaN is applied last. Written so, gcc
        // still vectorises the loop; folding the NaN rule into each compare ('!(v <= best) & (best == best)')
        // made it give up.
        for (int64_t j = 0; j < Wout; j++) {
            const T a = r0[2 * j], b = r0[2 * j + 1], c = r1[2 * j], d = r1[2 * j + 1];
            T best = a;
            int32_t at = 0;
            int32_t m = -static_cast<int32_t>(b > best);  // all ones when b wins
            best = m ? b : best;
            at = (at & ~m) | (1 & m);
            m = -static_cast<int32_t>(c > best);
            best = m ? c : best;
            at = (at & ~m) | (w0 & m);
            m = -static_cast<int32_t>(d > best);
            best = m ? d : best;
            at = (at & ~m) | ((w0 + 1) & m);
            if (NaNs) {
                m = -static_cast<int32_t>(d != d);  // all ones when d is NaN
                best = m ? d : best;
                at = (at & ~m) | ((w0 + 1) & m);
                m = -static_cast<int32_t>(c != c);
                best = m ? c : best;
                at = (at & ~m) | (w0 & m);
                m = -static_cast<int32_t>(b != b);
                best = m ? b : best;
                at = (at & ~m) | (1 & m);
                m = -static_cast<int32_t>(a != a);
                best = m ? a : best;
                at = at & ~m;
            } else {
                const T sum = (a + b) + (c + d);  // NaN when one is (or for +Inf with -Inf: a needless rescan)
                nan |= static_cast<int32_t>(sum != sum);
            }
            out[i * Wout + j] = best;
            am[i * Wout + j] = static_cast<int32_t>(o0 + 2 * j) + at;
        }
    }
    return nan != 0;
}

// A plane's scan without the NaN rules also says whether it met a NaN (in the same vectorised loop, no extra pass
// over x); only then is the plane scanned again with them.
template <typename T>
void pool2x2_plane(const T* x, T* out, int32_t* am, int64_t xoff, int64_t H, int64_t W) {
    if (pool2x2_scan<T, false>(x, out, am, xoff, H, W)) pool2x2_scan<T, true>(x, out, am, xoff, H, W);
}

// Any window and stride, for a plane without NaN (has_nan): the strict '>' scan as selects, in row-major window
// order. KH, KW > 0 fix the window at compile time (the loops unroll; 3x3 is S5's, 2x2 an overlapping 2x2): S5,
// (50, 32, 32, 32) 3x3 stride 2, C++ at one thread, float32: 1.2 ms so, 4.0 with the window's size known at run
// time only, 6.9 with the NaN-aware scan below.
template <typename T, int KH, int KW>
void pool_general_finite(const T* x, T* out, int32_t* am, int64_t xoff, int64_t W, int64_t PH, int64_t PW,
                         int64_t stride, int64_t Hout, int64_t Wout) {
    const int32_t ph = KH > 0 ? KH : static_cast<int32_t>(PH), pw = KW > 0 ? KW : static_cast<int32_t>(PW);
    for (int64_t i = 0; i < Hout; i++) {
        for (int64_t j = 0; j < Wout; j++) {
            const int64_t top = i * stride * W + j * stride;
            T best = x[top];
            int32_t at = 0;  // offset from top
            for (int32_t p = 0; p < ph; p++) {
                const T* row = x + top + p * W;
                for (int32_t q = 0; q < pw; q++) {
                    const T v = row[q];
                    const int32_t idx = p * static_cast<int32_t>(W) + q;
                    const int32_t m = -static_cast<int32_t>(v > best);
                    best = m ? v : best;
                    at = (at & ~m) | (idx & m);
                }
            }
            out[i * Wout + j] = best;
            am[i * Wout + j] = static_cast<int32_t>(xoff + top + at);
        }
    }
}

// Any window and stride: visits each window in row-major order; a NaN wins and nothing replaces it.
template <typename T>
void pool_general_plane(const T* x, T* out, int32_t* am, int64_t xoff, int64_t H, int64_t W, int64_t PH, int64_t PW,
                        int64_t stride, int64_t Hout, int64_t Wout) {
    (void)H;
    if (!has_nan(x, ((Hout - 1) * stride + PH) * W)) {
        if (PH == 3 && PW == 3) {
            pool_general_finite<T, 3, 3>(x, out, am, xoff, W, PH, PW, stride, Hout, Wout);
        } else if (PH == 2 && PW == 2) {
            pool_general_finite<T, 2, 2>(x, out, am, xoff, W, PH, PW, stride, Hout, Wout);
        } else {
            pool_general_finite<T, 0, 0>(x, out, am, xoff, W, PH, PW, stride, Hout, Wout);
        }
        return;
    }
    for (int64_t i = 0; i < Hout; i++) {
        for (int64_t j = 0; j < Wout; j++) {
            const int64_t top = i * stride * W + j * stride;
            T best = x[top];
            int64_t at = top;
            for (int64_t p = 0; p < PH; p++) {
                const T* row = x + top + p * W;
                for (int64_t q = 0; q < PW; q++) {
                    if (!(row[q] <= best) && best == best) { best = row[q]; at = top + p * W + q; }
                }
            }
            out[i * Wout + j] = best;
            am[i * Wout + j] = static_cast<int32_t>(xoff + at);
        }
    }
}

// One plane of max pooling: the AVX2 kernel when simd is set and it applies (pool_avx2.h), else the tiled 2x2 or
// the general scan. All of them give the same bits.
template <typename T>
void pool_plane(const T* x, T* out, int32_t* am, int64_t xoff, int64_t H, int64_t W, int64_t PH, int64_t PW,
                int64_t stride, int64_t Hout, int64_t Wout, bool tiled, bool simd) {
    if (simd && pool_plane_avx2(x, out, am, xoff, W, PH, PW, stride, Hout, Wout)) return;
    if (tiled && PH == 2 && PW == 2) {
        pool2x2_plane(x, out, am, xoff, H, W);
    } else {
        pool_general_plane(x, out, am, xoff, H, W, PH, PW, stride, Hout, Wout);
    }
}

template <typename T>
void pool_forward(const T* x, int64_t x_len, T* out, int64_t out_len, int32_t* argmax, int64_t argmax_len,
                  int64_t base, int64_t N, int64_t C, int64_t H, int64_t W, int64_t PH, int64_t PW, int64_t stride,
                  int32_t tiled, bool simd) {
    require(x && out && argmax, "max_pool_forward: null buffer");
    require(N > 0 && C > 0 && H > 0 && W > 0 && PH > 0 && PW > 0 && stride > 0, "max_pool_forward: sizes must be > 0");
    require(PH <= H && PW <= W, "max_pool_forward: window does not fit the input");
    const int64_t Hout = out_size(H, 0, PH, stride), Wout = out_size(W, 0, PW, stride);
    const int64_t planes = mul(N, C), plane = mul(H, W), oplane = mul(Hout, Wout);
    require(x_len >= mul(planes, plane), "max_pool_forward: x buffer too short");
    require(out_len >= mul(planes, oplane) && argmax_len >= mul(planes, oplane), "max_pool_forward: out buffer too short");
    require(base >= 0 && base + mul(planes, plane) <= static_cast<int64_t>(INT32_MAX) + 1,
            "max_pool_forward: flat offsets do not fit in int32");
    require(!tiled || pool_tiles(H, W, PH, PW, stride), "max_pool_forward: tiled path needs windows that tile x");
    for (int64_t k = 0; k < planes; k++) {
        const T* xp = x + k * plane;
        T* op = out + k * oplane;
        int32_t* ap = argmax + k * oplane;
        pool_plane(xp, op, ap, base + k * plane, H, W, PH, PW, stride, Hout, Wout, tiled != 0, simd);
    }
}

// dx (this chunk) is overwritten: zero (skipped when the caller says dx_zeroed, e.g. a fresh Java array: one
// pass less over memory), then dx[argmax - base] += dout. With tiled windows no two
// outputs share an input element, so the add is an assignment; the same code serves both paths.
// relu_out (may be null): the pool's forward output when x was a ReLU's output; then this is the ReLU's backward
// too (relu-pool fused): a window whose maximum out[k] = x[argmax[k]] is not > 0 sends 0 (the ReLU's gradient is 0
// there), with the same sums as relu_backward(pool_backward(dout)).
template <typename T>
void pool_backward(const T* dout, int64_t dout_len, const int32_t* argmax, int64_t argmax_len, int64_t base, T* dx,
                   int64_t dx_len, int64_t out_count, bool dx_zeroed = false, const T* relu_out = nullptr) {
    require(dout && argmax && dx, "max_pool_backward: null buffer");
    require(out_count >= 0 && dout_len >= out_count && argmax_len >= out_count, "max_pool_backward: buffer too short");
    require(dx_len >= 0 && base >= 0, "max_pool_backward: bad dx length or base");
    if (!dx_zeroed) std::fill(dx, dx + dx_len, T(0));
    for (int64_t k = 0; k < out_count; k++) {
        const int64_t a = static_cast<int64_t>(argmax[k]) - base;
        require(a >= 0 && a < dx_len, "max_pool_backward: argmax outside this chunk of x (corrupted cache?)");
        const T g = dout[k];
        dx[a] += (relu_out == nullptr || relu_out[k] > T(0)) ? g : T(0);
    }
}

// Images [first, first + count) of a whole batch: x, out, argmax and dx are the caller's full arrays (e.g.
// Java arrays held in a JNI critical region, so nothing is copied); argmax keeps whole-batch offsets.
inline void pool_range_check(int64_t N, int64_t first, int64_t count, int64_t img, int64_t oimg, int64_t x_len,
                             int64_t o_len, int64_t a_len) {
    require(N > 0 && img > 0 && oimg > 0 && first >= 0 && count > 0 && first <= N - count,
            "max_pool: image range outside the batch");
    require(x_len >= mul(N, img), "max_pool: x/dx buffer too short for the batch");
    require(o_len >= mul(N, oimg) && a_len >= mul(N, oimg), "max_pool: out/dout or argmax buffer too short");
}

template <typename T>
void pool_forward_range(const T* x, int64_t x_len, T* out, int64_t out_len, int32_t* argmax, int64_t argmax_len,
                        int64_t N, int64_t C, int64_t H, int64_t W, int64_t PH, int64_t PW, int64_t stride,
                        int32_t tiled, int64_t first, int64_t count, int32_t simd) {
    require(x && out && argmax, "max_pool_forward: null buffer");
    require(C > 0 && H > 0 && W > 0 && PH > 0 && PW > 0 && stride > 0 && PH <= H && PW <= W,
            "max_pool_forward: bad sizes");
    const int64_t img = mul(mul(C, H), W);
    const int64_t oimg = mul(C, mul(out_size(H, 0, PH, stride), out_size(W, 0, PW, stride)));
    pool_range_check(N, first, count, img, oimg, x_len, out_len, argmax_len);
    pool_forward(x + first * img, count * img, out + first * oimg, count * oimg, argmax + first * oimg, count * oimg,
                 first * img, count, C, H, W, PH, PW, stride, tiled, simd != 0);
}

// relu_out: the forward output (the whole batch's), when the relu mask is wanted (relu != 0).
template <typename T>
void pool_backward_range(const T* dout, int64_t dout_len, const int32_t* argmax, int64_t argmax_len, T* dx,
                         int64_t dx_len, const T* relu_out, int64_t relu_out_len, int64_t N, int64_t img, int64_t oimg,
                         int64_t first, int64_t count, int32_t dx_zeroed, int32_t relu) {
    require(dout && argmax && dx && (relu_out || !relu), "max_pool_backward: null buffer");
    pool_range_check(N, first, count, img, oimg, dx_len, dout_len, argmax_len);
    require(!relu || relu_out_len >= mul(N, oimg), "max_pool_backward: out buffer too short for the relu mask");
    if (dx_zeroed) {
        pool_backward(dout + first * oimg, count * oimg, argmax + first * oimg, count * oimg, first * img,
                      dx + first * img, count * img, count * oimg, true, relu ? relu_out + first * oimg : nullptr);
        return;
    }
    // A reused dx: zero one image, then scatter into it while it is still in cache (one pass over dx's memory,
    // where zeroing the whole range first would stream it out and back in). Every winner lies in its own image.
    for (int64_t n = first; n < first + count; n++) {
        pool_backward(dout + n * oimg, oimg, argmax + n * oimg, oimg, n * img, dx + n * img, img, oimg, false,
                      relu ? relu_out + n * oimg : nullptr);
    }
}

}  // namespace cnn_detail

inline int32_t cnn_maxpool_forward_range_f32(const float* x, int64_t x_len, float* out, int64_t out_len, int32_t* argmax,
                                             int64_t argmax_len, int64_t N, int64_t C, int64_t H, int64_t W, int64_t PH,
                                             int64_t PW, int64_t stride, int32_t tiled, int64_t first, int64_t count,
                                             int32_t simd) {
    return cnn_detail::status_of([&] {
        cnn_detail::pool_forward_range(x, x_len, out, out_len, argmax, argmax_len, N, C, H, W, PH, PW, stride, tiled,
                                       first, count, simd);
    });
}
inline int32_t cnn_maxpool_forward_range_f64(const double* x, int64_t x_len, double* out, int64_t out_len,
                                             int32_t* argmax, int64_t argmax_len, int64_t N, int64_t C, int64_t H,
                                             int64_t W, int64_t PH, int64_t PW, int64_t stride, int32_t tiled,
                                             int64_t first, int64_t count, int32_t simd) {
    return cnn_detail::status_of([&] {
        cnn_detail::pool_forward_range(x, x_len, out, out_len, argmax, argmax_len, N, C, H, W, PH, PW, stride, tiled,
                                       first, count, simd);
    });
}
inline int32_t cnn_maxpool_backward_range_f32(const float* dout, int64_t dout_len, const int32_t* argmax,
                                              int64_t argmax_len, float* dx, int64_t dx_len, const float* relu_out,
                                              int64_t relu_out_len, int64_t N, int64_t img, int64_t oimg, int64_t first,
                                              int64_t count, int32_t dx_zeroed, int32_t relu) {
    return cnn_detail::status_of([&] {
        cnn_detail::pool_backward_range(dout, dout_len, argmax, argmax_len, dx, dx_len, relu_out, relu_out_len, N, img,
                                        oimg, first, count, dx_zeroed, relu);
    });
}
inline int32_t cnn_maxpool_backward_range_f64(const double* dout, int64_t dout_len, const int32_t* argmax,
                                              int64_t argmax_len, double* dx, int64_t dx_len, const double* relu_out,
                                              int64_t relu_out_len, int64_t N, int64_t img, int64_t oimg, int64_t first,
                                              int64_t count, int32_t dx_zeroed, int32_t relu) {
    return cnn_detail::status_of([&] {
        cnn_detail::pool_backward_range(dout, dout_len, argmax, argmax_len, dx, dx_len, relu_out, relu_out_len, N, img,
                                        oimg, first, count, dx_zeroed, relu);
    });
}

// 1 when the stride-2 forward runs the AVX2 kernels here (Tuning.poolAvx2 permitting), else 0.
inline int32_t cnn_pool_avx2_available() { return cnn_detail::pool_avx2_available() ? 1 : 0; }

inline void cnn_maxpool_forward_f32(const float* x, int64_t x_len, float* out, int64_t out_len, int32_t* argmax,
                                    int64_t argmax_len, int64_t base, int64_t N, int64_t C, int64_t H, int64_t W,
                                    int64_t PH, int64_t PW, int64_t stride, int32_t tiled) {
    cnn_detail::pool_forward(x, x_len, out, out_len, argmax, argmax_len, base, N, C, H, W, PH, PW, stride, tiled, true);
}
inline void cnn_maxpool_forward_f64(const double* x, int64_t x_len, double* out, int64_t out_len, int32_t* argmax,
                                    int64_t argmax_len, int64_t base, int64_t N, int64_t C, int64_t H, int64_t W,
                                    int64_t PH, int64_t PW, int64_t stride, int32_t tiled) {
    cnn_detail::pool_forward(x, x_len, out, out_len, argmax, argmax_len, base, N, C, H, W, PH, PW, stride, tiled, true);
}
inline void cnn_maxpool_backward_f32(const float* dout, int64_t dout_len, const int32_t* argmax, int64_t argmax_len,
                                     int64_t base, float* dx, int64_t dx_len, int64_t out_count) {
    cnn_detail::pool_backward(dout, dout_len, argmax, argmax_len, base, dx, dx_len, out_count);
}
inline void cnn_maxpool_backward_f64(const double* dout, int64_t dout_len, const int32_t* argmax, int64_t argmax_len,
                                     int64_t base, double* dx, int64_t dx_len, int64_t out_count) {
    cnn_detail::pool_backward(dout, dout_len, argmax, argmax_len, base, dx, dx_len, out_count);
}

#endif
