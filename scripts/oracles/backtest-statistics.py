#!/usr/bin/env python3
"""Reference values for Tests/MarginStressTests/BacktestStatisticsTests.swift, computed independently with scipy.
    python3 scripts/oracles/backtest-statistics.py
Kupiec POF and Christoffersen LRs written out from the papers' likelihoods; p-values from scipy.stats.chi2.sf;
traffic-light thresholds from scipy.stats.binom.cdf; chi-square survival values for the incomplete gamma."""
import numpy as np
from scipy.stats import chi2, binom, norm
from scipy.special import xlogy


def kupiec(x, t, p):
    ph = x / t
    lr = -2 * ((xlogy(t - x, 1 - p) + xlogy(x, p)) - (xlogy(t - x, 1 - ph) + xlogy(x, ph)))
    return lr, chi2.sf(lr, 1)


def christoffersen(h):
    h = np.asarray(h, dtype=int)
    a, b = h[:-1], h[1:]
    n00 = np.sum((a == 0) & (b == 0)); n01 = np.sum((a == 0) & (b == 1))
    n10 = np.sum((a == 1) & (b == 0)); n11 = np.sum((a == 1) & (b == 1))
    pi = (n01 + n11) / (n00 + n01 + n10 + n11)
    p01 = n01 / (n00 + n01) if n00 + n01 else 0; p11 = n11 / (n10 + n11) if n10 + n11 else 0
    l0 = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
    l1 = xlogy(n00, 1 - p01) + xlogy(n01, p01) + xlogy(n10, 1 - p11) + xlogy(n11, p11)
    lr = -2 * (l0 - l1)
    return (n00, n01, n10, n11), lr, chi2.sf(lr, 1)


def sequence(n, hits):
    s = [0] * n
    for i in hits:
        s[i] = 1
    return s


print("chi2.sf:")
for x, k in [(0.5, 1), (3.841458820694124, 1), (10.0, 1), (5.991464547107979, 2), (1.0, 2), (25.0, 2), (0.01, 1), (60.0, 1)]:
    print(f"  ({x!r}, {k}, {chi2.sf(x, k)!r}),")
print("kupiec (x, T, p, LR, pvalue):")
for x, t, p in [(60, 4528, 0.01), (154, 4528, 0.025), (45, 4528, 0.01), (0, 250, 0.01), (3, 250, 0.01), (12, 250, 0.01)]:
    lr, pv = kupiec(x, t, p)
    print(f"  ({x}, {t}, {p}, {lr!r}, {pv!r}),")
print("christoffersen (length, hit days, counts, LRind, p_ind, LRcc, p_cc at p=0.05):")
for n, hits in [(100, [3, 4, 20, 50, 51, 52, 90]), (250, [10, 60, 110, 160, 210]), (40, [1, 2, 3, 4, 30])]:
    s = sequence(n, hits)
    c, lr, pv = christoffersen(s)
    lrp, _ = kupiec(len(hits), n, 0.05)
    print(f"  ({n}, {hits}, {tuple(int(v) for v in c)}, {lr!r}, {pv!r}, {lr + lrp!r}, {chi2.sf(lr + lrp, 2)!r}),")
print("traffic light thresholds (p, window, green max, yellow max):")
for p, n in [(0.01, 250), (0.025, 250), (0.01, 500)]:
    c = binom.cdf(np.arange(n + 1), n, p)
    g = int(np.max(np.nonzero(c < 0.95)[0])); y = int(np.max(np.nonzero(c < 0.9999)[0]))
    print(f"  ({p}, {n}, {g}, {y}),")
print("normal two-sided:", repr(2 * norm.sf(1.96)), repr(2 * norm.sf(3.3)))
