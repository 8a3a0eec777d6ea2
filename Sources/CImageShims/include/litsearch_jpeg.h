/// A libjpeg decompression session whose every call returns a status instead of
/// calling exit() or unwinding through the caller.
///
/// libjpeg reports fatal errors by calling `error_exit`, which must not return.
/// The only safe way out is `longjmp` back to a `setjmp` that sits in C code
/// *below* the libjpeg call, so that no Swift frame is ever skipped. Each
/// function here sets that jump point, calls one libjpeg step and returns a
/// status. Swift drives the steps and keeps the policy (scaling, limits).
///
/// A session is used by one thread at a time; distinct sessions are independent.
///
/// Encoding (`lsj_encode_rgb`, in jpeg_encode.c) is one call with the same error discipline;
/// it keeps no state between calls, so any number of threads may encode at once.
#ifndef LITSEARCH_JPEG_H
#define LITSEARCH_JPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a session step.
typedef enum {
    LSJ_OK = 0,
    /// libjpeg raised a fatal error; `lsj_message` says which.
    LSJ_ERROR = 1,
    /// The data ended before the image did ("Premature end of JPEG file").
    LSJ_TRUNCATED = 2,
    /// Decoding would need more memory than `lsj_set_memory_limit` allows (a progressive JPEG
    /// keeps every DCT coefficient of the full-size image).
    LSJ_TOO_LARGE = 3,
} lsj_status;

/// Colour space of the stored JPEG data.
typedef enum {
    LSJ_COLOR_UNKNOWN = 0,
    LSJ_COLOR_GRAY = 1,
    LSJ_COLOR_RGB = 2,
    LSJ_COLOR_YCBCR = 3,
    LSJ_COLOR_CMYK = 4,
    LSJ_COLOR_YCCK = 5,
} lsj_color;

/// What `lsj_read_header` learns from the markers before the first scan.
typedef struct {
    uint32_t width;
    uint32_t height;
    int components;
    lsj_color color;
    /// Non-zero when an Adobe APP14 marker was seen (CMYK data then is inverted).
    int saw_adobe_marker;
    int progressive;
} lsj_header;

typedef struct lsj_session lsj_session;

/// Creates a session reading `size` bytes at `data`, which must outlive it.
/// Returns NULL when memory is exhausted.
lsj_session *lsj_create(const uint8_t *data, size_t size);

/// Caps the memory libjpeg may allocate for this session (0: no cap). Beyond it, decoding stops
/// with `LSJ_TOO_LARGE`.
void lsj_set_memory_limit(lsj_session *session, size_t bytes);

/// Releases the session and everything libjpeg allocated for it; safe after any error.
void lsj_destroy(lsj_session *session);

/// The last error or warning text; empty when there is none.
const char *lsj_message(const lsj_session *session);

/// Reads the markers up to the first scan, keeping APP1 segments for EXIF.
lsj_status lsj_read_header(lsj_session *session, lsj_header *header);

/// Points `*payload` at the first APP1 segment that starts with "Exif\0\0"
/// (the 6-byte prefix included) and returns its length, or 0 when there is none.
size_t lsj_exif(const lsj_session *session, const uint8_t **payload);

/// Starts decompression at a DCT scale of 1/`scale_denom` (1, 2, 4 or 8).
///
/// Output is RGB (3 components) for grey, RGB and YCbCr data, and CMYK
/// (4 components, as stored) for CMYK and YCCK data.
lsj_status lsj_start(lsj_session *session, unsigned scale_denom,
                     uint32_t *width, uint32_t *height, int *components);

/// Reads every remaining scanline into `buffer`, rows `row_stride` bytes apart.
lsj_status lsj_read_rows(lsj_session *session, uint8_t *buffer, size_t row_stride);

/// Reads through to the EOI marker, so data cut short after the last row is noticed.
lsj_status lsj_finish(lsj_session *session);

/// Compresses `width`×`height` packed RGB pixels (`r, g, b` bytes, rows `width * 3` bytes apart,
/// top row first) to a baseline JFIF file in memory: YCbCr with 4:2:0 chroma subsampling and
/// optimised Huffman tables, no EXIF. `quality` is libjpeg's 1...100 scale (clamped to it).
///
/// Like the decoding steps, this sets a jump point below every libjpeg call, so a fatal error
/// returns a status instead of unwinding through the caller. On `LSJ_OK`, `*out` holds
/// `*out_size` bytes that the caller releases with `lsj_free_encoded`; on any other status
/// `*out` is NULL, nothing needs releasing, and `message` (when not NULL) holds the reason,
/// cut to `message_size` bytes including the terminating NUL. `LSJ_TOO_LARGE` means memory ran out.
lsj_status lsj_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                          uint8_t **out, size_t *out_size, char *message, size_t message_size);

/// Releases a buffer returned by `lsj_encode_rgb`; NULL is ignored.
void lsj_free_encoded(uint8_t *data);

#ifdef __cplusplus
}
#endif

#endif
