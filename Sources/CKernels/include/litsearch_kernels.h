#ifndef LITSEARCH_KERNELS_H
#define LITSEARCH_KERNELS_H

#include <stddef.h>

/// Rows per packed weight panel; `litsearch_pack_weights` pads M up to a multiple of it.
#define LITSEARCH_PANEL_ROWS 8

/// Which instruction set the pointwise kernel uses on this CPU: 512, 256, or 0 (none: use BLAS).
int litsearch_pointwise_width(void);

/// Caps the width the kernels dispatch to (at least 256, so the packed weights stay valid), for
/// tests to run the AVX2 variants on an AVX-512 machine; returns the width now in force. Not
/// thread-safe: call it only while no kernel runs.
int litsearch_limit_width(int bits);

/// Floats needed to pack an M×K weight matrix.
size_t litsearch_packed_size(int m, int k);

/// Packs row-major W[M×K] into panels of LITSEARCH_PANEL_ROWS rows stored k-major
/// (panel p holds W[p*8 + r][k] at [k*8 + r]), zero-padding the last panel.
void litsearch_pack_weights(const float *w, int m, int k, float *packed);

/// Y[:, 0..<n] = act(W · X[:, 0..<n] + bias) (+ residual), row-major: X with leading dimension
/// ldx, Y and the residual with ldy.
///
/// `relu6` non-zero clamps to [0, 6] before the residual is added; `residual` may be NULL.
/// Requires litsearch_pointwise_width() > 0.
void litsearch_pointwise(const float *packed, int m, int k, const float *x, int ldx, float *y, int ldy, int n,
                         const float *bias, const float *residual, int relu6);



/// Floats of scratch `litsearch_depthwise` needs for an H×W plane (k×k kernel, stride s).
size_t litsearch_depthwise_scratch(int h, int w, int k, int s);

/// One plane of a depthwise k×k convolution with TensorFlow SAME padding, bias and ReLU6.
///
/// `input` is H×W, `output` is ceil(H/s)×ceil(W/s); k is 3 or 5, s is 1 or 2.
/// `scratch` holds litsearch_depthwise_scratch(h, w, k, s) floats, reused across calls.
/// Requires litsearch_pointwise_width() > 0.
void litsearch_depthwise(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                         float *output, float *scratch);

/// The AVX-512 variant of `litsearch_depthwise`: reads the unpadded plane directly (masked loads
/// at the borders, a permute for stride 2) and needs no scratch. Requires AVX-512F.
void litsearch_depthwise512(const float *input, int h, int w, int k, int s, const float *weights, float bias,
                            float *output);

/// Output rows [row_begin, row_end) of `litsearch_depthwise512` on an H×W plane of which `input`
/// holds the rows from `first_row` on (every row the range reads, clipped to the plane);
/// `output` receives row row_begin first. For computing a plane in bands. Requires AVX-512F.
void litsearch_depthwise512_rows(const float *input, int first_row, int h, int w, int k, int s, const float *weights,
                                 float bias, float *output, int row_begin, int row_end);

/// Most input channels `litsearch_stem512` takes.
#define LITSEARCH_STEM_MAX_INPUTS 4

/// Repacks stem weights [cout][cin][3][3] as [cin·9][cout] for `litsearch_stem512`.
void litsearch_pack_stem(const float *w, int cout, int cin, float *packed);

/// Output rows [row_begin, row_end) of a dense 3×3 stride-2 convolution with TensorFlow SAME
/// padding, bias and ReLU6, for one image.
///
/// Input channel c is the H×W plane at input + c·in_stride; output channel o is the
/// ceil(H/2)×ceil(W/2) plane at output + o·out_stride. cin <= LITSEARCH_STEM_MAX_INPUTS and cout
/// a multiple of 16; `packed` comes from `litsearch_pack_stem`. Requires AVX-512F.
void litsearch_stem512(const float *input, int cin, int h, int w, size_t in_stride, const float *packed,
                       const float *bias, int cout, float *output, size_t out_stride, int row_begin, int row_end);

/// Most outputs (planes · H · W) per channel that the small-plane depthwise kernel is meant for.
#define LITSEARCH_SMALL_PLANE_OUTPUTS 1024

/// Readable floats `litsearch_depthwise512_small` needs on each side of its input (W ≤ 27, k ≤ 5).
#define LITSEARCH_SMALL_PLANE_SLACK 128

/// Entries `litsearch_small_masks` writes for `planes` H×W planes and a k×k kernel.
size_t litsearch_small_masks_size(int planes, int h, int w, int k);

/// The lane masks of `litsearch_depthwise512_small` for this geometry: per 16 flattened outputs,
/// one mask per tap (the lanes whose tap lies inside their own plane), then the store mask.
void litsearch_small_masks(int planes, int h, int w, int k, unsigned short *masks);

/// Stride-1 depthwise k×k convolution (k 3 or 5, SAME padding, bias, ReLU6) of `channels`
/// channels, each `planes` consecutive H×W planes (a batch in C, N, H, W order), for AVX-512.
///
/// Vectors run along the flattened planes, so small planes use every lane. Channel c reads
/// input + c·planes·H·W and writes output likewise, with weights + c·k² and bias[c]; `masks`
/// comes from `litsearch_small_masks`. The loads are unmasked: LITSEARCH_SMALL_PLANE_SLACK
/// floats before the first channel and after the last must be readable (their values are
/// ignored). Requires AVX-512F.
void litsearch_depthwise512_small(const float *input, int channels, int planes, int h, int w, int k,
                                  const unsigned short *masks, const float *weights, const float *bias, float *output);
#endif
