/*
 * The benchmark model in hand-vectorised C: the bar `Benchmarks/compare` holds margin-stress against.
 *
 * Reads the model (written by `Benchmarks/c_reference.py` from a scenario) on standard input:
 *   d steps paths seed
 *   equity_const maint_const
 *   then d lines: p0 drift_dt equity_coef maint_coef
 *   then d lines of d values: the lower-triangular loadings diag(sigma sqrt(dt)) L, row-major
 * and prints "liquidated paths seconds" (seconds of simulation only, one thread).
 *
 * Eight paths at a time in one vector (clang vector extensions: one AVX-512 register, or two AVX2 ones,
 * with -march=native): its own generator (SplitMix64 of a per-lane counter), Box-Muller on the quarter
 * circle with random signs (so no quadrant reduction), a vector logarithm (2 atanh series), sine and cosine
 * (Taylor on [-pi/4, pi/4] rotated by pi/4), and exp (2^n times a degree-13 Taylor polynomial on
 * |r| <= ln2/2). Per step: d normals, the lower-triangular correlation, log-prices, prices, equity and margin
 * as two dot products, and the liquidation check; a chunk of eight stops when all eight are liquidated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef double v8d __attribute__((vector_size(64)));
typedef uint64_t v8u __attribute__((vector_size(64)));
typedef int64_t v8i __attribute__((vector_size(64)));

#define MAXD 128

static inline v8d splat(double x) { return (v8d){x, x, x, x, x, x, x, x}; }
static inline v8u splatu(uint64_t x) { return (v8u){x, x, x, x, x, x, x, x}; }
/* mask ? a : b, lane by lane (mask lanes all ones or all zeros). */
static inline v8d vselect(v8i mask, v8d a, v8d b) { return (v8d)(((v8i)a & mask) | ((v8i)b & ~mask)); }

static inline v8u splitmix(v8u x) {
    x += (v8u){0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull,
               0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull, 0x9E3779B97F4A7C15ull};
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* (0, 1]: 2 - [1, 2) from 52 random bits in the mantissa (no 64-bit integer conversion, which AVX2 lacks). */
static inline v8d uniform(v8u bits) {
    return splat(2.0) - (v8d)((bits >> 12) | splatu(0x3FF0000000000000ull));
}

/* ln(u) for u in (0, 1]: u = 2^e m, m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh((m - 1)/(m + 1)). */
static inline v8d vlog(v8d u) {
    v8u bits = (v8u)u;
    /* The exponent field as a double by the 2^52 trick: (2^52 + E) - (2^52 + 1023). */
    v8d e = (v8d)((bits >> 52) | splatu(0x4330000000000000ull)) - splat(4503599627370496.0 + 1023.0);
    v8d m = (v8d)((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull);
    v8i big = m > splat(1.4142135623730951);
    m = vselect(big, m * splat(0.5), m);
    e += (v8d)((v8i)splat(1.0) & big);
    v8d t = (m - 1) / (m + 1), t2 = t * t;
    v8d p = splat(1.0 / 21);
    p = p * t2 + 1.0 / 19; p = p * t2 + 1.0 / 17; p = p * t2 + 1.0 / 15; p = p * t2 + 1.0 / 13;
    p = p * t2 + 1.0 / 11; p = p * t2 + 1.0 / 9;  p = p * t2 + 1.0 / 7;  p = p * t2 + 1.0 / 5;
    p = p * t2 + 1.0 / 3;  p = p * t2 + 1.0;
    return 2 * t * p + e * splat(0.6931471805599453);
}

/* sin and cos of x in [-pi/4, pi/4] by Taylor polynomials (error below 1e-16). */
static inline void vsincos(v8d x, v8d *s, v8d *c) {
    v8d x2 = x * x;
    v8d ps = splat(-1.0 / 1307674368000.0);
    ps = ps * x2 + 1.0 / 6227020800.0; ps = ps * x2 - 1.0 / 39916800.0; ps = ps * x2 + 1.0 / 362880.0;
    ps = ps * x2 - 1.0 / 5040.0; ps = ps * x2 + 1.0 / 120.0; ps = ps * x2 - 1.0 / 6.0; ps = ps * x2 + 1.0;
    v8d pc = splat(1.0 / 20922789888000.0);
    pc = pc * x2 - 1.0 / 87178291200.0; pc = pc * x2 + 1.0 / 479001600.0; pc = pc * x2 - 1.0 / 3628800.0;
    pc = pc * x2 + 1.0 / 40320.0; pc = pc * x2 - 1.0 / 720.0; pc = pc * x2 + 1.0 / 24.0; pc = pc * x2 - 0.5;
    pc = pc * x2 + 1.0;
    *s = ps * x;
    *c = pc;
}

/* e^x for |x| < 700: 2^n e^r, n = round(x / ln2), |r| <= ln2 / 2, degree-13 Taylor polynomial. */
static inline v8d vexp(v8d x) {
    /* n = round(x / ln2) by the 1.5 x 2^52 trick; its low mantissa bits hold n in two's complement. */
    v8d shifted = x * splat(1.4426950408889634) + splat(6755399441055744.0);
    v8d n = shifted - splat(6755399441055744.0);
    v8d r = x - n * splat(0.6931471803691238) - n * splat(1.9082149292705877e-10);
    v8d p = splat(1.0 / 6227020800.0);
    p = p * r + 1.0 / 479001600.0; p = p * r + 1.0 / 39916800.0; p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0; p = p * r + 1.0 / 40320.0; p = p * r + 1.0 / 5040.0; p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0; p = p * r + 1.0 / 24.0; p = p * r + 1.0 / 6.0; p = p * r + 0.5; p = p * r + 1.0;
    p = p * r + 1.0;
    return (v8d)((v8i)p + ((v8i)shifted << 52));
}

int main(void) {
    int d, steps;
    long paths;
    unsigned long long seed;
    double c0, m0;
    static double p0[MAXD], drift[MAXD], alpha[MAXD], beta[MAXD], A[MAXD * MAXD];
    if (scanf("%d %d %ld %llu %lf %lf", &d, &steps, &paths, &seed, &c0, &m0) != 6 || d < 1 || d > MAXD) {
        fprintf(stderr, "model: bad header\n");
        return 2;
    }
    for (int i = 0; i < d; i++)
        if (scanf("%lf %lf %lf %lf", &p0[i], &drift[i], &alpha[i], &beta[i]) != 4) return 2;
    for (int i = 0; i < d * d; i++)
        if (scanf("%lf", &A[i]) != 1) return 2;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long liquidated = 0;
    v8d logp[MAXD], z[MAXD + 1];
    const v8u lane = {0, 1, 2, 3, 4, 5, 6, 7};
    for (long first = 0; first < paths; first += 8) {
        /* Each lane's generator: a counter from (seed, path). */
        v8u counter = splatu((uint64_t)seed * 0x632BE59BD9B4E019ull) + ((splatu((uint64_t)first) + lane) << 32);
        for (int i = 0; i < d; i++) logp[i] = splat(0);
        v8i alive = (v8i){0} - 1;
        long n = paths - first < 8 ? paths - first : 8;
        alive &= (v8i)(__builtin_convertvector(lane, v8i) < (v8i){0} + n);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < d; i += 2) {
                v8u b1 = splitmix(counter), b2 = splitmix(counter + 1);
                counter += 2;
                v8d u1 = uniform(b1), u2 = uniform(b2);
                v8d r = __builtin_elementwise_sqrt(splat(-2.0) * vlog(u1));
                /* angle uniform on [0, pi/2) from the top 52 bits of b2; signs from its two lowest bits. */
                v8d phi = u2 * splat(1.5707963267948966) - splat(0.7853981633974483);
                v8d s, c;
                vsincos(phi, &s, &c);
                v8d sn = (s + c) * splat(0.7071067811865476), cs = (c - s) * splat(0.7071067811865476);
                v8u sign1 = (b2 & 1) << 63, sign2 = (b2 & 2) << 62;
                z[i] = (v8d)((v8u)(r * cs) ^ sign1);
                z[i + 1] = (v8d)((v8u)(r * sn) ^ sign2);
            }
            v8d e = splat(c0), m = splat(m0);
            for (int i = 0; i < d; i++) {
                const double *row = A + i * d;
                v8d y = splat(drift[i]);
                for (int j = 0; j <= i; j++) y += z[j] * row[j];
                logp[i] += y;
                v8d price = vexp(logp[i]) * p0[i];
                e += price * alpha[i];
                m += price * beta[i];
            }
            v8i hit = (e < m) & alive;
            if (hit[0] | hit[1] | hit[2] | hit[3] | hit[4] | hit[5] | hit[6] | hit[7]) {
                for (int k = 0; k < 8; k++) liquidated += hit[k] != 0;
                alive &= ~hit;
                if (!(alive[0] | alive[1] | alive[2] | alive[3] | alive[4] | alive[5] | alive[6] | alive[7])) break;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    printf("%ld %ld %.6f\n", liquidated, paths, seconds);
    return 0;
}
