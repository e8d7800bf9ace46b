#ifndef MARGINSTRESS_VECTOR_MATH_H
#define MARGINSTRESS_VECTOR_MATH_H

// The dispatched kernels. Included here so that a module cache built before that header existed (an umbrella
// directory does not notice a new file) is rebuilt because this header changed.
#include "vector_kernels.h"

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

/// Eight 32-bit and eight 64-bit integers, for lane masks.
typedef int ms_int8 __attribute__((ext_vector_type(8)));
typedef long long ms_long8 __attribute__((ext_vector_type(8)));

/// The liquidation check of eight paths at one step, branch-free: for each path still open (`step[p] < 0`),
/// its equity `e = equity[p] - paid[p]` becomes its exit equity, lowers its minimum equity, and when below
/// `margin[p]` the path is liquidated at `now`. Closed paths are left exactly as they were.
/// Returns the number of paths liquidated by this check.
static inline __attribute__((always_inline)) int ms_check8(int now, const double *equity, const double *margin,
                                                           const double *paid, int *step, double *exitEquity,
                                                           double *minimumEquity) {
    ms_int8 s;
    __builtin_memcpy(&s, step, sizeof s);
    ms_int8 open32 = s < 0;
    if (!__builtin_reduce_or(open32)) return 0;
    ms_double8 e, m, p, low, exit;
    __builtin_memcpy(&e, equity, sizeof e);
    __builtin_memcpy(&m, margin, sizeof m);
    __builtin_memcpy(&p, paid, sizeof p);
    __builtin_memcpy(&low, minimumEquity, sizeof low);
    __builtin_memcpy(&exit, exitEquity, sizeof exit);
    e = e - p;
    ms_long8 open = __builtin_convertvector(open32, ms_long8);
    ms_long8 eBits = (ms_long8)e, lowBits = (ms_long8)low, exitBits = (ms_long8)exit;
    ms_long8 lower = open & (e < low);
    lowBits = (eBits & lower) | (lowBits & ~lower);
    exitBits = (eBits & open) | (exitBits & ~open);
    ms_long8 hit = open & (e < m);
    ms_int8 hit32 = __builtin_convertvector(hit, ms_int8);
    s = (now & hit32) | (s & ~hit32);
    low = (ms_double8)lowBits;
    exit = (ms_double8)exitBits;
    __builtin_memcpy(minimumEquity, &low, sizeof low);
    __builtin_memcpy(exitEquity, &exit, sizeof exit);
    __builtin_memcpy(step, &s, sizeof s);
    return -__builtin_reduce_add(hit32);
}

#endif
