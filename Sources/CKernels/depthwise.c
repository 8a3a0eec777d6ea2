// Depthwise convolution, one (channel, image) plane at a time: the dispatch and the AVX2 path
// (AVX-512 reads the plane in place, see depthwise512.c).
//
// For AVX2 the plane is copied into a zero-padded scratch plane (TensorFlow SAME padding: the odd pixel
// goes after), so the inner loops have no bounds tests. Stride-2 layers then split the padded
// columns into even and odd phases, so every tap reads consecutive floats. Each vector of
// outputs accumulates all k² taps in a register before one (masked) store.
#include "litsearch_kernels.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef struct {
    int out_h, out_w, pad_top, pad_left, padded_h, padded_w, phase_w;
} geometry;

static geometry plane_geometry(int h, int w, int k, int s) {
    geometry g;
    g.out_h = (h + s - 1) / s;
    g.out_w = (w + s - 1) / s;
    int total_y = (g.out_h - 1) * s + k - h, total_x = (g.out_w - 1) * s + k - w;
    g.pad_top = total_y > 0 ? total_y / 2 : 0;
    g.pad_left = total_x > 0 ? total_x / 2 : 0;
    g.padded_h = (g.out_h - 1) * s + k;
    g.padded_w = (g.out_w - 1) * s + k;
    g.phase_w = (g.padded_w + 1) / 2;
    return g;
}

size_t litsearch_depthwise_scratch(int h, int w, int k, int s) {
    geometry g = plane_geometry(h, w, k, s);
    // Padded plane, two phase planes, and slack for the last row's vector loads.
    return (size_t)g.padded_h * g.padded_w + 2 * (size_t)g.padded_h * g.phase_w + 64;
}

// Fills the padded plane (and, for stride 2, its phases); returns the taps' base and row stride.
// Only the vector paths call it, so it may use AVX2 (the phase split vectorises with it).
#if defined(__x86_64__)
__attribute__((target("avx2")))
#endif
static const float *prepare(const float *input, int h, int w, int s, geometry g, float *scratch, int *row_stride,
                            int *phase_stride) {
    float *padded = scratch;
    int count = w < g.padded_w - g.pad_left ? w : g.padded_w - g.pad_left;
    int right = g.padded_w - g.pad_left - count;
    for (int y = 0; y < g.padded_h; y++) {
        float *row = padded + (size_t)y * g.padded_w;
        int source = y - g.pad_top;
        if (source < 0 || source >= h) {
            memset(row, 0, sizeof(float) * g.padded_w);
            continue;
        }
        for (int x = 0; x < g.pad_left; x++) row[x] = 0;
        memcpy(row + g.pad_left, input + (size_t)source * w, sizeof(float) * count);
        for (int x = 0; x < right; x++) row[g.pad_left + count + x] = 0;
    }
    if (s == 1) {
        *row_stride = g.padded_w;
        *phase_stride = 0;
        return padded;
    }
    float *phases = padded + (size_t)g.padded_h * g.padded_w;
    size_t phase_plane = (size_t)g.padded_h * g.phase_w;
    int pairs = g.padded_w / 2;
    for (int y = 0; y < g.padded_h; y++) {
        const float *row = padded + (size_t)y * g.padded_w;
        float *even = phases + (size_t)y * g.phase_w, *odd = phases + phase_plane + (size_t)y * g.phase_w;
        int x = 0;
#if defined(__x86_64__)
        // Eight pairs at a time: the shuffles pick lanes 0,2 / 1,3 of each 128-bit half, and
        // the 64-bit permute puts the halves back in order.
        for (; x + 8 <= pairs; x += 8) {
            __m256 a = _mm256_loadu_ps(row + 2 * x), b = _mm256_loadu_ps(row + 2 * x + 8);
            __m256 e = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
            __m256 o = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1));
            _mm256_storeu_ps(even + x, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e), _MM_SHUFFLE(3, 1, 2, 0))));
            _mm256_storeu_ps(odd + x, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(o), _MM_SHUFFLE(3, 1, 2, 0))));
        }
#endif
        for (; x < pairs; x++) {
            even[x] = row[2 * x];
            odd[x] = row[2 * x + 1];
        }
        if (g.padded_w & 1) even[pairs] = row[g.padded_w - 1];
        if (g.phase_w > pairs) odd[g.phase_w - 1] = 0;
    }
    *row_stride = g.phase_w;
    *phase_stride = (int)phase_plane;
    return phases;
}

#if defined(__x86_64__)
#include <immintrin.h>

// Output row `oy`: for stride 1 the tap (ky, kx) of output x is taps[(oy+ky)*rs + x + kx];
// for stride 2 it is taps[(kx&1)*ps + (2*oy+ky)*rs + x + kx/2].
#define DEPTHWISE_BODY(K, S, VEC, SET1, LOAD, FMA, MINMAX_STORE)                                       \
    VEC wv[K * K];                                                                                     \
    for (int t = 0; t < K * K; t++) wv[t] = SET1(weights[t]);                                          \
    for (int oy = 0; oy < g.out_h; oy++) {                                                             \
        float *line = output + (size_t)oy * g.out_w;                                                   \
        for (int ox = 0; ox < g.out_w; ox += LANES) {                                                  \
            MASK_FOR(g.out_w - ox);                                                                    \
            VEC acc = SET1(bias);                                                                      \
            for (int ky = 0; ky < K; ky++) {                                                           \
                for (int kx = 0; kx < K; kx++) {                                                       \
                    const float *tap = S == 1 ? taps + (size_t)(oy + ky) * rs + ox + kx                \
                                              : taps + (size_t)(kx & 1) * ps + (size_t)(2 * oy + ky) * rs + ox + (kx >> 1); \
                    acc = FMA(wv[ky * K + kx], LOAD(tap), acc);                                        \
                }                                                                                      \
            }                                                                                          \
            MINMAX_STORE(line + ox, acc);                                                              \
        }                                                                                              \
    }

#define LANES 8
#define MASK_FOR(left) __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define LOAD256(p) _mm256_maskload_ps(p, mask)
#define STORE256(p, v) _mm256_maskstore_ps(p, mask, _mm256_min_ps(_mm256_max_ps(v, _mm256_setzero_ps()), _mm256_set1_ps(6.0f)))

__attribute__((target("avx2,fma"), always_inline))
static inline void depthwise256_k(const int K, const int S, const float *taps, int rs, int ps, geometry g,
                                  const float *weights, float bias, float *output) {
    DEPTHWISE_BODY(K, S, __m256, _mm256_set1_ps, LOAD256, _mm256_fmadd_ps, STORE256)
}

__attribute__((target("avx2,fma")))
static void depthwise256(const float *taps, int rs, int ps, int k, int s, geometry g, const float *weights,
                         float bias, float *output) {
    if (k == 3 && s == 1) depthwise256_k(3, 1, taps, rs, ps, g, weights, bias, output);
    else if (k == 3) depthwise256_k(3, 2, taps, rs, ps, g, weights, bias, output);
    else if (s == 1) depthwise256_k(5, 1, taps, rs, ps, g, weights, bias, output);
    else depthwise256_k(5, 2, taps, rs, ps, g, weights, bias, output);
}

void litsearch_depthwise(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                         float *output, float *scratch) {
    if (litsearch_pointwise_width() == 512) {
        litsearch_depthwise512(input, h, w, k, s, weights, bias, output);
        return;
    }
    geometry g = plane_geometry(h, w, k, s);
    int rs, ps;
    const float *taps = prepare(input, h, w, s, g, scratch, &rs, &ps);
    depthwise256(taps, rs, ps, k, s, g, weights, bias, output);
}
#else
void litsearch_depthwise(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                         float *output, float *scratch) {
    (void)input; (void)h; (void)w; (void)k; (void)s; (void)weights; (void)bias; (void)output; (void)scratch;
}
#endif
