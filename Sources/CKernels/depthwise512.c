// Depthwise convolution for AVX-512 straight from the unpadded plane.
//
// TensorFlow SAME padding needs no copy here: loads are masked to the lanes that fall inside the
// input row (masked-off lanes read as zero and never fault; for 3×3 each row is two loads and
// its taps are lane shifts of them, so the zeros shift along as padding), and
// input rows above or below the plane load as zeros. Stride 2 loads 32 consecutive inputs and
// picks the even or odd ones with one two-source permute, so no phase planes are built either.
// Each pass computes one 16-wide column of R output rows together, so each input row loaded
// feeds every output row that uses it and R accumulators run independently.
#include "litsearch_kernels.h"
#include <stdbool.h>
#include <stddef.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "simd512.h"

/// Output rows [row_begin, row_end) of one plane for a k×k kernel with stride S, R output rows
/// per pass (all compile-time constants after inlining, so the tap loops unroll and each row's
/// kernel row index is known statically). `input` holds plane rows from `first_row` on (all rows
/// the range reads); `output` receives row row_begin first.
///
/// - Complexity: O(rows · out_w · K²) multiply-adds; (S·(R−1) + K) · L / R loads per output
///   vector, L = 2 for 3×3 stride 1, K for 5×5 stride 1, 2·⌈K/2⌉ (and K permutes) for stride 2.
__attribute__((target("avx512f"), always_inline))
static inline void plane(const int K, const int S, const int R, const float *input, int first_row, int h, int w,
                         int row_begin, int row_end, int out_w, int pad_top, int pad_left, const float *weights,
                         float bias, float *output) {
    // Fixed sizes: arrays sized by the (inlined) parameters would be VLAs, kept in memory.
    __m512 wv[9];
    #pragma clang loop unroll(full)
    for (int t = 0; t < (K == 3 ? 9 : 0); t++) wv[t] = _mm512_set1_ps(weights[t]);
    const __m512 vb = _mm512_set1_ps(bias), zero = _mm512_setzero_ps(), six = _mm512_set1_ps(6.0f);
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    // Stride 1, 3×3: two loads (32 inputs) per row, the taps lane shifts of them. Stride 1, 5×5:
    // one load per tap (measured faster: the shifts need registers the 5×5 kernel lacks).
    // Stride 2: a pair of loads per two tap columns, the even and odd inputs picked by a permute.
    const bool shifts = S == 1 && K == 3;
    const int loads = shifts ? 2 : S == 1 ? K : 2 * ((K + 1) / 2);
    for (int ox = 0; ox < out_w; ox += 16) {
        const __mmask16 store = lane_mask(ox, out_w);
        const int base = S * ox - pad_left;
        __mmask16 mask[6];
        #pragma clang loop unroll(full)
        for (int i = 0; i < loads; i++) mask[i] = lane_mask(S == 1 && !shifts ? base + i : base + 2 * (i / 2) + 16 * (i & 1), w);
        for (int oy = row_begin; oy < row_end; oy += R) {
            __m512 acc[8];
            #pragma clang loop unroll(full)
            for (int r = 0; r < R; r++) acc[r] = vb;
            const int top = S * oy - pad_top;
            #pragma clang loop unroll(full)
            for (int j = 0; j < S * (R - 1) + K; j++) {
                // A row outside the plane loads as zeros (no branch, so the accumulators stay in
                // registers); its address is clamped to the first row held, where the masked loads
                // never fault.
                const int iy = top + j;
                const __mmask16 inside = iy >= 0 && iy < h ? 0xFFFF : 0;
                const float *row = input + (ptrdiff_t)((inside ? iy : first_row) - first_row) * w + base;
                __m512 tap[5];
                if (S == 1 && !shifts) {
                    #pragma clang loop unroll(full)
                    for (int kx = 0; kx < K; kx++) tap[kx] = _mm512_maskz_loadu_ps(mask[kx] & inside, row + kx);
                } else if (S == 1) {
                    // Masked-off lanes are zeros, so the shifted taps carry the SAME padding along.
                    const __m512 lo = _mm512_maskz_loadu_ps(mask[0] & inside, row);
                    const __m512 hi = _mm512_maskz_loadu_ps(mask[1] & inside, row + 16);
                    #pragma clang loop unroll(full)
                    for (int kx = 0; kx < K; kx++) tap[kx] = shifted(lo, hi, kx);
                } else {
                    #pragma clang loop unroll(full)
                    for (int q = 0; 2 * q < K; q++) {
                        __m512 a = _mm512_maskz_loadu_ps(mask[2 * q] & inside, row + 2 * q);
                        __m512 b = _mm512_maskz_loadu_ps(mask[2 * q + 1] & inside, row + 2 * q + 16);
                        tap[2 * q] = _mm512_permutex2var_ps(a, even, b);
                        if (2 * q + 1 < K) tap[2 * q + 1] = _mm512_permutex2var_ps(a, odd, b);
                    }
                }
                #pragma clang loop unroll(full)
                for (int r = 0; r < R; r++) {
                    const int ky = j - S * r;
                    if (ky < 0 || ky >= K) continue;
                    #pragma clang loop unroll(full)
                    for (int kx = 0; kx < K; kx++) {
                        // 25 weights would not fit in registers beside the taps and accumulators:
                        // a 5×5 kernel broadcasts each weight from memory (L1) as it goes.
                        __m512 weight = K == 3 ? wv[ky * K + kx] : _mm512_set1_ps(weights[ky * K + kx]);
                        acc[r] = _mm512_fmadd_ps(weight, tap[kx], acc[r]);
                    }
                }
            }
            #pragma clang loop unroll(full)
            for (int r = 0; r < R; r++) {
                // A constant trip count keeps `acc` in registers; rows past the plane are dropped.
                __m512 v = _mm512_min_ps(_mm512_max_ps(acc[r], zero), six);
                if (oy + r < row_end) _mm512_mask_storeu_ps(output + (size_t)(oy + r - row_begin) * out_w + ox, store, v);
            }
        }
    }
}

// One out-of-line function per shape, so profiles show them apart.
#define VARIANT(NAME, K, S, R)                                                                            \
    __attribute__((target("avx512f"), noinline))                                                     \
    static void NAME(const float *input, int first_row, int h, int w, int row_begin, int row_end,    \
                     int out_w, int top, int left, const float *weights, float bias, float *output) { \
        plane(K, S, R, input, first_row, h, w, row_begin, row_end, out_w, top, left, weights, bias,   \
              output);                                                                               \
    }
VARIANT(depthwise3x3, 3, 1, 4)
VARIANT(depthwise3x3s2, 3, 2, 2)
VARIANT(depthwise5x5, 5, 1, 4)
VARIANT(depthwise5x5s2, 5, 2, 2)

__attribute__((target("avx512f")))
void litsearch_depthwise512_rows(const float *input, int first_row, int h, int w, int k, int s, const float *weights,
                                 float bias, float *output, int row_begin, int row_end) {
    int out_h = (h + s - 1) / s, out_w = (w + s - 1) / s;
    int total_y = (out_h - 1) * s + k - h, total_x = (out_w - 1) * s + k - w;
    int top = total_y > 0 ? total_y / 2 : 0, left = total_x > 0 ? total_x / 2 : 0;
    if (k == 3 && s == 1) depthwise3x3(input, first_row, h, w, row_begin, row_end, out_w, top, left, weights, bias, output);
    else if (k == 3) depthwise3x3s2(input, first_row, h, w, row_begin, row_end, out_w, top, left, weights, bias, output);
    else if (s == 1) depthwise5x5(input, first_row, h, w, row_begin, row_end, out_w, top, left, weights, bias, output);
    else depthwise5x5s2(input, first_row, h, w, row_begin, row_end, out_w, top, left, weights, bias, output);
}

void litsearch_depthwise512(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                            float *output) {
    litsearch_depthwise512_rows(input, 0, h, w, k, s, weights, bias, output, 0, (h + s - 1) / s);
}
#else
void litsearch_depthwise512_rows(const float *input, int first_row, int h, int w, int k, int s, const float *weights,
                                 float bias, float *output, int row_begin, int row_end) {
    (void)input; (void)first_row; (void)h; (void)w; (void)k; (void)s; (void)weights; (void)bias; (void)output;
    (void)row_begin; (void)row_end;
}
void litsearch_depthwise512(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                            float *output) {
    (void)input; (void)h; (void)w; (void)k; (void)s; (void)weights; (void)bias; (void)output;
}
#endif
