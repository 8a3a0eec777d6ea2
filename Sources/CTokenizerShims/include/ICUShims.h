/// Plain-C wrappers around the parts of ICU that the tokenizer uses.
///
/// Two reasons for the wrappers: ICU renames each C function with its version through macros
/// (`unorm2_normalize` is really `unorm2_normalize_72`) that Swift cannot import, and Foundation
/// on Linux ships a private copy of ICU's headers whose types clash with the system ones in any
/// Swift module that sees both. This header therefore uses only `int32_t`, `uint16_t` and `char`.
/// Status values are ICU's `UErrorCode` numbers: 0 is success, negative a warning, positive an error.
#ifndef LITSEARCH_ICU_SHIMS_H
#define LITSEARCH_ICU_SHIMS_H

#include <stdint.h>

/// ICU's U_BUFFER_OVERFLOW_ERROR: the output did not fit and the return value is the needed length.
#define LITSEARCH_ICU_BUFFER_OVERFLOW 15

/// NFKC_Casefold of UTF-16 `src` into `dest`; returns the needed length.
int32_t litsearch_nfkc_casefold(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                                int32_t *status);

/// Full case folding; `turkic` non-zero selects the Turkish/Azeri mappings of I and İ.
int32_t litsearch_fold_case(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                            int32_t turkic, int32_t *status);

/// Locale-sensitive lowercasing (e.g. Lithuanian keeps the dot above on i before accents).
int32_t litsearch_to_lower(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity,
                           const char *locale, int32_t *status);

/// 1 when the code point is a control character (general category Cc).
int32_t litsearch_is_control(int32_t c);

/// 1 when the code point is a format character (general category Cf).
int32_t litsearch_is_format(int32_t c);

/// The canonical combining class (0 for starters).
int32_t litsearch_combining_class(int32_t c);

/// 1 when the code point is White_Space.
int32_t litsearch_is_white_space(int32_t c);

/// 1 when the code point is Extended_Pictographic, or a non-ASCII Emoji_Component (skin tones…).
int32_t litsearch_is_emoji_part(int32_t c);

/// 1 when the code point is Extended_Pictographic.
int32_t litsearch_is_pictographic(int32_t c);

/// 1 when the code point belongs to a script in which ZWNJ matters (Arabic, Syriac, Brahmic scripts).
int32_t litsearch_is_zwnj_script(int32_t c);

/// The ICU script code (UScriptCode) of a code point: 0 Common, 1 Inherited, 17 Han, 20 Hiragana, 22 Katakana…
int32_t litsearch_script(int32_t c);

/// 1 when the code point is a decimal digit (general category Nd).
int32_t litsearch_is_digit(int32_t c);

/// BCP-47 tag to ICU locale ID; `parsed` receives how many characters of the tag were understood.
int32_t litsearch_locale_for_tag(const char *tag, char *locale, int32_t capacity, int32_t *parsed,
                                 int32_t *status);

/// The language part of an ICU locale ID.
int32_t litsearch_locale_language(const char *locale, char *language, int32_t capacity, int32_t *status);

/// How many locales ICU has data for.
int32_t litsearch_locale_count(void);

/// The ICU locale ID at `index` of ICU's available locales.
const char *litsearch_locale_at(int32_t index);

/// ICU's name for a status value.
const char *litsearch_error_name(int32_t status);

#endif
