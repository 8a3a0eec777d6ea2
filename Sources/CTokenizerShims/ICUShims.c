// Plain-C wrappers around ICU; see include/ICUShims.h for why they exist.
#include "ICUShims.h"
#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/uloc.h>

int32_t litsearch_nfkc_casefold(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                                int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&code);
    if (U_FAILURE(code)) { *status = code; return 0; }
    int32_t needed = unorm2_normalize(norm, (const UChar *)src, length, (UChar *)dest, capacity, &code);
    *status = code;
    return needed;
}

int32_t litsearch_fold_case(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                            int32_t turkic, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t needed = u_strFoldCase((UChar *)dest, capacity, (const UChar *)src, length,
                                   turkic ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT, &code);
    *status = code;
    return needed;
}

int32_t litsearch_to_lower(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                           const char *locale, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t needed = u_strToLower((UChar *)dest, capacity, (const UChar *)src, length, locale, &code);
    *status = code;
    return needed;
}

int32_t litsearch_is_control(int32_t c) { return u_charType(c) == U_CONTROL_CHAR; }

int32_t litsearch_is_format(int32_t c) { return u_charType(c) == U_FORMAT_CHAR; }

int32_t litsearch_combining_class(int32_t c) { return u_getCombiningClass(c); }

int32_t litsearch_is_white_space(int32_t c) { return u_isUWhiteSpace(c) ? 1 : 0; }

int32_t litsearch_is_pictographic(int32_t c) { return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ? 1 : 0; }

int32_t litsearch_is_emoji_part(int32_t c) {
    if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return 1;
    return (c > 0x7F && u_hasBinaryProperty(c, UCHAR_EMOJI_COMPONENT)) ? 1 : 0;
}

int32_t litsearch_is_zwnj_script(int32_t c) {
    UErrorCode code = U_ZERO_ERROR;
    switch (uscript_getScript(c, &code)) {
    case USCRIPT_ARABIC: case USCRIPT_SYRIAC: case USCRIPT_DEVANAGARI: case USCRIPT_BENGALI:
    case USCRIPT_GURMUKHI: case USCRIPT_GUJARATI: case USCRIPT_ORIYA: case USCRIPT_TAMIL:
    case USCRIPT_TELUGU: case USCRIPT_KANNADA: case USCRIPT_MALAYALAM: case USCRIPT_SINHALA:
        return 1;
    default:
        return 0;
    }
}

int32_t litsearch_script(int32_t c) {
    UErrorCode code = U_ZERO_ERROR;
    return (int32_t)uscript_getScript(c, &code);
}

int32_t litsearch_is_digit(int32_t c) { return u_charType(c) == U_DECIMAL_DIGIT_NUMBER; }

int32_t litsearch_locale_for_tag(const char *tag, char *locale, int32_t capacity, int32_t *parsed,
                                 int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t length = uloc_forLanguageTag(tag, locale, capacity, parsed, &code);
    *status = code;
    return length;
}

int32_t litsearch_locale_language(const char *locale, char *language, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t length = uloc_getLanguage(locale, language, capacity, &code);
    *status = code;
    return length;
}

int32_t litsearch_locale_count(void) { return uloc_countAvailable(); }

const char *litsearch_locale_at(int32_t index) { return uloc_getAvailable(index); }

const char *litsearch_error_name(int32_t status) { return u_errorName((UErrorCode)status); }
