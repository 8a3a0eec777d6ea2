// Safe libjpeg session: see include/litsearch_jpeg.h for the contract.
#include "litsearch_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/// Progressive files may hold arbitrarily many scans; decoding each costs a full
/// pass, so a hostile file could take minutes. Real encoders stay far below this.
#define LSJ_MAX_SCANS 500

struct lsj_session {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr error;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    lsj_status jump_status;
    int created;
    char message[JMSG_LENGTH_MAX];
};

static lsj_session *session_of(j_common_ptr cinfo) {
    return (lsj_session *)cinfo->client_data;
}

static void leave(j_common_ptr cinfo, lsj_status status) {
    lsj_session *session = session_of(cinfo);
    (*cinfo->err->format_message)(cinfo, session->message);
    session->jump_status = status;
    longjmp(session->jump, 1);
}

static void on_error_exit(j_common_ptr cinfo) {
    // Past the memory cap, libjpeg either fails an allocation or asks for a backing store,
    // which this build has none of: both mean the image needs too much memory.
    int code = cinfo->err->msg_code;
    leave(cinfo, code == JERR_OUT_OF_MEMORY || code == JERR_NO_BACKING_STORE ? LSJ_TOO_LARGE : LSJ_ERROR);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) {
        return; // trace messages
    }
    cinfo->err->num_warnings++;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        // The source ran dry and libjpeg would pad the rest with grey: stop here.
        leave(cinfo, LSJ_TRUNCATED);
    }
    // Other warnings (stray bytes between markers and the like) are common in
    // camera files and leave the image usable; keep the text for diagnostics.
    lsj_session *session = session_of(cinfo);
    (*cinfo->err->format_message)(cinfo, session->message);
}

static void on_output_message(j_common_ptr cinfo) {
    (void)cinfo; // never print to stderr
}

static void on_progress(j_common_ptr cinfo) {
    j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
    if (dinfo->input_scan_number > LSJ_MAX_SCANS) {
        snprintf(session_of(cinfo)->message, JMSG_LENGTH_MAX,
                 "progressive JPEG with more than %d scans", LSJ_MAX_SCANS);
        session_of(cinfo)->jump_status = LSJ_ERROR;
        longjmp(session_of(cinfo)->jump, 1);
    }
}

lsj_session *lsj_create(const uint8_t *data, size_t size) {
    lsj_session *session = calloc(1, sizeof(lsj_session));
    if (session == NULL) {
        return NULL;
    }
    session->cinfo.err = jpeg_std_error(&session->error);
    session->error.error_exit = on_error_exit;
    session->error.emit_message = on_emit_message;
    session->error.output_message = on_output_message;
    session->cinfo.client_data = session;
    if (setjmp(session->jump)) {
        // jpeg_create_decompress fails only when out of memory.
        jpeg_destroy_decompress(&session->cinfo);
        free(session);
        return NULL;
    }
    jpeg_create_decompress(&session->cinfo);
    session->created = 1;
    session->progress.progress_monitor = on_progress;
    session->cinfo.progress = &session->progress;
    jpeg_mem_src(&session->cinfo, data, (unsigned long)size);
    return session;
}

void lsj_set_memory_limit(lsj_session *session, size_t bytes) {
    if (session != NULL && session->created) {
        session->cinfo.mem->max_memory_to_use = (long)bytes;
    }
}

void lsj_destroy(lsj_session *session) {
    if (session == NULL) {
        return;
    }
    if (session->created) {
        jpeg_destroy_decompress(&session->cinfo);
    }
    free(session);
}

const char *lsj_message(const lsj_session *session) {
    return session->message;
}

static lsj_color color_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return LSJ_COLOR_GRAY;
    case JCS_RGB: return LSJ_COLOR_RGB;
    case JCS_YCbCr: return LSJ_COLOR_YCBCR;
    case JCS_CMYK: return LSJ_COLOR_CMYK;
    case JCS_YCCK: return LSJ_COLOR_YCCK;
    default: return LSJ_COLOR_UNKNOWN;
    }
}

lsj_status lsj_read_header(lsj_session *session, lsj_header *header) {
    j_decompress_ptr cinfo = &session->cinfo;
    if (setjmp(session->jump)) {
        return session->jump_status;
    }
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);
    header->width = cinfo->image_width;
    header->height = cinfo->image_height;
    header->components = cinfo->num_components;
    header->color = color_of(cinfo->jpeg_color_space);
    header->saw_adobe_marker = cinfo->saw_Adobe_marker ? 1 : 0;
    header->progressive = cinfo->progressive_mode ? 1 : 0;
    return LSJ_OK;
}

size_t lsj_exif(const lsj_session *session, const uint8_t **payload) {
    static const uint8_t prefix[6] = {'E', 'x', 'i', 'f', 0, 0};
    for (jpeg_saved_marker_ptr marker = session->cinfo.marker_list; marker != NULL;
         marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1 && marker->data_length >= sizeof(prefix) &&
            memcmp(marker->data, prefix, sizeof(prefix)) == 0) {
            *payload = marker->data;
            return marker->data_length;
        }
    }
    *payload = NULL;
    return 0;
}

lsj_status lsj_start(lsj_session *session, unsigned scale_denom,
                     uint32_t *width, uint32_t *height, int *components) {
    j_decompress_ptr cinfo = &session->cinfo;
    if (setjmp(session->jump)) {
        return session->jump_status;
    }
    cinfo->scale_num = 1;
    cinfo->scale_denom = scale_denom;
    switch (cinfo->jpeg_color_space) {
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        break;
    default:
        cinfo->out_color_space = JCS_RGB;
        break;
    }
    jpeg_start_decompress(cinfo);
    *width = cinfo->output_width;
    *height = cinfo->output_height;
    *components = cinfo->output_components;
    return LSJ_OK;
}

lsj_status lsj_read_rows(lsj_session *session, uint8_t *buffer, size_t row_stride) {
    j_decompress_ptr cinfo = &session->cinfo;
    if (setjmp(session->jump)) {
        return session->jump_status;
    }
    while (cinfo->output_scanline < cinfo->output_height) {
        JSAMPROW row = buffer + (size_t)cinfo->output_scanline * row_stride;
        if (jpeg_read_scanlines(cinfo, &row, 1) != 1) {
            // Only a suspending source returns 0 rows; a memory source never
            // suspends, so this means the data stopped short.
            snprintf(session->message, JMSG_LENGTH_MAX, "JPEG data ended early");
            return LSJ_TRUNCATED;
        }
    }
    return LSJ_OK;
}

lsj_status lsj_finish(lsj_session *session) {
    if (setjmp(session->jump)) {
        return session->jump_status;
    }
    jpeg_finish_decompress(&session->cinfo);
    return LSJ_OK;
}
