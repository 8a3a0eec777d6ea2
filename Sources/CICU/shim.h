#include <unicode/utypes.h>
#include <unicode/unorm2.h>
#include <unicode/ucasemap.h>
#include <unicode/ubrk.h>
#include <unicode/uloc.h>
