// Small AVX-512 helpers shared by the kernels (private to CKernels).
#ifndef LITSEARCH_SIMD512_H
#define LITSEARCH_SIMD512_H
#if defined(__x86_64__)
#include <immintrin.h>

/// Lanes i of a 16-float load starting at column `start` of a row of `w` floats with
/// 0 <= start + i < w.
__attribute__((target("avx512f"), always_inline))
static inline __mmask16 lane_mask(int start, int w) {
    int lo = start < 0 ? -start : 0;
    int hi = w - start < 16 ? w - start : 16;
    if (hi <= lo) return 0;
    return (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

/// Lanes kx … kx + 15 of the 32 floats lo:hi (kx 0 to 4), one `valignd`.
__attribute__((target("avx512f"), always_inline))
static inline __m512 shifted(__m512 lo, __m512 hi, const int kx) {
    __m512i l = _mm512_castps_si512(lo), h = _mm512_castps_si512(hi);
    switch (kx) {
    case 0: return lo;
    case 1: return _mm512_castsi512_ps(_mm512_alignr_epi32(h, l, 1));
    case 2: return _mm512_castsi512_ps(_mm512_alignr_epi32(h, l, 2));
    case 3: return _mm512_castsi512_ps(_mm512_alignr_epi32(h, l, 3));
    default: return _mm512_castsi512_ps(_mm512_alignr_epi32(h, l, 4));
    }
}
#endif
#endif
