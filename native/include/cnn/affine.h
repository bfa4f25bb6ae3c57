// Fully connected (affine) layer forward/backward, float and double: one GEMM per product.
//
// Layout: x (N, D) (the Java caller flattened each example's trailing axes), w (D, M), b (M),
// out/dout (N, M), dx (N, D), dw (D, M), db (M); all row-major and contiguous, no two buffers overlap.
// Callers: NativeKernels.affineForward/affineBackward (org.convnet4j.fast), after Java checked ranks,
// dtypes, D == rows of w, M == length of b, every buffer length and that N, D, M fit in int.
// The kernels never allocate.
#ifndef CNN_AFFINE_H
#define CNN_AFFINE_H

#include <algorithm>
#include "cnn/common.h"

namespace cnn_detail {

inline void affine_dims(int64_t N, int64_t D, int64_t M) {
    require(N > 0 && D > 0 && M > 0, "affine: N, D and M must be > 0");
    blas_int(N); blas_int(D); blas_int(M);
}

// out = x * w + b: the bias is written first and GEMM adds onto it (beta = 1), so out is passed once.
template <typename T>
void affine_forward(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* b, int64_t b_len, T* out,
                    int64_t out_len, int64_t N, int64_t D, int64_t M) {
    require(x && w && b && out, "affine_forward: null buffer");
    affine_dims(N, D, M);
    require(x_len >= mul(N, D), "affine_forward: x buffer too short");
    require(w_len >= mul(D, M), "affine_forward: w buffer too short");
    require(b_len >= M, "affine_forward: b buffer too short");
    require(out_len >= mul(N, M), "affine_forward: out buffer too short");
    for (int64_t n = 0; n < N; n++) std::copy(b, b + M, out + n * M);
    gemm(false, false, N, M, D, T(1), x, D, w, M, T(1), out, M);
}

// dx = dout * w^T, dw = x^T * dout, db = column sums of dout; all three are overwritten. need_dx == 0 skips dx
// (a network's first layer needs no gradient for its input); dx is then not touched and may be empty.
template <typename T>
void affine_backward(const T* x, int64_t x_len, const T* w, int64_t w_len, const T* dout, int64_t dout_len, T* dx,
                     int64_t dx_len, T* dw, int64_t dw_len, T* db, int64_t db_len, int64_t N, int64_t D, int64_t M,
                     int32_t need_dx) {
    require(x && w && dout && (dx || !need_dx) && dw && db, "affine_backward: null buffer");
    affine_dims(N, D, M);
    require(x_len >= mul(N, D) && (!need_dx || dx_len >= mul(N, D)), "affine_backward: x or dx buffer too short");
    require(w_len >= mul(D, M) && dw_len >= mul(D, M), "affine_backward: w or dw buffer too short");
    require(dout_len >= mul(N, M), "affine_backward: dout buffer too short");
    require(db_len >= M, "affine_backward: db buffer too short");
    if (need_dx) gemm(false, true, N, D, M, T(1), dout, M, w, M, T(0), dx, D);
    gemm(true, false, D, M, N, T(1), x, D, dout, M, T(0), dw, M);
    std::fill(db, db + M, T(0));
    for (int64_t n = 0; n < N; n++) {
        const T* g = dout + n * M;
        for (int64_t m = 0; m < M; m++) db[m] += g[m];
    }
}

}  // namespace cnn_detail

inline int32_t cnn_affine_forward_f32(const float* x, int64_t x_len, const float* w, int64_t w_len, const float* b,
                                      int64_t b_len, float* out, int64_t out_len, int64_t N, int64_t D, int64_t M) {
    return cnn_detail::status_of([&] {
        cnn_detail::affine_forward(x, x_len, w, w_len, b, b_len, out, out_len, N, D, M);
    });
}
inline int32_t cnn_affine_forward_f64(const double* x, int64_t x_len, const double* w, int64_t w_len, const double* b,
                                      int64_t b_len, double* out, int64_t out_len, int64_t N, int64_t D, int64_t M) {
    return cnn_detail::status_of([&] {
        cnn_detail::affine_forward(x, x_len, w, w_len, b, b_len, out, out_len, N, D, M);
    });
}
inline int32_t cnn_affine_backward_f32(const float* x, int64_t x_len, const float* w, int64_t w_len, const float* dout,
                                       int64_t dout_len, float* dx, int64_t dx_len, float* dw, int64_t dw_len, float* db,
                                       int64_t db_len, int64_t N, int64_t D, int64_t M, int32_t need_dx) {
    return cnn_detail::status_of([&] {
        cnn_detail::affine_backward(x, x_len, w, w_len, dout, dout_len, dx, dx_len, dw, dw_len, db, db_len, N, D, M,
                                    need_dx);
    });
}
inline int32_t cnn_affine_backward_f64(const double* x, int64_t x_len, const double* w, int64_t w_len, const double* dout,
                                       int64_t dout_len, double* dx, int64_t dx_len, double* dw, int64_t dw_len,
                                       double* db, int64_t db_len, int64_t N, int64_t D, int64_t M, int32_t need_dx) {
    return cnn_detail::status_of([&] {
        cnn_detail::affine_backward(x, x_len, w, w_len, dout, dout_len, dx, dx_len, dw, dw_len, db, db_len, N, D, M,
                                    need_dx);
    });
}

#endif
