// Convolution forward/backward on a chunk of images: im2col + one GEMM per chunk, float and double.
//
// Layout: x (N, C, H, W), w (F, C, HH, WW) = an (F, K) matrix with K = C*HH*WW, b (F), out/dout
// (N, F, Hout, Wout), all row-major and contiguous; N here is the chunk the Java caller chose so that
// the scratch stays small and warm. Output sizes are floored like the naive Conv2d.
// Callers: NativeKernels.convForward/convBackward (org.convnet4j.fast), after Java checked ranks,
// channel agreement, window fit, every buffer length and that all GEMM dimensions fit in int.
// Scratch (conv_scratch): columns (K, L) with L = N*Hout*Wout, an (F, L) matrix when N > 1, then dw^T (K, F).
// One image may be done in bands of `rows` output rows, so that its columns fit whatever native memory the
// JVM allows: the columns are then (K, rows*Wout). The scratch is caller owned and reused across calls, so
// the kernels never allocate. No buffer may overlap another.
#ifndef CNN_CONV_H
#define CNN_CONV_H

#include "cnn/im2col.h"
#include "cnn/pool.h"

namespace cnn_detail {

struct ConvDims {
    int64_t N, C, H, W, F, HH, WW, stride, pad, Hout, Wout, K, P, L, img, outImg;
};

inline ConvDims conv_dims(int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW,
                          int64_t stride, int64_t pad) {
    require(N > 0 && C > 0 && F > 0, "conv: N, C and F must be > 0");
    ConvDims d;
    d.N = N; d.C = C; d.H = H; d.W = W; d.F = F; d.HH = HH; d.WW = WW; d.stride = stride; d.pad = pad;
    d.Hout = out_size(H, pad, HH, stride);
    d.Wout = out_size(W, pad, WW, stride);
    d.K = mul(mul(C, HH), WW);
    d.P = mul(d.Hout, d.Wout);
    d.L = mul(N, d.P);
    d.img = mul(mul(C, H), W);
    d.outImg = mul(F, d.P);
    blas_int(d.K); blas_int(d.L); blas_int(d.F);
    return d;
}

// Sum of a[0..n) with eight partial sums: a single running sum is one long dependency chain the compiler
// may not reorder (no -ffast-math), which made db cost about as much as col2im on S3 backward.
template <typename T>
inline T sum(const T* a, int64_t n) {
    T acc[8] = {T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0)};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int k = 0; k < 8; k++) acc[k] += a[i + k];
    }
    T s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; i++) s += a[i];
    return s;
}

// dw (F, K) = dwt^T, or dw += dwt^T when accumulate.
template <typename T>
inline void add_transposed(const T* dwt, T* dw, int64_t F, int64_t K, bool accumulate) {
    for (int64_t f = 0; f < F; f++) {
        T* row = dw + f * K;
        if (accumulate) {
            for (int64_t k = 0; k < K; k++) row[k] += dwt[k * F + f];
        } else {
            for (int64_t k = 0; k < K; k++) row[k] = dwt[k * F + f];
        }
    }
}

// Columns (K, L), then an (F, L) matrix, then a (K, F) matrix for dw^T. One image (N == 1) needs no (F, L)
// matrix (its out/dout already is one), and in bands of `rows` output rows its columns are (K, rows*Wout).
inline int64_t conv_scratch(const ConvDims& d, int64_t rows) {
    require(rows >= 1 && rows <= d.Hout, "conv: band rows must be in [1, Hout]");
    require(d.N == 1 || rows == d.Hout, "conv: only a single image is done in bands of rows");
    if (d.N == 1) return mul(d.K, mul(rows, d.Wout)) + mul(d.K, d.F);
    return mul(d.K, d.L) + mul(d.F, d.L) + mul(d.K, d.F);
}

// The pixel-major forward of one whole image (pixel_major): columns (P, K), the (P, F) product, and the zero-padded
// image (C, H + 2*pad, W + 2*pad) the columns are copied from.
inline int64_t conv_scratch_pixels(const ConvDims& d) {
    return mul(d.K, d.P) + mul(d.P, d.F) + mul(d.C, mul(d.H + 2 * d.pad, d.W + 2 * d.pad));
}

// (P, F) pixel-major rows of one image, plus the bias, into its (F, P) planes of out (ldo = P), with the ReLU when
// relu. In 32 x 32 tiles, so that both the reads and the writes stay within a few cache lines each.
template <typename T>
void pixels_to_planes(const T* __restrict__ res, const T* __restrict__ b, T* __restrict__ out, int64_t P, int64_t F,
                      bool relu) {
    constexpr int64_t TB = 32;
    T tile[TB][TB];
    for (int64_t p0 = 0; p0 < P; p0 += TB) {
        const int64_t pn = std::min(TB, P - p0);
        for (int64_t f0 = 0; f0 < F; f0 += TB) {
            const int64_t fn = std::min(TB, F - f0);
            for (int64_t i = 0; i < pn; i++) {
                for (int64_t j = 0; j < fn; j++) tile[j][i] = res[(p0 + i) * F + f0 + j] + b[f0 + j];
            }
            for (int64_t j = 0; j < fn; j++) {
                T* dst = out + (f0 + j) * P + p0;
                if (relu) {
                    for (int64_t i = 0; i < pn; i++) dst[i] = relu_of(tile[j][i]);
                } else {
                    for (int64_t i = 0; i < pn; i++) dst[i] = tile[j][i];
                }
            }
        }
    }
}

#if defined(__SSE2__)
// float32 (the only dtype that takes the pixel-major path by default), with SSE2: 4 pixels x 4 filters at a time,
// transposed in registers. The same additions and the same ReLU (relu_of: +0 for -0, NaN kept) as the template,
// so the same bits. S3 at one thread, C++: 1.1 ms of the 7.0 ms forward with the tiled template, 0.35 now.
inline void pixels_to_planes(const float* __restrict__ res, const float* __restrict__ b, float* __restrict__ out,
                             int64_t P, int64_t F, bool relu) {
    // Blocks of 64 pixels: each filter's plane gets a 256-byte run per block. (Planes are P floats apart, a
    // multiple of 4 KiB for 32 x 32 outputs: writing all filters' planes at once, 4 pixels at a time, hit the
    // same L1 sets and took 2.5 ms.)
    constexpr int64_t PB = 64;
    const int64_t P4 = P - P % 4, F4 = F - F % 4;
    const __m128 zero = _mm_setzero_ps();
    for (int64_t p0 = 0; p0 < P4; p0 += PB) {
        const int64_t pe = std::min(p0 + PB, P4);
        for (int64_t f = 0; f < F4; f += 4) {
            const __m128 b0 = _mm_set1_ps(b[f]), b1 = _mm_set1_ps(b[f + 1]), b2 = _mm_set1_ps(b[f + 2]),
                         b3 = _mm_set1_ps(b[f + 3]);
            for (int64_t p = p0; p < pe; p += 4) {
                const float* r = res + p * F + f;
                __m128 r0 = _mm_loadu_ps(r), r1 = _mm_loadu_ps(r + F), r2 = _mm_loadu_ps(r + 2 * F),
                       r3 = _mm_loadu_ps(r + 3 * F);
                _MM_TRANSPOSE4_PS(r0, r1, r2, r3);  // now r0 holds filter f at pixels p..p+3, and so on
                __m128 v[4] = {_mm_add_ps(r0, b0), _mm_add_ps(r1, b1), _mm_add_ps(r2, b2), _mm_add_ps(r3, b3)};
                for (int k = 0; k < 4; k++) {
                    if (relu) v[k] = _mm_and_ps(v[k], _mm_or_ps(_mm_cmpgt_ps(v[k], zero), _mm_cmpunord_ps(v[k], v[k])));
                    _mm_storeu_ps(out + (f + k) * P + p, v[k]);
                }
            }
        }
    }
    for (int64_t f = F4; f < F; f++) {  // the last F % 4 filters
        for (int64_t i = 0; i < P4; i++) {
            const float v = res[i * F + f] + b[f];
            out[f * P + i] = relu ? relu_of(v) : v;
        }
    }
    for (int64_t i = P4; i < P; i++) {  // the last P % 4 pixels
        for (int64_t f = 0; f < F; f++) {
            const float v = res[i * F + f] + b[f];
            out[f * P + i] = relu ? relu_of(v) : v;
        }
    }
}
#endif

// rows: output rows per band (one image only; 0 = all of them, one band). relu: out = max(0, conv) (conv-relu
// fused: the ReLU is applied to each image's output right after its GEMM, while it is still in cache, instead of
// in a separate pass over the whole output).
template <typename T>
void conv_forward(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b, int64_t b_len, T* out,
                  int64_t out_len, T* scratch, int64_t scratch_len, int64_t N, int64_t C, int64_t H, int64_t W,
                  int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad, int64_t rows = 0, bool relu = false,
                  bool pixel_major = false, T* xpad = nullptr) {
    require(x && w && b && out && scratch, "conv_forward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    if (rows == 0) rows = d.Hout;
    require(x_len >= mul(N, d.img), "conv_forward: x buffer too short");
    require(w_len >= mul(F, d.K), "conv_forward: w buffer too short");
    require(b_len >= F, "conv_forward: b buffer too short");
    require(out_len >= mul(N, d.outImg), "conv_forward: out buffer too short");
    if (pixel_major) {
        // One whole image as (P, F) = columns (P, K) * w^T: for few filters OpenBLAS runs this orientation faster
        // than (F, P) = w * columns (K, P) (float32, one thread, C++: S3's product 5.2 vs 7.1 ms with the Haswell
        // kernel, 2.9 vs 4.4 with SkylakeX), enough to pay for the transpose into NCHW that adds the bias.
        require(N == 1 && rows == d.Hout, "conv_forward: the pixel-major path takes one whole image");
        require(scratch_len >= conv_scratch_pixels(d), "conv_forward: scratch buffer too short");
        T* colsT = scratch;
        T* res = scratch + mul(d.K, d.P);
        im2col_pixels(x, res + mul(d.P, F), colsT, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
        gemm(false, true, d.P, F, d.K, T(1), colsT, d.K, w, d.K, T(0), res, F);
        pixels_to_planes(res, b, out, d.P, F, relu);
        return;
    }
    require(scratch_len >= conv_scratch(d, rows), "conv_forward: scratch buffer too short");
    T* cols = scratch;
    if (N == 1) {
        // One image: (F, P) is already NCHW, so GEMM adds straight onto the bias in out (no (F, L)
        // buffer, no re-layout pass). Measured on S1 this is the faster shape at 1 BLAS thread. Band by band
        // when rows < Hout: GEMM writes the band's columns of each filter's row of out (ldc = P).
        for (int64_t i0 = 0; i0 < d.Hout; i0 += rows) {
            const int64_t nr = std::min(rows, d.Hout - i0), lb = nr * d.Wout;
            if (xpad && nr == d.Hout) im2col_padded(x, xpad, cols, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
            else im2col_rows(x, cols, lb, C, H, W, HH, WW, stride, pad, d.Wout, i0, i0 + nr);
            T* o = out + i0 * d.Wout;
            for (int64_t f = 0; f < F; f++) std::fill(o + f * d.P, o + f * d.P + lb, b[f]);
            gemm(false, false, F, lb, d.K, T(1), w, d.K, cols, lb, T(1), o, d.P);
            if (relu) {
                for (int64_t f = 0; f < F; f++) relu_inplace(o + f * d.P, lb);
            }
        }
        return;
    }
    for (int64_t n = 0; n < N; n++) {
        im2col_image(x + n * d.img, cols + n * d.P, d.L, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
    }
    T* res = scratch + d.K * d.L;  // (F, L): filter f, column n*P + p
    gemm(false, false, F, d.L, d.K, T(1), w, d.K, cols, d.L, T(0), res, d.L);
    // (F, N, P) -> (N, F, P), adding the bias on the way: one pass over warm memory.
    for (int64_t n = 0; n < N; n++) {
        for (int64_t f = 0; f < F; f++) {
            const T* src = res + f * d.L + n * d.P;
            T* dst = out + n * d.outImg + f * d.P;
            const T bias = b[f];
            if (relu) {
                for (int64_t p = 0; p < d.P; p++) dst[p] = relu_of(src[p] + bias);
            } else {
                for (int64_t p = 0; p < d.P; p++) dst[p] = src[p] + bias;
            }
        }
    }
}

// accumulate == 0: dw and db are overwritten; otherwise this chunk's contribution is added to them.
// dx (this chunk's images) is always overwritten (dx_zeroed: the caller guarantees it is already zero, e.g. a
// fresh Java array, which saves one pass over it). need_dx == false skips dx altogether (the column-gradient
// GEMM and col2im, about half the work: a network's first layer needs no gradient for its input); dx may then
// be null.
// rows: output rows per band, as for conv_forward.
template <typename T>
void conv_backward(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout, int64_t dout_len, T* dx,
                   int64_t dx_len, T* dw, int64_t dw_len, T* db, int64_t db_len, T* scratch, int64_t scratch_len,
                   int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride,
                   int64_t pad, int32_t accumulate, bool dx_zeroed = false, int64_t rows = 0, bool need_dx = true,
                   T* xpad = nullptr) {
    require(x && w && dout && (dx || !need_dx) && dw && db && scratch, "conv_backward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    if (rows == 0) rows = d.Hout;
    require(x_len >= mul(N, d.img), "conv_backward: x buffer too short");
    require(!need_dx || dx_len >= mul(N, d.img), "conv_backward: dx buffer too short");
    require(w_len >= mul(F, d.K), "conv_backward: w buffer too short");
    require(dw_len >= mul(F, d.K), "conv_backward: dw buffer too short");
    require(db_len >= F, "conv_backward: db buffer too short");
    require(dout_len >= mul(N, d.outImg), "conv_backward: dout buffer too short");
    require(scratch_len >= conv_scratch(d, rows), "conv_backward: scratch buffer too short");
    T* cols = scratch;
    const T* g = dout;  // one image: dout (F, P) already is the (F, L) matrix
    if (N == 1) {
        for (int64_t f = 0; f < F; f++) db[f] = (accumulate ? db[f] : T(0)) + sum(dout + f * d.P, d.P);
        // Band by band (one band when rows == Hout): dw^T accumulates over the bands (beta 1 after the first),
        // and each band's column gradient goes to dx before the next band reuses the columns.
        T* dwt = scratch + d.K * mul(rows, d.Wout);
        if (need_dx && !dx_zeroed) std::fill(dx, dx + d.img, T(0));  // col2im adds into dx
        for (int64_t i0 = 0; i0 < d.Hout; i0 += rows) {
            const int64_t nr = std::min(rows, d.Hout - i0), lb = nr * d.Wout;
            const T* gb = g + i0 * d.Wout;  // the band's columns of dout (F, P), ld P
            if (xpad && nr == d.Hout) im2col_padded(x, xpad, cols, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
            else im2col_rows(x, cols, lb, C, H, W, HH, WW, stride, pad, d.Wout, i0, i0 + nr);
            gemm(false, true, d.K, F, lb, T(1), cols, lb, gb, d.P, i0 == 0 ? T(0) : T(1), dwt, F);
            if (!need_dx) continue;
            gemm(true, false, d.K, lb, F, T(1), w, d.K, gb, d.P, T(0), cols, lb);
            col2im_rows(cols, dx, lb, C, H, W, HH, WW, stride, pad, d.Wout, i0, i0 + nr);
        }
        add_transposed(dwt, dw, F, d.K, accumulate != 0);
        return;
    }
    T* gl = scratch + d.K * d.L;  // dout re-laid out as (F, L)
    for (int64_t f = 0; f < F; f++) {
        T s = accumulate ? db[f] : T(0);
        for (int64_t n = 0; n < N; n++) {
            const T* src = dout + n * d.outImg + f * d.P;
            T* dst = gl + f * d.L + n * d.P;
            for (int64_t p = 0; p < d.P; p++) {
                dst[p] = src[p];
                s += src[p];
            }
        }
        db[f] = s;
    }
    g = gl;
    for (int64_t n = 0; n < N; n++) {
        im2col_image(x + n * d.img, cols + n * d.P, d.L, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
    }
    // dw^T (K, F) = cols (K, L) * g^T (L, F), then dw (F, K) (+)= its transpose. The same product as
    // dw = g * cols^T, but OpenBLAS runs this orientation faster for few filters: C++ microbenchmark at 1
    // thread, S3 float32 10.6-11.6 -> 6.6-6.8 ms, S4 77 -> 53 ms, S3 float64 15.7 -> 12.7 ms, S1 unchanged.
    T* dwt = scratch + d.K * d.L + d.F * d.L;
    gemm(false, true, d.K, F, d.L, T(1), cols, d.L, g, d.L, T(0), dwt, F);
    add_transposed(dwt, dw, F, d.K, accumulate != 0);
    if (!need_dx) return;
    // dcols (K, L) = w^T (K, F) * g (F, L), written over cols which dw no longer needs.
    gemm(true, false, d.K, d.L, F, T(1), w, d.K, g, d.L, T(0), cols, d.L);
    if (!dx_zeroed) std::fill(dx, dx + N * d.img, T(0));  // col2im adds into dx
    for (int64_t n = 0; n < N; n++) {
        col2im_image(cols + n * d.P, dx + n * d.img, d.L, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
    }
}

// Images [first, first + count) of a whole batch (x, out/dout, dx are the caller's full arrays, e.g. Java
// arrays held in a JNI critical region), processed `group` images per GEMM with the chunk kernels above.
// One GEMM call per image group, not cblas_?gemm_batch_strided: that would fit (shared w, stride per image),
// but in OpenBLAS 0.3.31 DYNAMIC_ARCH builds it segfaults for small matrices (m*n*k <= 100^3, e.g. S1's
// 25x256x27; fixed upstream by OpenMathLib/OpenBLAS PR #5980), so it waits for a newer preset.
inline void range_check(int64_t N, int64_t first, int64_t count, int64_t group, int64_t rows, const ConvDims& d,
                        int64_t x_len, int64_t o_len, int64_t scratch_len, bool pixel_major = false) {
    require(first >= 0 && count > 0 && group > 0 && first <= N - count, "conv: image range outside the batch");
    require(x_len >= mul(N, d.img), "conv: x buffer too short for the batch");
    require(o_len >= mul(N, d.outImg), "conv: out/dout buffer too short for the batch");
    ConvDims g = conv_dims(std::min(group, count), d.C, d.H, d.W, d.F, d.HH, d.WW, d.stride, d.pad);
    require(scratch_len >= conv_scratch(g, rows), "conv: scratch buffer too short for a group");
    require(!pixel_major || (group == 1 && rows == d.Hout && scratch_len >= conv_scratch_pixels(g)),
            "conv: the pixel-major path takes whole images, one per GEMM, and its own scratch");
}

// Where a whole image's zero-padded copy (im2col_padded) goes when the scratch has room for it after conv_scratch
// (ConvPlan adds that room when it fits its budget) and the range goes one whole image per GEMM; null: im2col_rows.
template <typename T>
T* padded_scratch(T* scratch, int64_t scratch_len, const ConvDims& d, int64_t group, int64_t rows) {
    if (group != 1 || (rows != 0 && rows != d.Hout)) return nullptr;
    const int64_t used = mul(d.K, d.P) + mul(d.K, d.F);  // conv_scratch of one whole image
    const int64_t need = mul(d.C, mul(d.H + 2 * d.pad, d.W + 2 * d.pad));
    return scratch_len - used >= need ? scratch + used : nullptr;
}

template <typename T>
void conv_forward_range(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b, int64_t b_len, T* out,
                        int64_t out_len, T* scratch, int64_t scratch_len, int64_t N, int64_t C, int64_t H, int64_t W,
                        int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad, int64_t first, int64_t count,
                        int64_t group, int64_t rows, int32_t relu, int32_t pixel_major) {
    require(x && out, "conv_forward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    range_check(N, first, count, group, rows, d, x_len, out_len, scratch_len, pixel_major != 0);
    T* xpad = pixel_major ? nullptr : padded_scratch(scratch, scratch_len, d, group, rows);
    for (int64_t n0 = first; n0 < first + count; n0 += group) {
        int64_t nb = std::min(group, first + count - n0);
        conv_forward(x + n0 * d.img, nb * d.img, w, w_len, b, b_len, out + n0 * d.outImg, nb * d.outImg, scratch,
                     scratch_len, nb, C, H, W, F, HH, WW, stride, pad, nb == 1 ? rows : 0, relu != 0,
                     pixel_major != 0, xpad);
    }
}

// accumulate == 0: dw and db are overwritten by this range's contribution, else added to.
template <typename T>
void conv_backward_range(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout, int64_t dout_len, T* dx,
                         int64_t dx_len, T* dw, int64_t dw_len, T* db, int64_t db_len, T* scratch,
                         int64_t scratch_len, int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH,
                         int64_t WW, int64_t stride, int64_t pad, int64_t first, int64_t count, int64_t group,
                         int64_t rows, int32_t accumulate, int32_t dx_zeroed, int32_t need_dx) {
    require(x && dout && (dx || !need_dx), "conv_backward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    range_check(N, first, count, group, rows, d, x_len, dout_len, scratch_len);
    require(!need_dx || dx_len >= mul(N, d.img), "conv_backward: dx buffer too short for the batch");
    T* xpad = padded_scratch(scratch, scratch_len, d, group, rows);
    for (int64_t n0 = first; n0 < first + count; n0 += group) {
        int64_t nb = std::min(group, first + count - n0);
        conv_backward(x + n0 * d.img, nb * d.img, w, w_len, dout + n0 * d.outImg, nb * d.outImg,
                      need_dx ? dx + n0 * d.img : nullptr, need_dx ? nb * d.img : 0, dw, dw_len, db, db_len, scratch,
                      scratch_len, nb, C, H, W, F, HH, WW, stride, pad, (accumulate || n0 > first) ? 1 : 0,
                      dx_zeroed != 0, nb == 1 ? rows : 0, need_dx != 0, xpad);
    }
}

// ---- conv-relu-pool fused (CS231n's conv_relu_pool sandwich; ThreeLayerConvNet's first block) ----
// One image at a time, whole images (no bands, one image per GEMM): the image's convolution output (F, P) lives only
// in the scratch, where the bias, the ReLU and the max pool are applied while it is in cache; only the pooled output
// (N, F, PHout, PWout) and its argmax reach the caller. argmax holds flat offsets into the conv output the unfused
// path would have written, (N, F, Hout, Wout), with MaxPool2dFast's rules (the first maximum in row-major window
// order, a window's first NaN). Scratch: columns (K, P), dw^T (K, F), the image's (F, P) output or gradient, and, for
// the pixel-major forward, the zero-padded image (C, H + 2*pad, W + 2*pad) and a pooled row's maxima and winners
// (2 * Wout * F, enough for any pool's row: its width is at most Wout; an int32 fits in a float's or double's slot).
inline int64_t conv_pool_scratch(const ConvDims& d) {
    return mul(d.K, d.P) + mul(d.K, d.F) + mul(d.F, d.P) + mul(d.C, mul(d.H + 2 * d.pad, d.W + 2 * d.pad))
           + mul(2, mul(d.Wout, d.F));
}

struct PoolDims {
    int64_t PH, PW, stride, Hout, Wout, oplane;
    bool tiled;
};

inline PoolDims pool_dims(const ConvDims& d, int64_t PH, int64_t PW, int64_t pstride) {
    require(PH > 0 && PW > 0 && pstride > 0 && PH <= d.Hout && PW <= d.Wout,
            "conv_relu_pool: the pool window must fit the conv output");
    PoolDims p;
    p.PH = PH; p.PW = PW; p.stride = pstride;
    p.Hout = out_size(d.Hout, 0, PH, pstride);
    p.Wout = out_size(d.Wout, 0, PW, pstride);
    p.oplane = mul(p.Hout, p.Wout);
    p.tiled = pool_tiles(d.Hout, d.Wout, PH, PW, pstride);
    return p;
}

// Bias, ReLU and max pool of one image's pixel-major conv output res (P, F) = (Hout, Wout, F), into its planes of
// pooled and argmax (plane n*F + f, argmax as flat offsets into the (N, F, Hout, Wout) output the unfused path
// writes). Vectorised over the filters. Each window is visited in row-major order with MaxPool2dFast's rule: a later
// element wins when it is larger or NaN, unless the best so far is NaN. The ReLU is applied to each window's
// maximum, not to every element: max(relu(v)) = relu(max(v)) (ReLU never decreases, keeps NaN and makes -0 +0), and
// only the winner of a window whose maximum is <= 0 can differ, which the backward's mask (out > 0) ignores. One
// pooled row at a time in row (window, F) buffers, then written plane by plane, so the writes are contiguous.
template <typename T>
void pool_pixels(const T* __restrict__ res, const T* __restrict__ b, T* __restrict__ pooled,
                 int32_t* __restrict__ argmax, T* __restrict__ row_best, int32_t* __restrict__ row_at, int64_t n,
                 const ConvDims& d, const PoolDims& q) {
    const int64_t F = d.F;
    for (int64_t i = 0; i < q.Hout; i++) {
        for (int64_t j = 0; j < q.Wout; j++) {
            const int64_t top = (i * q.stride) * d.Wout + j * q.stride;  // the window's first pixel
            T* best = row_best + j * F;
            int32_t* at = row_at + j * F;
            const T* r0 = res + top * F;
            for (int64_t f = 0; f < F; f++) {
                best[f] = r0[f] + b[f];
                at[f] = 0;
            }
            for (int64_t p = 0; p < q.PH; p++) {
                for (int64_t s = (p == 0 ? 1 : 0); s < q.PW; s++) {
                    const int32_t off = static_cast<int32_t>(p * d.Wout + s);
                    const T* r = res + (top + p * d.Wout + s) * F;
                    for (int64_t f = 0; f < F; f++) {
                        const T v = r[f] + b[f];
                        const bool take = !(v <= best[f]) && best[f] == best[f];
                        best[f] = take ? v : best[f];
                        at[f] = take ? off : at[f];
                    }
                }
            }
        }
        for (int64_t f = 0; f < F; f++) {
            const int64_t plane = n * F + f;
            T* po = pooled + plane * q.oplane + i * q.Wout;
            int32_t* ao = argmax + plane * q.oplane + i * q.Wout;
            const int32_t base = static_cast<int32_t>(plane * d.P + (i * q.stride) * d.Wout);
            for (int64_t j = 0; j < q.Wout; j++) {
                po[j] = relu_of(row_best[j * F + f]);
                ao[j] = base + static_cast<int32_t>(j * q.stride) + row_at[j * F + f];
            }
        }
    }
}

inline void conv_pool_check(const ConvDims& d, const PoolDims& q, int64_t N, int64_t first, int64_t count,
                            int64_t x_len, int64_t pooled_len, int64_t argmax_len, int64_t scratch_len) {
    require(first >= 0 && count > 0 && first <= N - count, "conv_relu_pool: image range outside the batch");
    require(x_len >= mul(N, d.img), "conv_relu_pool: x buffer too short for the batch");
    require(pooled_len >= mul(mul(N, d.F), q.oplane) && argmax_len >= mul(mul(N, d.F), q.oplane),
            "conv_relu_pool: pooled or argmax buffer too short for the batch");
    require(mul(N, d.outImg) <= static_cast<int64_t>(INT32_MAX) + 1, "conv_relu_pool: flat offsets do not fit in int32");
    require(scratch_len >= conv_pool_scratch(d), "conv_relu_pool: scratch buffer too short");
}

template <typename T>
void conv_relu_pool_forward_range(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b, int64_t b_len,
                                  T* pooled, int64_t pooled_len, int32_t* argmax, int64_t argmax_len, T* scratch,
                                  int64_t scratch_len, int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH,
                                  int64_t WW, int64_t stride, int64_t pad, int64_t PH, int64_t PW, int64_t pstride,
                                  int64_t first, int64_t count, int32_t pixel_major, int32_t simd) {
    require(x && w && b && pooled && argmax && scratch, "conv_relu_pool_forward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    PoolDims q = pool_dims(d, PH, PW, pstride);
    conv_pool_check(d, q, N, first, count, x_len, pooled_len, argmax_len, scratch_len);
    const int64_t conv_len = mul(d.K, d.P) + mul(d.K, d.F);
    T* o = scratch + conv_len;  // this image's conv output (F, P), or (P, F) pixel-major
    if (pixel_major) {
        // (P, F) = columns (P, K) * w^T (see conv_forward), pooled straight from the pixel-major rows: no transpose
        T* xpad = o + mul(d.F, d.P);
        T* row_best = xpad + mul(C, mul(H + 2 * pad, W + 2 * pad));
        int32_t* row_at = reinterpret_cast<int32_t*>(row_best + mul(d.Wout, F));
        for (int64_t n = first; n < first + count; n++) {
            im2col_pixels(x + n * d.img, xpad, scratch, C, H, W, HH, WW, stride, pad, d.Hout, d.Wout);
            gemm(false, true, d.P, F, d.K, T(1), scratch, d.K, w, d.K, T(0), o, F);
            pool_pixels(o, b, pooled, argmax, row_best, row_at, n, d, q);
        }
        return;
    }
    for (int64_t n = first; n < first + count; n++) {
        conv_forward(x + n * d.img, d.img, w, w_len, b, b_len, o, d.outImg, scratch, conv_len, 1, C, H, W, F, HH, WW,
                     stride, pad, d.Hout, true);
        for (int64_t f = 0; f < F; f++) {
            const int64_t plane = n * F + f;
            T* op = pooled + plane * q.oplane;
            int32_t* ap = argmax + plane * q.oplane;
            pool_plane(o + f * d.P, op, ap, plane * d.P, d.Hout, d.Wout, PH, PW, pstride, q.Hout, q.Wout, q.tiled,
                       simd != 0);
        }
    }
}

// dout: the gradient of the pooled output; pooled: the forward's pooled output, whose sign is the ReLU's mask. Each
// image's conv-output gradient is scattered into the scratch (as MaxPool2dFast.backwardRelu would write it), then
// the conv backward of that image runs on it: db, dw (accumulated over the range, overwritten first unless
// accumulate) and, with need_dx, dx.
template <typename T>
void conv_relu_pool_backward_range(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout,
                                   int64_t dout_len, const int32_t* argmax, int64_t argmax_len, const T* pooled,
                                   int64_t pooled_len, T* dx, int64_t dx_len, T* dw, int64_t dw_len, T* db,
                                   int64_t db_len, T* scratch, int64_t scratch_len, int64_t N, int64_t C, int64_t H,
                                   int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,
                                   int64_t PH, int64_t PW, int64_t pstride, int64_t first, int64_t count,
                                   int32_t accumulate, int32_t dx_zeroed, int32_t need_dx) {
    require(x && w && dout && argmax && pooled && (dx || !need_dx) && dw && db && scratch,
            "conv_relu_pool_backward: null buffer");
    ConvDims d = conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    PoolDims q = pool_dims(d, PH, PW, pstride);
    conv_pool_check(d, q, N, first, count, x_len, pooled_len, argmax_len, scratch_len);
    require(dout_len >= mul(mul(N, F), q.oplane), "conv_relu_pool_backward: dout buffer too short for the batch");
    require(!need_dx || dx_len >= mul(N, d.img), "conv_relu_pool_backward: dx buffer too short for the batch");
    const int64_t conv_len = mul(d.K, d.P) + mul(d.K, d.F), outs = F * q.oplane;
    T* g = scratch + conv_len;  // this image's conv-output gradient (F, P)
    T* xpad = g + mul(d.F, d.P);  // the zero-padded image, for im2col_padded
    for (int64_t n = first; n < first + count; n++) {
        std::fill(g, g + d.outImg, T(0));
        const int64_t base = n * d.outImg;
        const int64_t k0 = n * outs;
        for (int64_t k = k0; k < k0 + outs; k++) {
            const int64_t a = static_cast<int64_t>(argmax[k]) - base;
            require(a >= 0 && a < d.outImg, "conv_relu_pool_backward: argmax outside its image (corrupted cache?)");
            const T gk = dout[k];
            g[a] += pooled[k] > T(0) ? gk : T(0);
        }
        conv_backward(x + n * d.img, d.img, w, w_len, g, d.outImg, need_dx ? dx + n * d.img : nullptr,
                      need_dx ? d.img : 0, dw, dw_len, db, db_len, scratch, conv_len, 1, C, H, W, F, HH, WW, stride,
                      pad, (accumulate || n > first) ? 1 : 0, dx_zeroed != 0, d.Hout, need_dx != 0, xpad);
    }
}

}  // namespace cnn_detail

#define CNN_CONV_RANGE_ENTRIES(T, SUF)                                                                              \
    inline int32_t cnn_conv_forward_range_##SUF(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b,   \
                                                int64_t b_len, T* out, int64_t out_len, T* scratch,                 \
                                                int64_t scratch_len, int64_t N, int64_t C, int64_t H, int64_t W,    \
                                                int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,     \
                                                int64_t first, int64_t count, int64_t group, int64_t rows,          \
                                                int32_t relu, int32_t pixel_major) {                                \
        return cnn_detail::status_of([&] {                                                                          \
            cnn_detail::conv_forward_range(x, x_len, w, w_len, b, b_len, out, out_len, scratch, scratch_len, N, C,  \
                                           H, W, F, HH, WW, stride, pad, first, count, group, rows, relu,           \
                                           pixel_major);                                                            \
        });                                                                                                         \
    }                                                                                                               \
    inline int32_t cnn_conv_backward_range_##SUF(                                                                   \
        const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout, int64_t dout_len, T* dx,               \
        int64_t dx_len, T* dw, int64_t dw_len, T* db, int64_t db_len, T* scratch, int64_t scratch_len, int64_t N,   \
        int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,            \
        int64_t first, int64_t count, int64_t group, int64_t rows, int32_t accumulate, int32_t dx_zeroed,           \
        int32_t need_dx) {                                                                                          \
        return cnn_detail::status_of([&] {                                                                          \
            cnn_detail::conv_backward_range(x, x_len, w, w_len, dout, dout_len, dx, dx_len, dw, dw_len, db, db_len, \
                                            scratch, scratch_len, N, C, H, W, F, HH, WW, stride, pad, first, count, \
                                            group, rows, accumulate, dx_zeroed, need_dx);                           \
        });                                                                                                         \
    }
CNN_CONV_RANGE_ENTRIES(float, f32)
CNN_CONV_RANGE_ENTRIES(double, f64)
#undef CNN_CONV_RANGE_ENTRIES

#define CNN_CONV_POOL_ENTRIES(T, SUF)                                                                               \
    inline int32_t cnn_conv_relu_pool_forward_range_##SUF(                                                         \
        const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b, int64_t b_len, T* pooled,                 \
        int64_t pooled_len, int32_t* argmax, int64_t argmax_len, T* scratch, int64_t scratch_len, int64_t N,        \
        int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,            \
        int64_t PH, int64_t PW, int64_t pstride, int64_t first, int64_t count, int32_t pixel_major,                 \
        int32_t simd) {                                                                                             \
        return cnn_detail::status_of([&] {                                                                          \
            cnn_detail::conv_relu_pool_forward_range(x, x_len, w, w_len, b, b_len, pooled, pooled_len, argmax,      \
                                                     argmax_len, scratch, scratch_len, N, C, H, W, F, HH, WW,       \
                                                     stride, pad, PH, PW, pstride, first, count, pixel_major,       \
                                                     simd);                                                         \
        });                                                                                                         \
    }                                                                                                               \
    inline int32_t cnn_conv_relu_pool_backward_range_##SUF(                                                        \
        const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout, int64_t dout_len,                      \
        const int32_t* argmax, int64_t argmax_len, const T* pooled, int64_t pooled_len, T* dx, int64_t dx_len,      \
        T* dw, int64_t dw_len, T* db, int64_t db_len, T* scratch, int64_t scratch_len, int64_t N, int64_t C,        \
        int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad, int64_t PH,           \
        int64_t PW, int64_t pstride, int64_t first, int64_t count, int32_t accumulate, int32_t dx_zeroed,           \
        int32_t need_dx) {                                                                                          \
        return cnn_detail::status_of([&] {                                                                          \
            cnn_detail::conv_relu_pool_backward_range(x, x_len, w, w_len, dout, dout_len, argmax, argmax_len,       \
                                                      pooled, pooled_len, dx, dx_len, dw, dw_len, db, db_len,       \
                                                      scratch, scratch_len, N, C, H, W, F, HH, WW, stride, pad, PH, \
                                                      PW, pstride, first, count, accumulate, dx_zeroed, need_dx);   \
        });                                                                                                         \
    }
CNN_CONV_POOL_ENTRIES(float, f32)
CNN_CONV_POOL_ENTRIES(double, f64)
#undef CNN_CONV_POOL_ENTRIES

/**
 * Scratch elements the conv kernels need for a chunk of N images, one image in bands of `rows` output rows
 * (0: all rows); throws on invalid sizes.
 */
inline int64_t cnn_conv_scratch_len(int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW,
                                    int64_t stride, int64_t pad, int64_t rows) {
    cnn_detail::ConvDims d = cnn_detail::conv_dims(N, C, H, W, F, HH, WW, stride, pad);
    return cnn_detail::conv_scratch(d, rows == 0 ? d.Hout : rows);
}

inline void cnn_conv_forward_f32(const float* x, int64_t x_len, const float* w, int64_t w_len, const float* b,
                                 int64_t b_len, float* out, int64_t out_len, float* scratch, int64_t scratch_len,
                                 int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW,
                                 int64_t stride, int64_t pad) {
    cnn_detail::conv_forward(x, x_len, w, w_len, b, b_len, out, out_len, scratch, scratch_len, N, C, H, W, F, HH, WW,
                             stride, pad);
}
inline void cnn_conv_forward_f64(const double* x, int64_t x_len, const double* w, int64_t w_len, const double* b,
                                 int64_t b_len, double* out, int64_t out_len, double* scratch, int64_t scratch_len,
                                 int64_t N, int64_t C, int64_t H, int64_t W, int64_t F, int64_t HH, int64_t WW,
                                 int64_t stride, int64_t pad) {
    cnn_detail::conv_forward(x, x_len, w, w_len, b, b_len, out, out_len, scratch, scratch_len, N, C, H, W, F, HH, WW,
                             stride, pad);
}
inline void cnn_conv_backward_f32(const float* x, int64_t x_len, const float* w, int64_t w_len, const float* dout,
                                  int64_t dout_len, float* dx, int64_t dx_len, float* dw, int64_t dw_len, float* db,
                                  int64_t db_len, float* scratch, int64_t scratch_len, int64_t N, int64_t C, int64_t H,
                                  int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,
                                  int32_t accumulate) {
    cnn_detail::conv_backward(x, x_len, w, w_len, dout, dout_len, dx, dx_len, dw, dw_len, db, db_len, scratch,
                              scratch_len, N, C, H, W, F, HH, WW, stride, pad, accumulate);
}
inline void cnn_conv_backward_f64(const double* x, int64_t x_len, const double* w, int64_t w_len, const double* dout,
                                  int64_t dout_len, double* dx, int64_t dx_len, double* dw, int64_t dw_len, double* db,
                                  int64_t db_len, double* scratch, int64_t scratch_len, int64_t N, int64_t C, int64_t H,
                                  int64_t W, int64_t F, int64_t HH, int64_t WW, int64_t stride, int64_t pad,
                                  int32_t accumulate) {
    cnn_detail::conv_backward(x, x_len, w, w_len, dout, dout_len, dx, dx_len, dw, dw_len, db, db_len, scratch,
                              scratch_len, N, C, H, W, F, HH, WW, stride, pad, accumulate);
}

#endif
