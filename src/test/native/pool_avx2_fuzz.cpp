// A one-off fuzz of the max-pool forward (pool.h, with pool_avx2.h) outside the JVM, where memory errors show:
// x is placed right after (and, in a second run, right before) a PROT_NONE page, with the last window ending
// exactly at the last element of x, so any read outside x faults. Compares output bits and argmax of the AVX2 and
// scalar paths with a plain per-window scan (first NaN wins, else first maximum). PoolGuardPageTest compiles and
// runs it (with UBSan); by hand, with ASan too:
//   g++ -std=c++17 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -I native/include \
//       -I <dir with cblas.h> src/test/native/pool_avx2_fuzz.cpp -o /tmp/pool_fuzz && /tmp/pool_fuzz 20000
// Exit 0 and a last line "cases N, vectorisable V, failures 0" when all agree; a fault kills it (SIGSEGV).
#include "cnn/pool_avx2.h"  // first of all: the header must compile on its own

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "cnn/pool.h"

namespace {

std::mt19937_64 rng(231);

// count elements of T in fresh pages: at_end puts the last element just before a PROT_NONE page, else the first
// just after one.
template <typename T>
struct Guarded {
    void* base = nullptr;
    size_t total = 0;
    T* p = nullptr;
    Guarded(size_t count, bool at_end) {
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        const size_t bytes = count * sizeof(T);
        const size_t data_pages = (bytes + page - 1) / page;
        total = (data_pages + 2) * page;
        base = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) { std::perror("mmap"); std::exit(2); }
        char* b = static_cast<char*>(base);
        mprotect(b, page, PROT_NONE);
        mprotect(b + (data_pages + 1) * page, page, PROT_NONE);
        p = at_end ? reinterpret_cast<T*>(b + (data_pages + 1) * page - bytes) : reinterpret_cast<T*>(b + page);
    }
    ~Guarded() { munmap(base, total); }
};

template <typename T>
T special(int k) {
    using U = typename std::conditional<sizeof(T) == 4, uint32_t, uint64_t>::type;
    U u;
    T v;
    switch (k) {
        case 0: return std::numeric_limits<T>::quiet_NaN();
        case 1: return -std::numeric_limits<T>::quiet_NaN();
        case 2:  // NaN with a payload, sign random
            u = sizeof(T) == 4 ? U(0x7fc00000u | (rng() & 0x3fffff)) : U(0x7ff8000000000000ull | (rng() & 0x7ffffffffffffull));
            if (rng() & 1) u |= U(1) << (8 * sizeof(T) - 1);
            std::memcpy(&v, &u, sizeof v);
            return v;
        case 3:  // signalling NaN
            u = sizeof(T) == 4 ? U(0x7f800001u | (rng() & 0x1fffff)) : U(0x7ff0000000000001ull | (rng() & 0x3ffffffffffffull));
            std::memcpy(&v, &u, sizeof v);
            return v;
        case 4: return std::numeric_limits<T>::infinity();
        case 5: return -std::numeric_limits<T>::infinity();
        case 6: return T(0);
        case 7: return -T(0);
        case 8: return std::numeric_limits<T>::denorm_min() * T(1 + rng() % 5);
        case 9: return -std::numeric_limits<T>::denorm_min() * T(1 + rng() % 5);
        case 10: return std::numeric_limits<T>::max();
        case 11: return -std::numeric_limits<T>::max();
        default: return std::numeric_limits<T>::lowest();
    }
}

template <typename T>
bool same_bits(T a, T b) { return std::memcmp(&a, &b, sizeof a) == 0; }

long failures = 0;

template <typename T>
void one(int64_t N, int64_t C, int64_t H, int64_t W, int64_t PH, int64_t PW, int64_t stride, int mode, bool at_end) {
    const int64_t Hout = 1 + (H - PH) / stride, Wout = 1 + (W - PW) / stride;
    const int64_t n = N * C * H * W, on = N * C * Hout * Wout;
    Guarded<T> gx(n, at_end);
    T* x = gx.p;
    std::normal_distribution<double> g;
    for (int64_t i = 0; i < n; i++) {
        T v = mode == 0 ? T(g(rng)) : T(int(rng() % 3) - 1);
        if (mode == 1 && (rng() % 4 == 0)) v = (rng() & 1) ? T(0) : -T(0);
        if (mode >= 2 && rng() % (mode == 2 ? 8 : 2) == 0) v = special<T>(int(rng() % 13));
        x[i] = v;
    }
    std::vector<T> ref(on);
    std::vector<int32_t> ram(on);
    for (int64_t pl = 0; pl < N * C; pl++)
        for (int64_t i = 0; i < Hout; i++)
            for (int64_t j = 0; j < Wout; j++) {
                int64_t best = -1;
                for (int64_t p = 0; p < PH; p++)
                    for (int64_t q = 0; q < PW; q++) {
                        const int64_t off = pl * H * W + (i * stride + p) * W + j * stride + q;
                        const T v = x[off];
                        if (best < 0) { best = off; continue; }
                        const T b = x[best];
                        if (b != b) continue;
                        if (v != v || v > b) best = off;
                    }
                const int64_t k = (pl * Hout + i) * Wout + j;
                ref[k] = x[best];
                ram[k] = static_cast<int32_t>(best);
            }
    const bool tiled = cnn_detail::pool_tiles(H, W, PH, PW, stride);
    for (int simd = 0; simd < 2; simd++) {
        Guarded<T> go(on, true);
        Guarded<int32_t> ga(on, true);
        cnn_detail::pool_forward_range(x, n, go.p, on, ga.p, on, N, C, H, W, PH, PW, stride, tiled ? 1 : 0, 0, N, simd);
        for (int64_t k = 0; k < on; k++) {
            if (!same_bits(go.p[k], ref[k]) || ga.p[k] != ram[k]) {
                if (failures++ < 20)
                    std::printf("MISMATCH %s simd=%d N=%ld C=%ld H=%ld W=%ld PH=%ld PW=%ld s=%ld mode=%d k=%ld am %d vs %d\n",
                                sizeof(T) == 4 ? "f32" : "f64", simd, long(N), long(C), long(H), long(W), long(PH),
                                long(PW), long(stride), mode, long(k), ga.p[k], ram[k]);
                break;
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const long cases = argc > 1 ? std::atol(argv[1]) : 2000;
    std::printf("avx2 available: %d\n", cnn_pool_avx2_available());
    long vec = 0;
    for (long c = 0; c < cases; c++) {
        const int64_t PH = 1 + rng() % 7, PW = 1 + rng() % 7;
        const int64_t stride = (c % 4 == 3) ? 1 + rng() % 4 : 2;
        // tight: the last window ends at the last column and row (W = stride*(Wout-1)+PW), sometimes a little more
        const int64_t Wout = 1 + rng() % (c % 3 == 0 ? 20 : 100), Hout = 1 + rng() % 20;
        const int64_t W = std::min<int64_t>(200, stride * (Wout - 1) + PW + (c % 5 == 0 ? rng() % 2 : 0));
        const int64_t H = std::max<int64_t>(PH, std::min<int64_t>(20, stride * (Hout - 1) + PH + (c % 7 == 0 ? rng() % 2 : 0)));
        if (PW > W) continue;
        const int64_t N = 1 + rng() % 2, C = 1 + rng() % 2;
        const int mode = int(rng() % 4);
        const bool at_end = c % 2 == 0;
        const int64_t wo = 1 + (W - PW) / stride;
        if (stride == 2 && wo >= 4) vec++;
        if (c % 2 == 0) one<float>(N, C, H, W, PH, PW, stride, mode, at_end);
        else one<double>(N, C, H, W, PH, PW, stride, mode, at_end);
    }
    std::printf("cases %ld, vectorisable %ld, failures %ld\n", cases, vec, failures);
    return failures == 0 ? 0 : 1;
}
