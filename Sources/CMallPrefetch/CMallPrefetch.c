// The module is its header (include/CMallPrefetch.h); SwiftPM needs one source file in a C target.
#include "CMallPrefetch.h"
