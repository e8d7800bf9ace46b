#ifndef MARGINSTRESS_VECTOR_MATH_H
#define MARGINSTRESS_VECTOR_MATH_H

/// Eight doubles; Swift imports this type as SIMD8<Double>.
typedef double ms_double8 __attribute__((ext_vector_type(8)));

/// Lane-wise square root as one vector instruction. Swift's `squareRoot()` on Linux keeps the C library's
/// errno path for negative inputs, which splits each lane into a branch; this builtin has no such path.
static inline __attribute__((always_inline)) ms_double8 ms_sqrt8(ms_double8 x) {
    return __builtin_elementwise_sqrt(x);
}

/// Lane-wise a x b + c, contracted to one fused multiply-add instruction where the target CPU has one
/// (x86-64-v3 and later, every arm64) and a multiply then an add where it has not (baseline x86-64).
/// Results are therefore the same for every build that targets FMA hardware, and may differ in the last
/// bit from a baseline build; a strict fma would instead fall back to a slow library call per lane there.
static inline __attribute__((always_inline)) ms_double8 ms_muladd8(ms_double8 a, ms_double8 b, ms_double8 c) {
#pragma clang fp contract(fast)
    return a * b + c;
}

#endif
