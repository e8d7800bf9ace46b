#ifndef MARGINSTRESS_CLAPACKE_SHIM_H
#define MARGINSTRESS_CLAPACKE_SHIM_H
#include <lapacke.h>
/// `lapack_int` is a macro, which Swift does not import; this typedef names it.
typedef lapack_int clapacke_int;
#endif
