// im2col / col2im for convolution, float and double.
//
// Layout: x is one or more images (C, H, W), row-major, contiguous. The column matrix has
// K = C*HH*WW rows and N*Hout*Wout columns, row-major: row k = (c, p, q), column n*P + (i*Wout + j)
// with P = Hout*Wout, so one GEMM with the (F, K) filter matrix convolves a whole chunk of images.
// Output sizes are floored (rows/columns the stride cannot reach are dropped), like the naive Conv2d.
// Called by NativeKernels.im2col* (tests) and by the conv kernels; Java has checked shapes and lengths.
// x and cols must not overlap.
#ifndef CNN_IM2COL_H
#define CNN_IM2COL_H

#include <cstring>
#include <algorithm>
#include "cnn/common.h"

namespace cnn_detail {

// First and one-past-last output column j whose input column j*stride + q - pad lies inside [0, W).
inline void valid_range(int64_t W, int64_t q, int64_t stride, int64_t pad, int64_t Wout, int64_t& lo, int64_t& hi) {
    int64_t off = pad - q;  // v = j*stride - off must be >= 0
    lo = off <= 0 ? 0 : (off + stride - 1) / stride;
    int64_t last = W - 1 + off;  // v <= W-1  <=>  j*stride <= W-1+off
    hi = last < 0 ? 0 : last / stride + 1;
    lo = std::min(lo, Wout);
    hi = std::max(lo, std::min(hi, Wout));
}

// Output rows [i0, i1) of one image (C, H, W) into columns [0, (i1 - i0) * Wout) of a column matrix whose
// rows are ld elements long (a band of output rows, when one image's columns would not fit the scratch).
template <typename T>
void im2col_rows(const T* x, T* cols, int64_t ld, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                 int64_t stride, int64_t pad, int64_t Wout, int64_t i0, int64_t i1) {
    for (int64_t c = 0; c < C; c++) {
        const T* xc = x + c * H * W;
        for (int64_t p = 0; p < HH; p++) {
            for (int64_t q = 0; q < WW; q++) {
                T* row = cols + ((c * HH + p) * WW + q) * ld;
                int64_t lo, hi;
                valid_range(W, q, stride, pad, Wout, lo, hi);
                for (int64_t i = i0; i < i1; i++) {
                    T* dst = row + (i - i0) * Wout;
                    int64_t h = i * stride + p - pad;
                    if (h < 0 || h >= H || lo >= hi) {
                        std::fill(dst, dst + Wout, T(0));
                        continue;
                    }
                    const T* xrow = xc + h * W;  // column j reads xrow[j*stride + q - pad]
                    std::fill(dst, dst + lo, T(0));
                    if (stride == 1) {
                        std::memcpy(dst + lo, xrow + lo + q - pad, sizeof(T) * static_cast<size_t>(hi - lo));
                    } else {
                        for (int64_t j = lo; j < hi; j++) dst[j] = xrow[j * stride + q - pad];
                    }
                    std::fill(dst + hi, dst + Wout, T(0));
                }
            }
        }
    }
}

// Pixel-major columns of one image: colsT (P, K), row p = output pixel (i, j), column k = (c, q_h, q_w); the transpose
// of im2col_image's (K, P), for the (P, F) = colsT * w^T product. Read from a zero-padded copy of the image in xpad
// (C, H + 2*pad, W + 2*pad), so that every window row is one unconditional copy of WW elements.
// The image (C, H, W) into xpad (C, H + 2*pad, W + 2*pad), zero around it.
template <typename T>
void pad_image(const T* x, T* xpad, int64_t C, int64_t H, int64_t W, int64_t pad) {
    const int64_t Hp = H + 2 * pad, Wp = W + 2 * pad;
    std::fill(xpad, xpad + C * Hp * Wp, T(0));
    for (int64_t c = 0; c < C; c++) {
        for (int64_t h = 0; h < H; h++) {
            std::memcpy(xpad + (c * Hp + h + pad) * Wp + pad, x + (c * H + h) * W, sizeof(T) * static_cast<size_t>(W));
        }
    }
}

// im2col_image's columns (K, P) of one whole image, read from a zero-padded copy in xpad as im2col_pixels does:
// each row segment is one copy of Wout elements, where im2col_rows works out the valid range and fills zeros around
// a memcpy for every segment (S3 backward, C++ at one thread: 1.8 ms of the batch's 8.7 with im2col_rows, 0.46 so).
// The same values, so the same bits.
template <typename T>
void im2col_padded(const T* x, T* xpad, T* cols, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                   int64_t stride, int64_t pad, int64_t Hout, int64_t Wout) {
    const int64_t Hp = H + 2 * pad, Wp = W + 2 * pad, P = Hout * Wout;
    pad_image(x, xpad, C, H, W, pad);
    for (int64_t c = 0; c < C; c++) {
        for (int64_t p = 0; p < HH; p++) {
            for (int64_t q = 0; q < WW; q++) {
                T* row = cols + ((c * HH + p) * WW + q) * P;
                for (int64_t i = 0; i < Hout; i++) {
                    const T* __restrict__ src = xpad + (c * Hp + i * stride + p) * Wp + q;
                    T* __restrict__ dst = row + i * Wout;
                    if (stride == 1) {
                        for (int64_t j = 0; j < Wout; j++) dst[j] = src[j];
                    } else {
                        for (int64_t j = 0; j < Wout; j++) dst[j] = src[j * stride];
                    }
                }
            }
        }
    }
}

template <typename T>
void im2col_pixels(const T* x, T* xpad, T* colsT, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                   int64_t stride, int64_t pad, int64_t Hout, int64_t Wout) {
    const int64_t Hp = H + 2 * pad, Wp = W + 2 * pad, K = C * HH * WW;
    pad_image(x, xpad, C, H, W, pad);
    // A window row of WW >= 4 elements is copied in blocks of 4, the last one overlapping the one before (fixed-size
    // copies the compiler turns into a few vector moves; a loop of WW scalar copies ran 30% longer than im2col_image)
    for (int64_t i = 0; i < Hout; i++) {
        for (int64_t j = 0; j < Wout; j++) {
            T* dst = colsT + (i * Wout + j) * K;
            for (int64_t c = 0; c < C; c++) {
                for (int64_t p = 0; p < HH; p++) {
                    const T* src = xpad + (c * Hp + i * stride + p) * Wp + j * stride;
                    if (WW >= 4) {
                        int64_t q = 0;
                        for (; q + 4 <= WW; q += 4) std::memcpy(dst + q, src + q, 4 * sizeof(T));
                        if (q < WW) std::memcpy(dst + WW - 4, src + WW - 4, 4 * sizeof(T));
                    } else {
                        for (int64_t q = 0; q < WW; q++) dst[q] = src[q];
                    }
                    dst += WW;
                }
            }
        }
    }
}

// One image (C, H, W) into columns [0, P) of a column matrix whose rows are ld elements long.
template <typename T>
void im2col_image(const T* x, T* cols, int64_t ld, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                  int64_t stride, int64_t pad, int64_t Hout, int64_t Wout) {
    im2col_rows(x, cols, ld, C, H, W, HH, WW, stride, pad, Wout, 0, Hout);
}

// dst[j] += src[j] for j in [lo, hi); dst and src never overlap (dx and the column matrix).
template <typename T>
inline void add_row(T* __restrict__ dst, const T* __restrict__ src, int64_t lo, int64_t hi) {
    for (int64_t j = lo; j < hi; j++) dst[j] += src[j];
}

// Adds the columns of output rows [i0, i1) back into one image dx (C, H, W); the adjoint of im2col_rows.
template <typename T>
void col2im_rows(const T* cols, T* dx, int64_t ld, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                 int64_t stride, int64_t pad, int64_t Wout, int64_t i0, int64_t i1) {
    for (int64_t c = 0; c < C; c++) {
        T* dxc = dx + c * H * W;
        for (int64_t p = 0; p < HH; p++) {
            for (int64_t q = 0; q < WW; q++) {
                const T* row = cols + ((c * HH + p) * WW + q) * ld;
                int64_t lo, hi;
                valid_range(W, q, stride, pad, Wout, lo, hi);
                for (int64_t i = i0; i < i1; i++) {
                    int64_t h = i * stride + p - pad;
                    if (h < 0 || h >= H) continue;
                    const T* src = row + (i - i0) * Wout;
                    T* dxrow = dxc + h * W;
                    if (stride == 1) {
                        // contiguous and alias-free (cols and dx are distinct buffers), so the compiler
                        // vectorises it (S3 float32 col2im, C++ microbenchmark: 3.9 -> 1.2 ms)
                        add_row(dxrow + q - pad, src, lo, hi);
                    } else {
                        for (int64_t j = lo; j < hi; j++) dxrow[j * stride + q - pad] += src[j];
                    }
                }
            }
        }
    }
}

// Adds columns [0, P) of a column matrix back into one image dx (C, H, W); the adjoint of im2col_image.
template <typename T>
void col2im_image(const T* cols, T* dx, int64_t ld, int64_t C, int64_t H, int64_t W, int64_t HH, int64_t WW,
                  int64_t stride, int64_t pad, int64_t Hout, int64_t Wout) {
    col2im_rows(cols, dx, ld, C, H, W, HH, WW, stride, pad, Wout, 0, Hout);
}

template <typename T>
void im2col(const T* x, int64_t x_len, T* cols, int64_t cols_len, int64_t N, int64_t C, int64_t H, int64_t W,
            int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    require(x != nullptr && cols != nullptr, "im2col: null buffer");
    require(N > 0 && C > 0, "im2col: N and C must be > 0");
    int64_t Hout = out_size(H, pad, HH, stride), Wout = out_size(W, pad, WW, stride);
    int64_t P = mul(Hout, Wout), img = mul(mul(C, H), W);
    require(x_len >= mul(N, img), "im2col: x buffer too short");
    int64_t ld = mul(N, P);
    require(cols_len >= mul(mul(mul(C, HH), WW), ld), "im2col: cols buffer too short");
    for (int64_t n = 0; n < N; n++) im2col_image(x + n * img, cols + n * P, ld, C, H, W, HH, WW, stride, pad, Hout, Wout);
}

template <typename T>
void col2im(const T* cols, int64_t cols_len, T* dx, int64_t dx_len, int64_t N, int64_t C, int64_t H, int64_t W,
            int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    require(dx != nullptr && cols != nullptr, "col2im: null buffer");
    require(N > 0 && C > 0, "col2im: N and C must be > 0");
    int64_t Hout = out_size(H, pad, HH, stride), Wout = out_size(W, pad, WW, stride);
    int64_t P = mul(Hout, Wout), img = mul(mul(C, H), W);
    require(dx_len >= mul(N, img), "col2im: dx buffer too short");
    int64_t ld = mul(N, P);
    require(cols_len >= mul(mul(mul(C, HH), WW), ld), "col2im: cols buffer too short");
    std::fill(dx, dx + N * img, T(0));
    for (int64_t n = 0; n < N; n++) col2im_image(cols + n * P, dx + n * img, ld, C, H, W, HH, WW, stride, pad, Hout, Wout);
}

}  // namespace cnn_detail

// Public entry points (NativeKernels peers). dx is overwritten by col2im (zeroed, then accumulated).
inline void cnn_im2col_f32(const float* x, int64_t x_len, float* cols, int64_t cols_len, int64_t N, int64_t C,
                           int64_t H, int64_t W, int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    cnn_detail::im2col(x, x_len, cols, cols_len, N, C, H, W, HH, WW, stride, pad);
}
inline void cnn_im2col_f64(const double* x, int64_t x_len, double* cols, int64_t cols_len, int64_t N, int64_t C,
                           int64_t H, int64_t W, int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    cnn_detail::im2col(x, x_len, cols, cols_len, N, C, H, W, HH, WW, stride, pad);
}
inline void cnn_col2im_f32(const float* cols, int64_t cols_len, float* dx, int64_t dx_len, int64_t N, int64_t C,
                           int64_t H, int64_t W, int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    cnn_detail::col2im(cols, cols_len, dx, dx_len, N, C, H, W, HH, WW, stride, pad);
}
inline void cnn_col2im_f64(const double* cols, int64_t cols_len, double* dx, int64_t dx_len, int64_t N, int64_t C,
                           int64_t H, int64_t W, int64_t HH, int64_t WW, int64_t stride, int64_t pad) {
    cnn_detail::col2im(cols, cols_len, dx, dx_len, N, C, H, W, HH, WW, stride, pad);
}

#endif
