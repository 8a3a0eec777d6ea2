// Pointwise (1×1) convolution as a register-blocked matrix product with a fused epilogue.
//
// Y[M×N] = W[M×K] · X[K×N]: weights are packed once at load time into 8-row panels; X is read
// in place, one block of columns at a time, so a block stays in L1/L2 while every panel passes
// over it. Bias, ReLU6 and the residual are applied while the accumulators are in registers.
// Two variants are compiled for x86-64 and chosen at run time: AVX-512 (8 rows × 48 columns)
// and AVX2 + FMA (8 rows × 16 columns).
#include "litsearch_kernels.h"
#include <string.h>

#define PR LITSEARCH_PANEL_ROWS

size_t litsearch_packed_size(int m, int k) {
    return (size_t)((m + PR - 1) / PR) * PR * (size_t)k;
}

void litsearch_pack_weights(const float *w, int m, int k, float *packed) {
    int panels = (m + PR - 1) / PR;
    for (int p = 0; p < panels; p++) {
        for (int kk = 0; kk < k; kk++) {
            for (int r = 0; r < PR; r++) {
                int row = p * PR + r;
                packed[((size_t)p * k + kk) * PR + r] = row < m ? w[(size_t)row * k + kk] : 0.0f;
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/// One 8-row panel times NV·16 columns: 8·NV accumulators (24 for the full 48-column tile,
/// which leaves registers for the NV column vectors and one broadcast). Masks cover the last,
/// partial block; the residual and output use the same masks. `next`, when not NULL, is the
/// next block's first column: its K rows are prefetched while the last panel passes over this
/// block, so the first panel of the next block finds them in L1.
///
/// - Complexity: 8·NV·16·k multiply-adds with NV + 8 loads per k step.
__attribute__((target("avx512f"), always_inline))
static inline void tile512(const int NV, const float *w, int k, const float *x, int ldx, float *y, int ldy,
                           const __mmask16 *mask, const float *bias, int rows, const float *residual, int relu6,
                           const float *next) {
    const __m512 zero = _mm512_setzero_ps(), six = _mm512_set1_ps(6.0f);
    __m512 a[PR][3];
    #pragma clang loop unroll(full)
    for (int r = 0; r < PR; r++)
        #pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) a[r][v] = zero;
    for (int kk = 0; kk < k; kk++, x += ldx, w += PR) {
        if (next) {
            _mm_prefetch((const char *)(next + (size_t)kk * ldx), _MM_HINT_T0);
            _mm_prefetch((const char *)(next + (size_t)kk * ldx + 16), _MM_HINT_T0);
            _mm_prefetch((const char *)(next + (size_t)kk * ldx + 32), _MM_HINT_T0);
        }
        __m512 xv[3];
        #pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) xv[v] = _mm512_maskz_loadu_ps(mask[v], x + 16 * v);
        #pragma clang loop unroll(full)
        for (int r = 0; r < PR; r++) {
            __m512 b = _mm512_set1_ps(w[r]);
            #pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) a[r][v] = _mm512_fmadd_ps(b, xv[v], a[r][v]);
        }
    }
    #pragma clang loop unroll(full)
    for (int r = 0; r < PR; r++) {
        if (r >= rows) break;
        __m512 b = _mm512_set1_ps(bias[r]);
        #pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            __m512 t = _mm512_add_ps(a[r][v], b);
            if (relu6) t = _mm512_min_ps(_mm512_max_ps(t, zero), six);
            size_t at = (size_t)r * ldy + 16 * v;
            if (residual) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(mask[v], residual + at));
            _mm512_mask_storeu_ps(y + at, mask[v], t);
        }
    }
}

/// AVX-512: blocks of 48 columns; every panel passes over a block while it is in L1/L2.
__attribute__((target("avx512f")))
static void pointwise512(const float *packed, int m, int k, const float *x, int ldx, float *y, int ldy, int n,
                         const float *bias, const float *residual, int relu6) {
    int panels = (m + PR - 1) / PR;
    for (int col = 0; col < n; col += 48) {
        int left = n - col;
        __mmask16 mask[3];
        for (int v = 0; v < 3; v++) {
            int lanes = left - 16 * v;
            mask[v] = lanes >= 16 ? 0xFFFF : lanes > 0 ? (__mmask16)((1u << lanes) - 1) : 0;
        }
        for (int p = 0; p < panels; p++) {
            const float *w = packed + (size_t)p * k * PR;
            int rows = m - p * PR < PR ? m - p * PR : PR;
            size_t at = (size_t)p * PR * ldy + col;
            const float *res = residual ? residual + at : 0;
            // The tail block uses as few column vectors as it needs.
            const float *next = p == panels - 1 && n - col > 48 ? x + col + 48 : 0;
            if (left > 32) tile512(3, w, k, x + col, ldx, y + at, ldy, mask, bias + p * PR, rows, res, relu6, next);
            else if (left > 16) tile512(2, w, k, x + col, ldx, y + at, ldy, mask, bias + p * PR, rows, res, relu6, 0);
            else tile512(1, w, k, x + col, ldx, y + at, ldy, mask, bias + p * PR, rows, res, relu6, 0);
        }
    }
}

__attribute__((target("avx2,fma")))
static void pointwise256(const float *packed, int m, int k, const float *x, int ldx, float *y, int ldy, int n,
                         const float *bias, const float *residual, int relu6) {
    const __m256 zero = _mm256_setzero_ps(), six = _mm256_set1_ps(6.0f);
    int panels = (m + PR - 1) / PR;
    for (int col = 0; col < n; col += 16) {
        int left = n - col;
        // Lane masks for the last, partial block: lane i is active when i < remaining columns.
        __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), lanes);
        __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(left - 8), lanes);
        for (int p = 0; p < panels; p++) {
            const float *w = packed + (size_t)p * k * PR;
            __m256 a[PR][2];
            for (int r = 0; r < PR; r++) { a[r][0] = zero; a[r][1] = zero; }
            const float *xk = x + col;
            for (int kk = 0; kk < k; kk++, xk += ldx, w += PR) {
                __m256 x0 = _mm256_maskload_ps(xk, m0);
                __m256 x1 = _mm256_maskload_ps(xk + 8, m1);
                for (int r = 0; r < PR; r++) {
                    __m256 b = _mm256_broadcast_ss(w + r);
                    a[r][0] = _mm256_fmadd_ps(b, x0, a[r][0]);
                    a[r][1] = _mm256_fmadd_ps(b, x1, a[r][1]);
                }
            }
            for (int r = 0; r < PR; r++) {
                int row = p * PR + r;
                if (row >= m) break;
                __m256 b = _mm256_set1_ps(bias[row]);
                __m256 v0 = _mm256_add_ps(a[r][0], b), v1 = _mm256_add_ps(a[r][1], b);
                if (relu6) {
                    v0 = _mm256_min_ps(_mm256_max_ps(v0, zero), six);
                    v1 = _mm256_min_ps(_mm256_max_ps(v1, zero), six);
                }
                size_t at = (size_t)row * ldy + col;
                if (residual) {
                    v0 = _mm256_add_ps(v0, _mm256_maskload_ps(residual + at, m0));
                    v1 = _mm256_add_ps(v1, _mm256_maskload_ps(residual + at + 8, m1));
                }
                _mm256_maskstore_ps(y + at, m0, v0);
                _mm256_maskstore_ps(y + at + 8, m1, v1);
            }
        }
    }
}

static int detected_width(void) {
    static int width = -1;
    if (width < 0) {
        __builtin_cpu_init();
        width = __builtin_cpu_supports("avx512f") ? 512
              : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 256 : 0;
    }
    return width;
}

static int width_limit = 512;

int litsearch_pointwise_width(void) {
    int width = detected_width();
    return width > width_limit ? width_limit : width;
}

int litsearch_limit_width(int bits) {
    width_limit = bits < 256 ? 256 : bits;
    return litsearch_pointwise_width();
}

void litsearch_pointwise(const float *packed, int m, int k, const float *x, int ldx, float *y, int ldy, int n,
                         const float *bias, const float *residual, int relu6) {
    if (litsearch_pointwise_width() == 512) {
        pointwise512(packed, m, k, x, ldx, y, ldy, n, bias, residual, relu6);
    } else {
        pointwise256(packed, m, k, x, ldx, y, ldy, n, bias, residual, relu6);
    }
}
#else
int litsearch_pointwise_width(void) { return 0; }
int litsearch_limit_width(int bits) { (void)bits; return 0; }
void litsearch_pointwise(const float *packed, int m, int k, const float *x, int ldx, float *y, int ldy, int n,
                         const float *bias, const float *residual, int relu6) {
    (void)packed; (void)m; (void)k; (void)x; (void)ldx; (void)y; (void)ldy; (void)n; (void)bias; (void)residual; (void)relu6;
}
#endif
