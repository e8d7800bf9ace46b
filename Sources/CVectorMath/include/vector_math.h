#ifndef MARGINSTRESS_VECTOR_MATH_H
#define MARGINSTRESS_VECTOR_MATH_H

/// Eight doubles; Swift imports this type as SIMD8<Double>.
typedef double ms_double8 __attribute__((ext_vector_type(8)));

/// Lane-wise square root as one vector instruction. Swift's `squareRoot()` on Linux keeps the C library's
/// errno path for negative inputs, which splits each lane into a branch; this builtin has no such path.
static inline __attribute__((always_inline)) ms_double8 ms_sqrt8(ms_double8 x) {
    return __builtin_elementwise_sqrt(x);
}

#endif
