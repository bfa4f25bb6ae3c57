// Shared helpers for the cnn_ kernels: argument checks and type-generic BLAS calls.
//
// Layout: every tensor is row-major NCHW and contiguous. Callers: org.convnet4j.fast.NativeKernels,
// which has already validated every shape, size and buffer length in Java; the checks here are a
// cheap second line so that a bug in the glue throws instead of corrupting the JVM heap.
// Errors: std::invalid_argument only (JavaCPP turns it into a RuntimeException). No printing, no abort.
#ifndef CNN_COMMON_H
#define CNN_COMMON_H

#include <cstdint>
#include <climits>
#include <stdexcept>
#include <string>
#include <cblas.h>

namespace cnn_detail {

inline void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("cnn: ") + what);
}

// a * b for non-negative sizes, throwing instead of wrapping around.
inline int64_t mul(int64_t a, int64_t b) {
    require(a >= 0 && b >= 0, "negative size");
    require(a == 0 || b <= INT64_MAX / a, "size product overflows int64");
    return a * b;
}

// OpenBLAS here is built with 32-bit blasint: every GEMM dimension and leading dimension must fit.
inline int blas_int(int64_t v) {
    require(v >= 0 && v <= INT_MAX, "GEMM dimension does not fit in a 32-bit int");
    return static_cast<int>(v);
}

// The message of this thread's last failed status_of call.
inline std::string& error_slot() {
    static thread_local std::string message;
    return message;
}

// Runs f and returns 0, or 1 with the exception's message kept for cnn_last_error(). The entry points that
// Java calls inside a JNI critical region use it: a C++ exception escaping there would make JavaCPP build
// the Java exception (JNI calls, allocation) before the arrays are released, which JNI forbids.
template <typename F>
int32_t status_of(F&& f) {
    try {
        f();
        return 0;
    } catch (const std::exception& e) {
        error_slot() = e.what();
    } catch (...) {
        error_slot() = "cnn: unknown native error";
    }
    return 1;
}

// Row-major C = alpha * op(A) * op(B) + beta * C, dispatched on the element type.
inline void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                 const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, blas_int(m),
                blas_int(n), blas_int(k), alpha, a, blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
}

inline void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
                 const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, blas_int(m),
                blas_int(n), blas_int(k), alpha, a, blas_int(lda), b, blas_int(ldb), beta, c, blas_int(ldc));
}

// ReLU of one value as layers.Relu computes it (Math.max(v, 0)): NaN stays NaN, -0 and negatives become +0.
// A select, not a branch, so that loops over it vectorise.
template <typename T>
inline T relu_of(T v) {
    return (v > T(0) || v != v) ? v : T(0);
}

// a[0..n) = relu(a[0..n)) in place.
template <typename T>
inline void relu_inplace(T* __restrict__ a, int64_t n) {
    for (int64_t i = 0; i < n; i++) a[i] = relu_of(a[i]);
}

// Output size of a sliding window, floored like the naive layers: 1 + (in + 2*pad - win) / stride.
inline int64_t out_size(int64_t in, int64_t pad, int64_t win, int64_t stride) {
    require(in > 0 && win > 0 && stride > 0 && pad >= 0, "sizes must be positive, pad non-negative");
    require(in + 2 * pad >= win, "window does not fit the padded input");
    return 1 + (in + 2 * pad - win) / stride;
}

}  // namespace cnn_detail

/**
 * 1 when two critical-region views of one Java array are the same memory (HotSpot hands out the array
 * itself), 0 when the JVM hands out copies (JNI allows it; -Xcheck:jni does it).
 */
inline int32_t cnn_critical_views_alias(const int32_t* a, const int32_t* b) { return a == b ? 1 : 0; }

/** The message of this thread's last failed critical-region entry point (see status_of). */
inline const char* cnn_last_error() { return cnn_detail::error_slot().c_str(); }

#endif
