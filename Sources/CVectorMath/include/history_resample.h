#ifndef MARGINSTRESS_HISTORY_RESAMPLE_H
#define MARGINSTRESS_HISTORY_RESAMPLE_H

/// `RandomStream.nextUniform()` of `word`: (word >> 11) x 2^-53 in [0, 1), exactly. The 53-bit integer is turned into
/// a double through two halves biased by 2^52 (bit operations and exact subtractions), because x86-64 has no vector
/// instruction for a 64-bit integer-to-double conversion before AVX-512DQ; the result is the same double.
static inline __attribute__((always_inline)) double ms_uniform_of_word(unsigned long long word) {
    unsigned long long x = word >> 11;
    unsigned long long hi = (x >> 26) | 0x4330000000000000ULL, lo = (x & 0x3FFFFFFULL) | 0x4330000000000000ULL;
    double h, l;
    __builtin_memcpy(&h, &hi, sizeof h);
    __builtin_memcpy(&l, &lo, sizeof l);
    return ((h - 0x1p52) * 0x1p26 + (l - 0x1p52)) * 0x1p-53;
}

/// The period a uniform word picks, as a double: min(periods - 1, floor(u x periods)), the value Swift's
/// `min(periods - 1, Int(u * Double(periods)))` gives (u x periods is one rounded product, >= 0, so truncation is floor).
static inline __attribute__((always_inline)) double ms_period_of_word(unsigned long long word, double span, double last) {
    double t = __builtin_floor(ms_uniform_of_word(word) * span);
    return t < last ? t : last;
}

/// A period held as a double (an integer below 2^52) as an index, through the 2^52 bias (no conversion instruction).
static inline __attribute__((always_inline)) long ms_index_of_period(double t) {
    double biased = t + 0x1p52;
    long bits;
    __builtin_memcpy(&bits, &biased, sizeof bits);
    return bits - 0x4330000000000000L;
}

/// Historical resampling of `n` paths from `n x wordsPerPath` consecutive words of a block's stream: path p's period
/// goes to `index[p]` (as a double, the model's state row 0) and its column of the d x `periods` table `table` to
/// `shocks[k * stride + p]` for every asset k.
///
/// i.i.d. (`restart < 0`): one word per path, the period it picks. Stationary bootstrap (`restart` in (0, 1]): two
/// words per path, u then a start; the path restarts at that start when `first` (step 1) or u < restart, and
/// otherwise continues with the period after `index[p]` (0 after the last). Vector code, with the same periods
/// and values as the scalar Swift loop it replaces, which went word by word through the stream.
static inline __attribute__((always_inline)) void ms_resample_history(const unsigned long long *words, long n,
                                                                      double restart, int first, long periods,
                                                                      double *index, const double *table, long d,
                                                                      double *shocks, long stride) {
    const double span = (double)periods, last = (double)(periods - 1);
    if (restart < 0) {
        for (long p = 0; p < n; p++) index[p] = ms_period_of_word(words[p], span, last);
    } else if (first) {
        for (long p = 0; p < n; p++) index[p] = ms_period_of_word(words[2 * p + 1], span, last);
    } else {
        for (long p = 0; p < n; p++) {
            double u = ms_uniform_of_word(words[2 * p]);
            double start = ms_period_of_word(words[2 * p + 1], span, last);
            double next = index[p] + 1;
            index[p] = u < restart ? start : (next == span ? 0 : next);
        }
    }
    for (long k = 0; k < d; k++) {
        const double *column = table + k * periods;
        double *row = shocks + k * stride;
        for (long p = 0; p < n; p++) row[p] = column[ms_index_of_period(index[p])];
    }
}

#endif
