// Everything in this target is inline in include/vector_math.h; this file gives the target a translation unit.
#include "vector_math.h"
