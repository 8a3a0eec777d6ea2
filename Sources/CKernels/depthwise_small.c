// Stride-1 depthwise convolution for small planes (the 14×14 and 7×7 stages), AVX-512.
//
// A 7-wide row fills less than half of a 16-lane vector, so here the lanes run along the
// flattened planes instead: 16 consecutive outputs of a channel's planes (all images of the
// batch, which are adjacent in the C, N, H, W layout) whatever rows and images they fall in.
// Every tap then reads a fixed offset from the outputs, and is left out of the sum in the lanes
// where it falls outside its own image (SAME padding); the masks depend only on the geometry,
// so they are computed once per layer (`litsearch_small_masks`) and shared by all channels.
#include "litsearch_kernels.h"
#include <stddef.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "simd512.h"

/// One channel: `vectors` groups of 16 outputs, `K`² taps each.
///
/// Each kernel row is two loads; its K taps are lane shifts of them (`valignd`), and a tap's
/// lanes that fall outside their image are left out by a merge-masked multiply-add (so the
/// loads themselves need no masks, only readable memory around the planes).
///
/// - Complexity: vectors · K² multiply-adds, vectors · 2K loads.
__attribute__((target("avx512f"), always_inline))
static inline void channel(const int K, const float *input, int vectors, int w, const unsigned short *masks,
                           const float *weights, float bias, float *output) {
    __m512 wv[25];
    #pragma clang loop unroll(full)
    for (int t = 0; t < K * K; t++) wv[t] = _mm512_set1_ps(weights[t]);
    const __m512 zero = _mm512_setzero_ps(), six = _mm512_set1_ps(6.0f);
    const int pad = (K - 1) / 2;
    for (int v = 0; v < vectors; v++, masks += K * K + 1) {
        // Two accumulators halve the dependency chain of the K² taps.
        __m512 a0 = _mm512_set1_ps(bias), a1 = zero;
        #pragma clang loop unroll(full)
        for (int ky = 0; ky < K; ky++) {
            const float *row = input + 16 * v + (ky - pad) * w - pad;
            const __m512 lo = _mm512_loadu_ps(row), hi = _mm512_loadu_ps(row + 16);
            #pragma clang loop unroll(full)
            for (int kx = 0; kx < K; kx++) {
                const int t = ky * K + kx;
                if (t & 1) a1 = _mm512_mask3_fmadd_ps(wv[t], shifted(lo, hi, kx), a1, masks[t]);
                else a0 = _mm512_mask3_fmadd_ps(wv[t], shifted(lo, hi, kx), a0, masks[t]);
            }
        }
        __m512 y = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(a0, a1), zero), six);
        _mm512_mask_storeu_ps(output + 16 * v, masks[K * K], y);
    }
}

size_t litsearch_small_masks_size(int planes, int h, int w, int k) {
    return (size_t)((planes * h * w + 15) / 16) * (k * k + 1);
}

void litsearch_small_masks(int planes, int h, int w, int k, unsigned short *masks) {
    const int plane = h * w, total = planes * plane, vectors = (total + 15) / 16, pad = (k - 1) / 2;
    for (int v = 0; v < vectors; v++) {
        unsigned short *m = masks + v * (k * k + 1);
        for (int t = 0; t <= k * k; t++) m[t] = 0;
        for (int lane = 0; lane < 16 && 16 * v + lane < total; lane++) {
            int o = 16 * v + lane, y = (o % plane) / w, x = o % w;
            m[k * k] |= (unsigned short)(1u << lane);
            for (int ky = 0; ky < k; ky++) {
                if (y + ky - pad < 0 || y + ky - pad >= h) continue;
                for (int kx = 0; kx < k; kx++) {
                    if (x + kx - pad >= 0 && x + kx - pad < w) m[ky * k + kx] |= (unsigned short)(1u << lane);
                }
            }
        }
    }
}

__attribute__((target("avx512f")))
void litsearch_depthwise512_small(const float *input, int channels, int planes, int h, int w, int k,
                                  const unsigned short *masks, const float *weights, const float *bias, float *output) {
    const int total = planes * h * w, vectors = (total + 15) / 16;
    for (int c = 0; c < channels; c++) {
        const float *in = input + (size_t)c * total;
        float *out = output + (size_t)c * total;
        if (k == 3) channel(3, in, vectors, w, masks, weights + c * 9, bias[c], out);
        else channel(5, in, vectors, w, masks, weights + c * 25, bias[c], out);
    }
}
#else
size_t litsearch_small_masks_size(int planes, int h, int w, int k) {
    (void)planes; (void)h; (void)w; (void)k;
    return 0;
}
void litsearch_small_masks(int planes, int h, int w, int k, unsigned short *masks) {
    (void)planes; (void)h; (void)w; (void)k; (void)masks;
}
void litsearch_depthwise512_small(const float *input, int channels, int planes, int h, int w, int k,
                                  const unsigned short *masks, const float *weights, const float *bias, float *output) {
    (void)input; (void)channels; (void)planes; (void)h; (void)w; (void)k; (void)masks; (void)weights; (void)bias;
    (void)output;
}
#endif
