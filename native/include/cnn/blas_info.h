// BLAS thread count and build info, for NativeConfig (thread knob) and the CLI `info` command.
// Thin wrappers over OpenBLAS's own cblas.h extensions; no state of our own.
#ifndef CNN_BLAS_INFO_H
#define CNN_BLAS_INFO_H

#include <stdexcept>
#include <cblas.h>

inline void cnn_blas_set_threads(int n) {
    if (n < 1) throw std::invalid_argument("cnn: BLAS thread count must be >= 1");
    openblas_set_num_threads(n);
}
inline int cnn_blas_get_threads() { return openblas_get_num_threads(); }
inline const char* cnn_blas_config() { return openblas_get_config(); }
inline const char* cnn_blas_corename() { return openblas_get_corename(); }

#endif
