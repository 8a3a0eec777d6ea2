/// ICU's C headers, for the C code in CTokenizerShims (and the link flags in module.modulemap).
///
/// Swift code must not import this module directly: Foundation on Linux carries its own copy of
/// ICU's headers (`_FoundationICU`), and a Swift module that sees both gets "different definitions
/// in different modules" errors for UErrorCode and friends. CTokenizerShims wraps the few calls
/// the tokenizer needs behind plain C types instead.
#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/uloc.h>
