// The simulation's hot kernels, one body each, compiled for three instruction sets and chosen at run time
// (see include/vector_kernels.h). The bodies mirror `FastMath`, `NormalSampler`, `RandomStream.refill` and
// `PathBlockSimulator` operation for operation: every `fma` of those (a multiply-add the Swift build fuses
// where the CPU has FMA) is `FMA` here, every other multiply and add stays separate, in the same order.
#include "vector_kernels.h"
#include "vector_math.h"
#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
// Vector arguments of the always-inlined helpers never cross a call: the ABI note does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

typedef unsigned long long ms_u64x8 __attribute__((ext_vector_type(8)));
typedef long long ms_i64x8 __attribute__((ext_vector_type(8)));

#define AS_DOUBLES(x) ((ms_double8)(x))
#define AS_WORDS(x) ((ms_u64x8)(x))
#define SPLAT(x) ((ms_double8)(x))
#define FMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#define INLINE static inline __attribute__((always_inline))

INLINE ms_double8 load8(const double *p) { ms_double8 v; memcpy(&v, p, sizeof v); return v; }
INLINE void store8(double *p, ms_double8 v) { memcpy(p, &v, sizeof v); }
INLINE ms_u64x8 loadw8(const uint64_t *p) { ms_u64x8 v; memcpy(&v, p, sizeof v); return v; }

// ---- FastMath ---------------------------------------------------------------------------------------------

/// `FastMath.log`: fdlibm's Lg1...Lg7 on s = (m - 1) / (m + 1).
INLINE ms_double8 k_log(ms_double8 x) {
    ms_u64x8 bits = AS_WORDS(x);
    ms_u64x8 mantissa = bits & 0x000FFFFFFFFFFFFFull;
    ms_u64x8 big = (mantissa + (0x0010000000000000ull - 0x0006A09E667F3BCDull)) >> 52;
    ms_double8 m = AS_DOUBLES(mantissa | ((0x3FFull - big) << 52));
    ms_u64x8 exponentField = ((bits >> 52) & 0x7FFull) + big;
    ms_double8 e = AS_DOUBLES(exponentField | 0x4330000000000000ull) - SPLAT(0x1p52 + 1023);
    ms_double8 s = (m - 1) / (m + 1), s2 = s * s;
    ms_double8 r = SPLAT(1.479819860511658591e-01);
    r = FMA(r, s2, SPLAT(1.531383769920937332e-01));
    r = FMA(r, s2, SPLAT(1.818357216161805012e-01));
    r = FMA(r, s2, SPLAT(2.222219843214978396e-01));
    r = FMA(r, s2, SPLAT(2.857142874366239149e-01));
    r = FMA(r, s2, SPLAT(3.999999999940941908e-01));
    r = FMA(r, s2, SPLAT(6.666666666666735130e-01));
    ms_double8 logM = FMA(s * s2, r, 2 * s);
    return e * 0.6931471803691238 + (logM + e * 1.9082149292705877e-10);
}

/// `FastMath.exp`: Cody-Waite reduction and the degree-12 Taylor polynomial.
INLINE ms_double8 k_exp(ms_double8 x) {
    const ms_double8 shifter = SPLAT(0x1.8p52);
    ms_double8 kShifted = FMA(x, SPLAT(1.4426950408889634), shifter);
    ms_double8 k = kShifted - shifter;
    ms_double8 r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
    ms_double8 p = SPLAT(2.08767569878681e-09);
    p = FMA(p, r, SPLAT(2.505210838544172e-08));
    p = FMA(p, r, SPLAT(2.755731922398589e-07));
    p = FMA(p, r, SPLAT(2.7557319223985893e-06));
    p = FMA(p, r, SPLAT(2.48015873015873e-05));
    p = FMA(p, r, SPLAT(0.0001984126984126984));
    p = FMA(p, r, SPLAT(0.001388888888888889));
    p = FMA(p, r, SPLAT(0.008333333333333333));
    p = FMA(p, r, SPLAT(0.041666666666666664));
    p = FMA(p, r, SPLAT(0.16666666666666666));
    p = FMA(p, r, SPLAT(0.5));
    p = FMA(p, r, SPLAT(1.0));
    p = FMA(p, r, SPLAT(1.0));
    ms_double8 scale = AS_DOUBLES((AS_WORDS(kShifted) + 1023) << 52);
    return p * scale;
}

/// `FastMath.cosSinQuarter`: fdlibm's __kernel_cos and __kernel_sin on [-pi/4, pi/4].
INLINE void k_cos_sin_quarter(ms_double8 t, ms_double8 *cosine, ms_double8 *sine) {
    ms_double8 t2 = t * t;
    ms_double8 sp = SPLAT(1.58969099521155010221e-10);
    sp = FMA(sp, t2, SPLAT(-2.50507602534068634195e-08));
    sp = FMA(sp, t2, SPLAT(2.75573137070700676789e-06));
    sp = FMA(sp, t2, SPLAT(-1.98412698298579493134e-04));
    sp = FMA(sp, t2, SPLAT(8.33333333332248946124e-03));
    sp = FMA(sp, t2, SPLAT(-1.66666666666666324348e-01));
    ms_double8 cp = SPLAT(-1.13596475577881948265e-11);
    cp = FMA(cp, t2, SPLAT(2.08757232129817482790e-09));
    cp = FMA(cp, t2, SPLAT(-2.75573143513906633035e-07));
    cp = FMA(cp, t2, SPLAT(2.48015872894767294178e-05));
    cp = FMA(cp, t2, SPLAT(-1.38888888888741095749e-03));
    cp = FMA(cp, t2, SPLAT(4.16666666666666019037e-02));
    cp = FMA(cp, t2, SPLAT(-0.5));
    *cosine = FMA(t2, cp, SPLAT(1.0));
    *sine = FMA(t * t2, sp, t);
}

// ---- NormalSampler ----------------------------------------------------------------------------------------

/// `NormalSampler.pairs`: Box-Muller on the quarter circle, quarters chosen by the angle word's low bits.
INLINE void k_pairs(ms_u64x8 a, ms_u64x8 b, ms_double8 *c, ms_double8 *s) {
    const ms_u64x8 one = 0x3FF0000000000000ull;
    ms_double8 u1 = 2 - AS_DOUBLES(one | (a >> 12));
    ms_double8 r = __builtin_elementwise_sqrt(-2 * k_log(u1));
    ms_double8 m = AS_DOUBLES(one | (b >> 12));
    ms_double8 cosT, sinT;
    k_cos_sin_quarter(FMA(m, SPLAT(1.5707963267948966), SPLAT(-2.356194490192345)), &cosT, &sinT);
    ms_u64x8 swap = (ms_u64x8)(((ms_i64x8)(b << 62)) >> 63);
    ms_u64x8 flip = b << 63;
    ms_u64x8 cosBits = AS_WORDS(cosT) ^ flip, sinBits = AS_WORDS(sinT);
    *c = r * AS_DOUBLES((cosBits & ~swap) | (sinBits & swap));
    *s = r * AS_DOUBLES((sinBits & ~swap) | (cosBits & swap));
}

INLINE void k_normal_pairs8(const uint64_t *a, const uint64_t *b, double *cosines, double *sines) {
    ms_double8 c, s;
    k_pairs(loadw8(a), loadw8(b), &c, &s);
    store8(cosines, c);
    store8(sines, s);
}

INLINE void k_normal_batch(const uint64_t *words, double *out, long n) {
    long half = (n + 1) / 2, full = n / 2, k = 0;
    ms_double8 c, s;
    for (; k + 8 <= full; k += 8) {
        k_pairs(loadw8(words + k), loadw8(words + half + k), &c, &s);
        store8(out + k, c);
        store8(out + half + k, s);
    }
    if (k < half) {
        // The last pairs, fewer than eight: computed in lanes, stored one by one.
        uint64_t a[8] = {0}, b[8] = {0};
        double cs[8], ss[8];
        for (long j = 0; j < half - k; j++) {
            a[j] = words[k + j];
            b[j] = words[half + k + j];
        }
        k_pairs(loadw8(a), loadw8(b), &c, &s);
        store8(cs, c);
        store8(ss, s);
        for (long j = 0; j < half - k; j++) {
            out[k + j] = cs[j];
            if (k + j < full) out[half + k + j] = ss[j];
        }
    }
}

// ---- RandomStream -----------------------------------------------------------------------------------------

/// SplitMix64's mix of one counter vector (Stafford's Mix13).
INLINE ms_u64x8 k_mix8(ms_u64x8 z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// `out[k] = mix(start + gamma (k + 1))`: eight lanes at a time, two vectors per round for the
/// multiplier's throughput, the counters advanced by adding 16 gamma (no multiply for the counter).
INLINE void k_splitmix_words(uint64_t *out, uint64_t start, long n) {
    const uint64_t gamma = 0x9E3779B97F4A7C15ull;
    const ms_u64x8 lane = {1, 2, 3, 4, 5, 6, 7, 8};
    ms_u64x8 z0 = (ms_u64x8)start + lane * gamma, z1 = z0 + (ms_u64x8)(8 * gamma);
    const ms_u64x8 advance = (ms_u64x8)(16 * gamma);
    long k = 0;
    for (; k + 16 <= n; k += 16) {
        ms_u64x8 w0 = k_mix8(z0), w1 = k_mix8(z1);
        memcpy(out + k, &w0, sizeof w0);
        memcpy(out + k + 8, &w1, sizeof w1);
        z0 += advance;
        z1 += advance;
    }
    for (; k < n; k++) {
        uint64_t z = start + gamma * (uint64_t)(k + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        out[k] = z ^ (z >> 31);
    }
}

// ---- PathBlockSimulator -----------------------------------------------------------------------------------

/// `PathBlockSimulator.correlate`: rows four at a time from the last, a 4 x 8 register block.
INLINE void k_correlate8(double *z, long rowStride, const double *a, long d) {
    long i = d - 1;
    for (; i >= 3; i -= 4) {
        const double *r0 = a + i * d, *r1 = r0 - d, *r2 = r1 - d, *r3 = r2 - d;
        ms_double8 a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (long j = 0; j < i - 3; j++) {
            ms_double8 zj = load8(z + j * rowStride);
            a0 = FMA(zj, SPLAT(r0[j]), a0);
            a1 = FMA(zj, SPLAT(r1[j]), a1);
            a2 = FMA(zj, SPLAT(r2[j]), a2);
            a3 = FMA(zj, SPLAT(r3[j]), a3);
        }
        ms_double8 z3 = load8(z + (i - 3) * rowStride), z2 = load8(z + (i - 2) * rowStride);
        ms_double8 z1 = load8(z + (i - 1) * rowStride), z0 = load8(z + i * rowStride);
        a3 = FMA(z3, SPLAT(r3[i - 3]), a3);
        a2 = FMA(z3, SPLAT(r2[i - 3]), a2);
        a2 = FMA(z2, SPLAT(r2[i - 2]), a2);
        a1 = FMA(z3, SPLAT(r1[i - 3]), a1);
        a1 = FMA(z2, SPLAT(r1[i - 2]), a1);
        a1 = FMA(z1, SPLAT(r1[i - 1]), a1);
        a0 = FMA(z3, SPLAT(r0[i - 3]), a0);
        a0 = FMA(z2, SPLAT(r0[i - 2]), a0);
        a0 = FMA(z1, SPLAT(r0[i - 1]), a0);
        a0 = FMA(z0, SPLAT(r0[i]), a0);
        store8(z + i * rowStride, a0);
        store8(z + (i - 1) * rowStride, a1);
        store8(z + (i - 2) * rowStride, a2);
        store8(z + (i - 3) * rowStride, a3);
    }
    for (; i >= 0; i--) {
        const double *row = a + i * d;
        ms_double8 acc = load8(z + i * rowStride) * row[i];
        for (long j = 0; j < i; j++) acc = FMA(load8(z + j * rowStride), SPLAT(row[j]), acc);
        store8(z + i * rowStride, acc);
    }
}

/// `FastMath.expTaylor`: Horner's rule from the highest degree.
INLINE ms_double8 k_exp_taylor(ms_double8 x, long degree, const double *coefficients) {
    ms_double8 p = SPLAT(coefficients[degree]);
    for (long k = degree - 1; k >= 0; k--) p = FMA(p, x, SPLAT(coefficients[k]));
    return p;
}

INLINE void k_step_chunks(const ms_step_args *g, long from, long to, int correlate) {
    const long d = g->dimension, stride = g->rowStride, degree = g->degree, extra = g->extraCount;
    const ms_double8 lowLog = SPLAT(g->lowLog), highLog = SPLAT(g->highLog);
    for (long c = from; c < to; c += 8) {
        if (correlate) k_correlate8(g->shocks + c, stride, g->loadings, d);
        ms_double8 e = SPLAT(g->firstConstant), m = SPLAT(g->secondConstant);
        ms_double8 s = g->scale ? load8(g->scale + c) : SPLAT(1.0);
        for (long k = 0; k < d; k++) {
            double *sk = g->state + k * stride + c;
            ms_double8 zk = load8(g->shocks + k * stride + c), price;
            if (g->setsPriceState) {
                // The model wrote the state itself (a Brownian bridge between a period's closes).
                store8(sk, zk);
                price = degree >= 0 ? zk : k_exp(zk) * g->spot[k];
            } else if (degree >= 0) {
                ms_double8 x = FMA(zk, s, SPLAT(g->drift[k]));
                price = load8(sk) * k_exp_taylor(x, degree, g->taylor);
                store8(sk, price);
            } else {
                ms_double8 l = FMA(zk, s, load8(sk) + g->drift[k]);
                l = __builtin_elementwise_min(__builtin_elementwise_max(l, lowLog), highLog);
                store8(sk, l);
                price = k_exp(l) * g->spot[k];
            }
            e = FMA(price, SPLAT(g->firstWeights[k]), e);
            m = FMA(price, SPLAT(g->secondWeights[k]), m);
            if (extra > 0) store8(g->prices + 8 * k, price);
        }
        for (long f = 0; f < extra; f++) {
            ms_double8 v = SPLAT(g->extraConstants[f]);
            for (long k = 0; k < d; k++) v = FMA(load8(g->prices + 8 * k), SPLAT(g->extraWeights[f * d + k]), v);
            store8(g->extraRows + f * g->extraStride + c, v);
        }
        store8(g->first + c, e);
        store8(g->second + c, m);
    }
}

/// One row of a chunk's period close, by `k_step_chunks`'s operations: `close` holds the open on entry.
INLINE void k_close8(const double *z, const double *scale, double drift, double *close, double *x, long degree,
                     const double *taylor, double lowLog, double highLog) {
    ms_double8 zk = load8(z), s = scale ? load8(scale) : SPLAT(1.0), open = load8(close), c, r;
    if (degree >= 0) {
        r = FMA(zk, s, SPLAT(drift));
        c = open * k_exp_taylor(r, degree, taylor);
    } else {
        c = FMA(zk, s, open + drift);
        c = __builtin_elementwise_min(__builtin_elementwise_max(c, SPLAT(lowLog)), SPLAT(highLog));
        r = c - open;
    }
    store8(close, c);
    store8(x, r);
}

INLINE long k_check_chunks(int now, const double *equity, const double *margin, const double *paid, int *step,
                           double *exitEquity, double *minimumEquity, long count) {
    long hits = 0;
    for (long p = 0; p + 8 <= count; p += 8)
        hits += ms_check8(now, equity + p, margin + p, paid + p, step + p, exitEquity + p, minimumEquity + p);
    return hits;
}

// ---- One set of entry points per level ---------------------------------------------------------------------

typedef struct {
    void (*words)(uint64_t *, uint64_t, long);
    void (*batch)(const uint64_t *, double *, long);
    void (*pairs8)(const uint64_t *, const uint64_t *, double *, double *);
    void (*correlate8)(double *, long, const double *, long);
    void (*step)(const ms_step_args *, long, long, int);
    void (*close8)(const double *, const double *, double, double *, double *, long, const double *, double, double);
    long (*check)(int, const double *, const double *, const double *, int *, double *, double *, long);
} ms_kernel_table;

#define MS_LEVEL(SUFFIX, TARGET)                                                                                \
    TARGET static void words_##SUFFIX(uint64_t *o, uint64_t s, long n) { k_splitmix_words(o, s, n); }           \
    TARGET static void batch_##SUFFIX(const uint64_t *w, double *o, long n) { k_normal_batch(w, o, n); }        \
    TARGET static void pairs8_##SUFFIX(const uint64_t *a, const uint64_t *b, double *c, double *s) {           \
        k_normal_pairs8(a, b, c, s);                                                                            \
    }                                                                                                           \
    TARGET static void correlate8_##SUFFIX(double *z, long r, const double *a, long d) {                      \
        k_correlate8(z, r, a, d);                                                                               \
    }                                                                                                           \
    TARGET static void step_##SUFFIX(const ms_step_args *g, long f, long t, int c) { k_step_chunks(g, f, t, c); } \
    TARGET static void close8_##SUFFIX(const double *z, const double *s, double d, double *c, double *x, long n,   \
                                       const double *t, double lo, double hi) {                                 \
        k_close8(z, s, d, c, x, n, t, lo, hi);                                                                  \
    }                                                                                                           \
    TARGET static long check_##SUFFIX(int now, const double *e, const double *m, const double *p, int *s,      \
                                      double *x, double *l, long n) {                                           \
        return k_check_chunks(now, e, m, p, s, x, l, n);                                                        \
    }                                                                                                           \
    static const ms_kernel_table table_##SUFFIX = {words_##SUFFIX, batch_##SUFFIX, pairs8_##SUFFIX,             \
                                                   correlate8_##SUFFIX, step_##SUFFIX, close8_##SUFFIX, check_##SUFFIX};

MS_LEVEL(baseline, )
#if defined(__x86_64__)
MS_LEVEL(avx2, __attribute__((target("avx2,fma"))))
MS_LEVEL(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))))
#endif

// ---- Selection ----------------------------------------------------------------------------------------------

static const ms_kernel_table *ms_current = 0;
static int ms_current_level = -1;

int ms_kernels_supported(int level) {
    if (level == MS_KERNELS_BASELINE) return 1;
#if defined(__x86_64__)
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (level == MS_KERNELS_AVX2) return avx2;
    if (level == MS_KERNELS_AVX512)
        return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
#endif
    return 0;
}

const char *ms_kernels_name(int level) {
    switch (level) {
    case MS_KERNELS_AVX2: return "avx2";
    case MS_KERNELS_AVX512: return "avx512";
    default: return "baseline";
    }
}

static const ms_kernel_table *ms_table_for(int level) {
#if defined(__x86_64__)
    if (level == MS_KERNELS_AVX512) return &table_avx512;
    if (level == MS_KERNELS_AVX2) return &table_avx2;
#endif
    return &table_baseline;
}

static int ms_default_level(void) {
    int best = ms_kernels_supported(MS_KERNELS_AVX512) ? MS_KERNELS_AVX512
             : ms_kernels_supported(MS_KERNELS_AVX2)   ? MS_KERNELS_AVX2
                                                       : MS_KERNELS_BASELINE;
    const char *asked = getenv("MARGINSTRESS_KERNELS");
    if (asked) {
        int level = strcmp(asked, "baseline") == 0 ? MS_KERNELS_BASELINE
                  : strcmp(asked, "avx2") == 0     ? MS_KERNELS_AVX2
                  : strcmp(asked, "avx512") == 0   ? MS_KERNELS_AVX512
                                                   : best;
        if (level < best && ms_kernels_supported(level)) return level;
    }
    return best;
}

/// The table in use, chosen on first use (every thread that races here chooses the same one).
static inline const ms_kernel_table *ms_table(void) {
    const ms_kernel_table *t = __atomic_load_n(&ms_current, __ATOMIC_ACQUIRE);
    if (__builtin_expect(t != 0, 1)) return t;
    int level = ms_default_level();
    __atomic_store_n(&ms_current_level, level, __ATOMIC_RELAXED);
    t = ms_table_for(level);
    __atomic_store_n(&ms_current, t, __ATOMIC_RELEASE);
    return t;
}

int ms_kernels_level(void) {
    ms_table();
    return __atomic_load_n(&ms_current_level, __ATOMIC_RELAXED);
}

int ms_kernels_select(int level) {
    if (!ms_kernels_supported(level)) return 0;
    __atomic_store_n(&ms_current_level, level, __ATOMIC_RELAXED);
    __atomic_store_n(&ms_current, ms_table_for(level), __ATOMIC_RELEASE);
    return 1;
}

// ---- Entry points -----------------------------------------------------------------------------------------

void ms_splitmix_words(uint64_t *out, uint64_t start, long n) { ms_table()->words(out, start, n); }
void ms_normal_batch(const uint64_t *words, double *out, long n) { ms_table()->batch(words, out, n); }
void ms_normal_pairs8(const uint64_t *a, const uint64_t *b, double *c, double *s) { ms_table()->pairs8(a, b, c, s); }
void ms_correlate8(double *z, long rowStride, const double *a, long d) { ms_table()->correlate8(z, rowStride, a, d); }
void ms_step_chunks(const ms_step_args *args, long from, long to, int correlate) {
    ms_table()->step(args, from, to, correlate);
}
void ms_close8(const double *z, const double *scale, double drift, double *close, double *x, long degree,
               const double *taylor, double lowLog, double highLog) {
    ms_table()->close8(z, scale, drift, close, x, degree, taylor, lowLog, highLog);
}
long ms_check_chunks(int now, const double *equity, const double *margin, const double *paid, int *step,
                     double *exitEquity, double *minimumEquity, long count) {
    return ms_table()->check(now, equity, margin, paid, step, exitEquity, minimumEquity, count);
}
