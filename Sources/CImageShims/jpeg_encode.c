// In-memory JPEG compression: see lsj_encode_rgb in include/litsearch_jpeg.h for the contract.
#include "litsearch_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/// First size of the output buffer; it doubles whenever libjpeg fills it.
#define LSJ_INITIAL_OUTPUT 16384

/// A destination that grows one malloc'd buffer. libjpeg's own `jpeg_mem_dest` keeps the
/// latest buffer in a private field until `jpeg_finish_compress`, so after an error mid-image
/// it could not be freed; here the buffer is always reachable.
typedef struct {
    struct jpeg_destination_mgr pub;
    uint8_t *buffer;
    size_t capacity;
    /// Bytes written, set by `term_destination`.
    size_t size;
} growing_destination;

/// Everything one compression needs, kept outside the frame that calls setjmp so that no
/// local variable of that frame changes between setjmp and longjmp.
typedef struct {
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr error;
    growing_destination destination;
    jmp_buf jump;
    lsj_status jump_status;
    char message[JMSG_LENGTH_MAX];
} encoder;

static void on_error_exit(j_common_ptr cinfo) {
    encoder *state = (encoder *)cinfo->client_data;
    (*cinfo->err->format_message)(cinfo, state->message);
    state->jump_status = cinfo->err->msg_code == JERR_OUT_OF_MEMORY ? LSJ_TOO_LARGE : LSJ_ERROR;
    longjmp(state->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    (void)cinfo; // the compressor's warnings do not affect the output; traces are noise
    (void)level;
}

static void on_output_message(j_common_ptr cinfo) {
    (void)cinfo; // never print to stderr
}

static void init_destination(j_compress_ptr cinfo) {
    growing_destination *destination = (growing_destination *)cinfo->dest;
    destination->buffer = malloc(LSJ_INITIAL_OUTPUT);
    if (destination->buffer == NULL) {
        ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    }
    destination->capacity = LSJ_INITIAL_OUTPUT;
    destination->pub.next_output_byte = destination->buffer;
    destination->pub.free_in_buffer = destination->capacity;
}

/// Called when the buffer is full (libjpeg's contract: all of it is to be emptied).
static boolean grow_destination(j_compress_ptr cinfo) {
    growing_destination *destination = (growing_destination *)cinfo->dest;
    size_t used = destination->capacity;
    uint8_t *larger = used <= SIZE_MAX / 2 ? realloc(destination->buffer, used * 2) : NULL;
    if (larger == NULL) {
        ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2); // the old buffer stays valid and is freed by the caller
    }
    destination->buffer = larger;
    destination->capacity = used * 2;
    destination->pub.next_output_byte = larger + used;
    destination->pub.free_in_buffer = destination->capacity - used;
    return TRUE;
}

static void term_destination(j_compress_ptr cinfo) {
    growing_destination *destination = (growing_destination *)cinfo->dest;
    destination->size = destination->capacity - destination->pub.free_in_buffer;
}

/// Runs the whole compression with its jump point; only `state` (never reassigned) is read
/// after a longjmp. The caller destroys `state->cinfo` afterwards, whatever the status.
static lsj_status compress(encoder *state, const uint8_t *rgb, uint32_t width, uint32_t height, int quality) {
    j_compress_ptr cinfo = &state->cinfo;
    if (setjmp(state->jump)) {
        return state->jump_status;
    }
    jpeg_create_compress(cinfo); // keeps err and client_data; fails only when out of memory
    state->destination.pub.init_destination = init_destination;
    state->destination.pub.empty_output_buffer = grow_destination;
    state->destination.pub.term_destination = term_destination;
    cinfo->dest = &state->destination.pub;
    cinfo->image_width = width;
    cinfo->image_height = height;
    cinfo->input_components = 3;
    cinfo->in_color_space = JCS_RGB;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, quality, TRUE);
    cinfo->optimize_coding = TRUE;
    jpeg_start_compress(cinfo, TRUE);
    size_t stride = (size_t)width * 3;
    while (cinfo->next_scanline < cinfo->image_height) {
        // libjpeg only reads the rows it is given; its API is not const-qualified.
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)cinfo->next_scanline * stride);
        jpeg_write_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_compress(cinfo);
    return LSJ_OK;
}

lsj_status lsj_encode_rgb(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                          uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    if (message != NULL && message_size > 0) {
        message[0] = '\0';
    }
    encoder *state = calloc(1, sizeof(encoder));
    if (state == NULL) {
        if (message != NULL && message_size > 0) {
            snprintf(message, message_size, "out of memory starting the JPEG encoder");
        }
        return LSJ_TOO_LARGE;
    }
    state->cinfo.err = jpeg_std_error(&state->error);
    state->error.error_exit = on_error_exit;
    state->error.emit_message = on_emit_message;
    state->error.output_message = on_output_message;
    state->cinfo.client_data = state;

    lsj_status status;
    if (rgb == NULL) {
        snprintf(state->message, JMSG_LENGTH_MAX, "no pixels given");
        status = LSJ_ERROR;
    } else {
        status = compress(state, rgb, width, height, quality);
        // Safe even when creation failed: the struct was zeroed, and libjpeg skips a NULL `mem`.
        jpeg_destroy_compress(&state->cinfo);
    }

    if (status == LSJ_OK) {
        *out = state->destination.buffer;
        *out_size = state->destination.size;
    } else {
        free(state->destination.buffer);
        if (message != NULL && message_size > 0) {
            snprintf(message, message_size, "%s", state->message);
        }
    }
    free(state);
    return status;
}

void lsj_free_encoded(uint8_t *data) {
    free(data);
}
