#ifndef MARGINSTRESS_VECTOR_KERNELS_H
#define MARGINSTRESS_VECTOR_KERNELS_H

#include <stdint.h>

/// The hot kernels of the simulation, compiled in this target once per instruction set and chosen once per
/// process from what the CPU reports (`cpuid`, through `__builtin_cpu_supports`), so a build with no CPU
/// flags runs AVX2 or AVX-512 code where the CPU has it. Every multiply-add is an explicit fused multiply-add
/// (one rounding) and nothing else is contracted, so every level computes the same bits: the AVX-512 and
/// AVX2+FMA levels with the FMA instruction, the baseline level (x86-64 without FMA, and any other target)
/// with the C library's correctly rounded `fma`, which keeps the bits at a much higher cost per value.

/// Kernel levels: 0 baseline (any x86-64, SSE2; or any other architecture), 2 AVX2 and FMA (x86-64-v3),
/// 3 AVX-512 F and DQ (x86-64-v4).
enum { MS_KERNELS_BASELINE = 0, MS_KERNELS_AVX2 = 2, MS_KERNELS_AVX512 = 3 };

/// The level in use: the highest the CPU supports, unless the environment variable `MARGINSTRESS_KERNELS`
/// (`baseline`, `avx2` or `avx512`) asks for a lower supported one, or `ms_kernels_select` chose another.
int ms_kernels_level(void);
/// 1 when this CPU (and this build) can run `level`, else 0.
int ms_kernels_supported(int level);
/// Uses `level` from now on in every thread, when supported; returns 1 then, else 0 and changes nothing.
/// Meant for tests and measurements: call it when no simulation is running.
int ms_kernels_select(int level);
/// "baseline", "avx2" or "avx512".
const char *ms_kernels_name(int level);

/// SplitMix64 words: `out[k] = mix(start + 0x9E3779B97F4A7C15 (k + 1))` for k < n, with `mix` Stafford's Mix13
/// (the output function of `RandomStream`).
void ms_splitmix_words(uint64_t *out, uint64_t start, long n);

/// One batch of n standard normals from 2 ceil(n / 2) words (`NormalSampler.fill`): with h = ceil(n / 2),
/// words k and h + k give the Box-Muller pair written to `out[k]` (cosine) and `out[h + k]` (sine, dropped
/// for the last k when n is odd).
void ms_normal_batch(const uint64_t *words, double *out, long n);

/// Eight Box-Muller pairs from eight words for the radius and eight for the angle (`NormalSampler.pairs`).
void ms_normal_pairs8(const uint64_t *a, const uint64_t *b, double *cosines, double *sines);

/// The correlation step of one chunk of eight paths: `z <- A z` in place (`PathBlockSimulator.correlate`).
void ms_correlate8(double *z, long rowStride, const double *loadings, long dimension);

/// Everything one step of the simulator needs for a chunk of paths (`PathBlockSimulator.run(shocks:...)`).
typedef struct {
    double *shocks;                 // d rows of `rowStride`, the step's independent normals
    long rowStride;
    long dimension;                 // d >= 1
    const double *loadings;         // row-major lower-triangular A, d x d
    const double *scale;            // per-path factor s of the correlated shocks, or NULL for 1
    double *state;                  // d rows: prices (degree >= 0) or log-returns (degree < 0)
    const double *drift;            // d drifts per step
    long degree;                    // Taylor degree of the price increment; < 0: full exponential
    const double *taylor;           // 1 / k!, k = 0 ... degree
    const double *spot;             // d spot prices (degree < 0)
    double lowLog, highLog;         // log-returns held within (degree < 0)
    double firstConstant, secondConstant;
    const double *firstWeights, *secondWeights;  // d weights each
    double *first, *second;         // equity and margin rows
    long extraCount;
    const double *extraWeights;     // extraCount x d
    const double *extraConstants;   // extraCount
    double *extraRows;              // row f at extraRows + f * extraStride
    long extraStride;
    double *prices;                 // 8 d scratch values
    int setsPriceState;             // non-zero: the shock rows hold the new state itself (`ShockModel.setsPriceState`)
} ms_step_args;

/// Paths `from ..< to` (multiples of eight) of one step, eight at a time: correlate the shocks (when
/// `correlate` is non-zero), step the prices (P_t = P_{t-1} T_n(x) with x = drift + s (A z), or
/// l_t = clamp(l_{t-1} + drift + s (A z)) and P_t = P_0 e^l; or, with `setsPriceState`, take each shock row
/// as the new state, P_t itself or l_t with P_t = P_0 e^l), and write both forms and the extra forms.
void ms_step_chunks(const ms_step_args *args, long from, long to, int correlate);

/// A period's close of eight paths of one asset, by the price step's operations (`ms_step_chunks`), for a model
/// that recomputes what the step will produce (the Brownian bridge, `BridgedShocks`): with s = `scale[0..<8]`
/// (1 when NULL) and `close` holding the open on entry, degree >= 0: x = fma(z, s, drift) and close = open T(x),
/// T the Taylor polynomial of that degree (`taylor` = 1 / k!); degree < 0 (log-returns): close = fma(z, s, open +
/// drift) held within [lowLog, highLog] and x = close - open. Writes `close` and `x`, eight each.
void ms_close8(const double *z, const double *scale, double drift, double *close, double *x, long degree,
               const double *taylor, double lowLog, double highLog);

/// `ms_check8` over the first `count / 8` chunks of eight paths (count rounded down); returns the number of
/// paths liquidated.
long ms_check_chunks(int now, const double *equity, const double *margin, const double *paid, int *step,
                     double *exitEquity, double *minimumEquity, long count);

#endif
