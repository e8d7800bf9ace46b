#ifndef MARGINSTRESS_HISTORY_RESAMPLE_H
#define MARGINSTRESS_HISTORY_RESAMPLE_H

/// The period of the window a uniform word picks: min(periods - 1, trunc(u x periods)) with
/// u = (word >> 11) x 2^-53 in [0, 1), the same operations, in the same order, as `RandomStream.nextUniform()`
/// then `min(periods - 1, Int(u * Double(periods)))` in Swift (two roundings-free conversions and two
/// multiplications, no addition, so no contraction can change a bit).
static inline __attribute__((always_inline)) long ms_period_of_word(unsigned long long word, double span, long last) {
    long t = (long)((double)(word >> 11) * 0x1p-53 * span);
    return t < last ? t : last;
}

/// Historical resampling of `n` paths from `n x wordsPerPath` consecutive words of a block's stream: path p's period
/// goes to `index[p]` (as a double, the model's state row 0) and its column of the d x `periods` table `table` to
/// `shocks[k * stride + p]` for every asset k.
///
/// i.i.d. (`restart < 0`): one word per path, the period it picks. Stationary bootstrap (`restart` in (0, 1]): two
/// words per path, u then a start; the path restarts at that start when `first` (step 1) or u < restart, and
/// otherwise continues with the period after `index[p]` (0 after the last). Vector code where the scalar Swift loop
/// went word by word through the stream with a range-checked conversion per path.
static inline __attribute__((always_inline)) void ms_resample_history(const unsigned long long *words, long n,
                                                                      double restart, int first, long periods,
                                                                      double *index, const double *table, long d,
                                                                      double *shocks, long stride) {
    const double span = (double)periods;
    const long last = periods - 1;
    if (restart < 0) {
        for (long p = 0; p < n; p++) index[p] = (double)ms_period_of_word(words[p], span, last);
    } else {
        for (long p = 0; p < n; p++) {
            double u = (double)(words[2 * p] >> 11) * 0x1p-53;
            long start = ms_period_of_word(words[2 * p + 1], span, last);
            long next = first ? 0 : (long)index[p] + 1;
            index[p] = (double)((first || u < restart) ? start : (next == periods ? 0 : next));
        }
    }
    for (long k = 0; k < d; k++) {
        const double *column = table + k * periods;
        double *row = shocks + k * stride;
        for (long p = 0; p < n; p++) row[p] = column[(long)index[p]];
    }
}

#endif
