// The stem: a dense 3×3, stride-2 convolution over a few input channels, for AVX-512.
//
// Direct, without an im2col matrix: for 16 output pixels of one row, the 9·Cin input taps are
// loaded once (32 consecutive inputs per kernel row, even and odd ones picked with a permute, as
// in the stride-2 depthwise kernel) and kept in L1; then every group of 16 output channels
// accumulates them with each weight broadcast from memory, so 16 accumulators run in parallel.
// Borders are masked loads (TensorFlow SAME padding without a padded copy).
#include "litsearch_kernels.h"
#include <stddef.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "simd512.h"

void litsearch_pack_stem(const float *w, int cout, int cin, float *packed) {
    for (int c = 0; c < cout; c++)
        for (int t = 0; t < cin * 9; t++) packed[(size_t)t * cout + c] = w[(size_t)c * cin * 9 + t];
}

/// - Complexity: O(rows · out_w · cout · cin · 9) multiply-adds; each 16-pixel tap vector is
///   built once (two loads and a permute) for all `cout` channels.
__attribute__((target("avx512f")))
void litsearch_stem512(const float *input, int cin, int h, int w, size_t in_stride, const float *packed,
                       const float *bias, int cout, float *output, size_t out_stride, int row_begin, int row_end) {
    const int out_h = (h + 1) / 2, out_w = (w + 1) / 2;
    const int total_y = (out_h - 1) * 2 + 3 - h, total_x = (out_w - 1) * 2 + 3 - w;
    const int pad_top = total_y > 0 ? total_y / 2 : 0, pad_left = total_x > 0 ? total_x / 2 : 0;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512 zero = _mm512_setzero_ps(), six = _mm512_set1_ps(6.0f);
    const int taps = cin * 9;
    __m512 tap[LITSEARCH_STEM_MAX_INPUTS * 9];
    (void)out_h;
    for (int oy = row_begin; oy < row_end; oy++) {
        for (int ox = 0; ox < out_w; ox += 16) {
            const int base = 2 * ox - pad_left;
            const __mmask16 store = lane_mask(ox, out_w);
            const __mmask16 m0 = lane_mask(base, w), m1 = lane_mask(base + 16, w);
            const __mmask16 m2 = lane_mask(base + 2, w), m3 = lane_mask(base + 18, w);
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    const int iy = 2 * oy + ky - pad_top;
                    const __mmask16 inside = iy >= 0 && iy < h ? 0xFFFF : 0;
                    const float *row = input + ci * in_stride + (ptrdiff_t)(inside ? iy : 0) * w + base;
                    __m512 a = _mm512_maskz_loadu_ps(m0 & inside, row), b = _mm512_maskz_loadu_ps(m1 & inside, row + 16);
                    __m512 c = _mm512_maskz_loadu_ps(m2 & inside, row + 2), d = _mm512_maskz_loadu_ps(m3 & inside, row + 18);
                    __m512 *t = tap + (ci * 3 + ky) * 3;
                    t[0] = _mm512_permutex2var_ps(a, even, b);
                    t[1] = _mm512_permutex2var_ps(a, odd, b);
                    t[2] = _mm512_permutex2var_ps(c, even, d);
                }
            }
            for (int group = 0; group < cout; group += 16) {
                __m512 acc[16];
                for (int j = 0; j < 16; j++) acc[j] = _mm512_set1_ps(bias[group + j]);
                const float *wt = packed + group;
                for (int t = 0; t < taps; t++, wt += cout) {
                    const __m512 x = tap[t];
                    #pragma clang loop unroll(full)
                    for (int j = 0; j < 16; j++) acc[j] = _mm512_fmadd_ps(_mm512_set1_ps(wt[j]), x, acc[j]);
                }
                float *out = output + (size_t)group * out_stride + (size_t)oy * out_w + ox;
                #pragma clang loop unroll(full)
                for (int j = 0; j < 16; j++) {
                    __m512 v = _mm512_min_ps(_mm512_max_ps(acc[j], zero), six);
                    _mm512_mask_storeu_ps(out + (size_t)j * out_stride, store, v);
                }
            }
        }
    }
}
#else
void litsearch_pack_stem(const float *w, int cout, int cin, float *packed) {
    (void)w; (void)cout; (void)cin; (void)packed;
}
void litsearch_stem512(const float *input, int cin, int h, int w, size_t in_stride, const float *packed,
                       const float *bias, int cout, float *output, size_t out_stride, int row_begin, int row_end) {
    (void)input; (void)cin; (void)h; (void)w; (void)in_stride; (void)packed; (void)bias; (void)cout; (void)output;
    (void)out_stride; (void)row_begin; (void)row_end;
}
#endif
