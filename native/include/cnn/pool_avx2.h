// Max pooling forward with stride 2 in AVX2, float and double: one vector holds one row of 8 (float) or 4 (double)
// neighbouring windows, and every window element is one compare-and-blend on all of them, with the NaN rules of
// pool.h built in (no has_nan pass). The library is compiled for baseline x86-64, so these functions carry a
// target attribute and run only where the CPU has AVX2 (pool_avx2_available). The scalar scans in pool.h stay for
// other CPUs and other strides; both give the same bits (the naive-vs-native harness runs both, Tuning.poolAvx2).
//
// Why: the scalar scans take one window at a time (a chain of dependent compares and selects) after a separate NaN
// pass over the plane. S5 (50, 32, 32, 32) float64, 3x3 stride 2, one thread, through the JNI build:
// 2.2-2.3 ms with has_nan and the selects, 0.9-1.1 with this (float32 1.4 and 0.5).
#ifndef CNN_POOL_AVX2_H
#define CNN_POOL_AVX2_H

#include <cstdint>
#include <type_traits>

#if defined(__GNUC__) && defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define CNN_AVX2 __attribute__((target("avx2")))

namespace cnn_detail {

// Whether this CPU has AVX2 and the OS saves the YMM registers (CPUID and XGETBV, as the Intel manual's "Detection
// of AVX2" says); asked once. (gcc's __builtin_cpu_supports needs a libgcc symbol the bundled libgcc_s lacks.)
inline bool pool_avx2_available() {
    static const bool yes = [] {
        unsigned a, b, c, d;
        if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return false;
        unsigned lo, hi;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 6) != 6) return false;  // XMM and YMM state enabled
        return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2);
    }();
    return yes;
}

// Per element type: lanes, the stride-2 load and how a vector's lanes map to windows. A load at e takes e[0], e[2],
// ..., e[2 * (lanes - 1)] (exactly the elements used, nothing beyond) with two unaligned loads and a blend, which
// leaves window k of the group in lane order[k]; the stores put the windows back in order.
struct Avx2Doubles {
    using T = double;
    using V = __m256d;
    static constexpr int lanes = 4;
    // lanes hold windows (0, 2, 1, 3)
    CNN_AVX2 static V load_s2(const double* e) { return _mm256_blend_pd(_mm256_loadu_pd(e), _mm256_loadu_pd(e + 3), 0xA); }
    CNN_AVX2 static V nan_mask(V v) { return _mm256_cmp_pd(v, v, _CMP_UNORD_Q); }
    // later element v replaces best: larger, or NaN (unordered compares say true); never once best is NaN
    CNN_AVX2 static V wins(V v, V best, V best_nan) { return _mm256_andnot_pd(best_nan, _mm256_cmp_pd(v, best, _CMP_NLE_UQ)); }
    CNN_AVX2 static V select(V m, V a, V b) { return _mm256_blendv_pd(a, b, m); }
    // window offsets, one 64-bit lane per window like the values' lanes
    CNN_AVX2 static __m256i select_at(V m, __m256i at, int32_t off) {
        return _mm256_blendv_epi8(at, _mm256_set1_epi64x(off), _mm256_castpd_si256(m));
    }
    CNN_AVX2 static void store(V best, __m256i at, int32_t top, double* out, int32_t* am) {
        _mm256_storeu_pd(out, _mm256_permute4x64_pd(best, _MM_SHUFFLE(3, 1, 2, 0)));
        // low halves of the 64-bit lanes, windows in order: int32 positions 0 (w0), 4 (w1), 2 (w2), 6 (w3)
        const __m256i low = _mm256_permutevar8x32_epi32(at, _mm256_setr_epi32(0, 4, 2, 6, 0, 0, 0, 0));
        const __m128i a = _mm_add_epi32(_mm256_castsi256_si128(low), _mm_setr_epi32(top, top + 2, top + 4, top + 6));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(am), a);
    }
};

struct Avx2Floats {
    using T = float;
    using V = __m256;
    static constexpr int lanes = 8;
    // lanes hold windows (0, 4, 1, 5, 2, 6, 3, 7)
    CNN_AVX2 static V load_s2(const float* e) { return _mm256_blend_ps(_mm256_loadu_ps(e), _mm256_loadu_ps(e + 7), 0xAA); }
    CNN_AVX2 static V nan_mask(V v) { return _mm256_cmp_ps(v, v, _CMP_UNORD_Q); }
    CNN_AVX2 static V wins(V v, V best, V best_nan) { return _mm256_andnot_ps(best_nan, _mm256_cmp_ps(v, best, _CMP_NLE_UQ)); }
    CNN_AVX2 static V select(V m, V a, V b) { return _mm256_blendv_ps(a, b, m); }
    CNN_AVX2 static __m256i select_at(V m, __m256i at, int32_t off) {
        return _mm256_blendv_epi8(at, _mm256_set1_epi32(off), _mm256_castps_si256(m));
    }
    CNN_AVX2 static void store(V best, __m256i at, int32_t top, float* out, int32_t* am) {
        const __m256i order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        _mm256_storeu_ps(out, _mm256_permutevar8x32_ps(best, order));
        const __m256i tops = _mm256_add_epi32(_mm256_set1_epi32(top), _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(am), _mm256_add_epi32(_mm256_permutevar8x32_epi32(at, order), tops));
    }
};

// One plane, stride 2, Wout >= S::lanes. Windows are visited in row-major order, so ties keep the first maximum and
// the first NaN wins, as in the scalar scans. KH, KW > 0 fix the window at compile time (3x3 and 2x2; 0: run time).
// A row's last group may overlap the one before it (it is computed twice, with the same result).
template <typename S, int KH, int KW>
CNN_AVX2 void pool_plane_s2_avx2(const typename S::T* x, typename S::T* out, int32_t* am, int64_t xoff, int64_t W,
                                 int64_t PH, int64_t PW, int64_t Hout, int64_t Wout) {
    using T = typename S::T;
    using V = typename S::V;
    const int64_t ph = KH > 0 ? KH : PH, pw = KW > 0 ? KW : PW;
    for (int64_t i = 0; i < Hout; i++) {
        const T* row = x + 2 * i * W;
        for (int64_t j = 0; j < Wout; j += S::lanes) {
            if (j + S::lanes > Wout) j = Wout - S::lanes;
            const T* t = row + 2 * j;
            V best = S::load_s2(t);
            V best_nan = S::nan_mask(best);
            __m256i at = _mm256_setzero_si256();
            for (int64_t p = 0; p < ph; p++) {
                for (int64_t q = (p == 0 ? 1 : 0); q < pw; q++) {
                    const V v = S::load_s2(t + p * W + q);
                    const V m = S::wins(v, best, best_nan);
                    best = S::select(m, best, v);
                    at = S::select_at(m, at, static_cast<int32_t>(p * W + q));
                    best_nan = S::nan_mask(best);
                }
            }
            S::store(best, at, static_cast<int32_t>(xoff + 2 * i * W + 2 * j), out + i * Wout + j, am + i * Wout + j);
        }
    }
}

// Runs the AVX2 plane if it applies (stride 2, at least a vector's worth of windows per row) and returns whether it
// did. Callers have checked that the window fits and that the offsets fit in int32.
template <typename T>
bool pool_plane_avx2(const T* x, T* out, int32_t* am, int64_t xoff, int64_t W, int64_t PH, int64_t PW,
                     int64_t stride, int64_t Hout, int64_t Wout) {
    using S = typename std::conditional<sizeof(T) == 4, Avx2Floats, Avx2Doubles>::type;
    if (stride != 2 || Wout < S::lanes || !pool_avx2_available()) return false;
    if (PH == 3 && PW == 3) {
        pool_plane_s2_avx2<S, 3, 3>(x, out, am, xoff, W, PH, PW, Hout, Wout);
    } else if (PH == 2 && PW == 2) {
        pool_plane_s2_avx2<S, 2, 2>(x, out, am, xoff, W, PH, PW, Hout, Wout);
    } else {
        pool_plane_s2_avx2<S, 0, 0>(x, out, am, xoff, W, PH, PW, Hout, Wout);
    }
    return true;
}

}  // namespace cnn_detail

#else
namespace cnn_detail {
inline bool pool_avx2_available() { return false; }

template <typename T>
bool pool_plane_avx2(const T*, T*, int32_t*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t) {
    return false;
}
}  // namespace cnn_detail
#endif

#endif
