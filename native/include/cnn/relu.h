// ReLU forward/backward over a flat range of elements, float and double: the twin of layers.Relu.
//
// out[i] = x[i] if x[i] > 0 or x[i] is NaN, else 0   (Java's Math.max(x, 0): NaN stays NaN, -0 becomes 0)
// dx[i]  = dout[i] if x[i] > 0, else 0                (the kink, negatives and NaN get 0, as in CS231n)
// Written as selects, not branches: the compiler turns them into compare-and-mask vector code, while the
// naive Java backward branches and mispredicts on random activations (8 ms vs under 1 ms on T1's
// (50, 32, 32, 32) float32 ReLU).
// Callers: NativeKernels.reluForward/reluBackward (org.convnet4j.fast), on Java arrays in a JNI critical
// region, one call per chunk [first, first + count); Java checked that the tensors have the same size.
// No buffer may overlap another.
#ifndef CNN_RELU_H
#define CNN_RELU_H

#include "cnn/common.h"

namespace cnn_detail {

inline void relu_range_check(int64_t len, int64_t first, int64_t count) {
    require(len >= 0 && first >= 0 && count > 0 && first <= len - count, "relu: element range outside the buffers");
}

template <typename T>
void relu_forward_range(const T* __restrict__ x, int64_t x_len, T* __restrict__ out, int64_t out_len, int64_t first,
                        int64_t count) {
    require(x && out, "relu_forward: null buffer");
    require(x_len == out_len, "relu_forward: x and out lengths differ");
    relu_range_check(x_len, first, count);
    const T* a = x + first;
    T* o = out + first;
    for (int64_t i = 0; i < count; i++) o[i] = (a[i] > T(0) || a[i] != a[i]) ? a[i] : T(0);
}

template <typename T>
void relu_backward_range(const T* __restrict__ x, int64_t x_len, const T* __restrict__ dout, int64_t dout_len,
                         T* __restrict__ dx, int64_t dx_len, int64_t first, int64_t count) {
    require(x && dout && dx, "relu_backward: null buffer");
    require(x_len == dout_len && x_len == dx_len, "relu_backward: x, dout and dx lengths differ");
    relu_range_check(x_len, first, count);
    const T* a = x + first;
    const T* g = dout + first;
    T* o = dx + first;
    for (int64_t i = 0; i < count; i++) {
        const T gi = g[i];  // loaded unconditionally: "a > 0 ? g[i] : 0" is a conditional load gcc won't vectorise
        o[i] = a[i] > T(0) ? gi : T(0);
    }
}

}  // namespace cnn_detail

inline int32_t cnn_relu_forward_range_f32(const float* x, int64_t x_len, float* out, int64_t out_len, int64_t first,
                                          int64_t count) {
    return cnn_detail::status_of([&] {
        cnn_detail::relu_forward_range(x, x_len, out, out_len, first, count);
    });
}
inline int32_t cnn_relu_forward_range_f64(const double* x, int64_t x_len, double* out, int64_t out_len, int64_t first,
                                          int64_t count) {
    return cnn_detail::status_of([&] {
        cnn_detail::relu_forward_range(x, x_len, out, out_len, first, count);
    });
}
inline int32_t cnn_relu_backward_range_f32(const float* x, int64_t x_len, const float* dout, int64_t dout_len, float* dx,
                                           int64_t dx_len, int64_t first, int64_t count) {
    return cnn_detail::status_of([&] {
        cnn_detail::relu_backward_range(x, x_len, dout, dout_len, dx, dx_len, first, count);
    });
}
inline int32_t cnn_relu_backward_range_f64(const double* x, int64_t x_len, const double* dout, int64_t dout_len,
                                           double* dx, int64_t dx_len, int64_t first, int64_t count) {
    return cnn_detail::status_of([&] {
        cnn_detail::relu_backward_range(x, x_len, dout, dout_len, dx, dx_len, first, count);
    });
}

#endif
