/* The scalar cores shared by the C kernels: exp and log without calls (vectorisable), the eight-lane vector
 * type and the fixed-order sum of a buffer. Private to CStrataKernels. */
#ifndef STRATA_KERNEL_MATH_H
#define STRATA_KERNEL_MATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline double from_bits(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint64_t to_bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

#define LOG2E 1.4426950408889634
#define LN2_HI 0.6931471803691238
#define LN2_LO 1.9082149292705877e-10
#define SHIFTER 6755399441055744.0 /* 1.5 * 2^52: adding it rounds to an integer */
#define SQRT2 1.4142135623730951
#define MIN_NORMAL 2.2250738585072014e-308

/* Eight lanes per vector where the target has 512-bit registers (clang otherwise prefers 256 bits): for loops that are
 * long chains of arithmetic with few memory accesses (exp_core's polynomial), 1.3-1.5 times faster so; the same
 * results, lane by lane (no reduction is vectorised without fast-math). */
#if defined(__clang__) && defined(__AVX512F__)
#define WIDE_VECTORS __attribute__((min_vector_width(512)))
#define EIGHT_LANES _Pragma("clang loop vectorize_width(8)")
#else
#define WIDE_VECTORS
#define EIGHT_LANES
#endif

/* e^x: Cody-Waite reduction, Taylor polynomial of degree 13 on |r| <= ln2/2, scaling by 2^n in two
 * halves so subnormal results and overflow come out right. Branch-free so loops vectorise. */
static inline double exp_core(double x) {
    double xc = x < -746.0 ? -746.0 : (x > 710.0 ? 710.0 : x);
    double t = xc * LOG2E + SHIFTER;
    double n = t - SHIFTER;
    double r = (xc - n * LN2_HI) - n * LN2_LO;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    int64_t ni = (int64_t)(to_bits(t) - to_bits(SHIFTER));
    int64_t n1 = ni >> 1, n2 = ni - n1;
    double s1 = from_bits((uint64_t)(n1 + 1023) << 52), s2 = from_bits((uint64_t)(n2 + 1023) << 52);
    double result = p * s1 * s2;
    return x != x ? x : result;
}

/* log x for positive normal finite x: x = 2^k m, m in [sqrt(1/2), sqrt 2), log m = 2 atanh(s). */
static inline double log_core(double x) {
    uint64_t bits = to_bits(x);
    int64_t k = (int64_t)((bits >> 52) & 0x7ff) - 1023;
    double m = from_bits((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);
    int big = m > SQRT2;
    m = big ? m * 0.5 : m;
    k += big;
    double s = (m - 1.0) / (m + 1.0);
    double z = s * s;
    double p = 1.0 / 23;
    p = p * z + 1.0 / 21;
    p = p * z + 1.0 / 19;
    p = p * z + 1.0 / 17;
    p = p * z + 1.0 / 15;
    p = p * z + 1.0 / 13;
    p = p * z + 1.0 / 11;
    p = p * z + 1.0 / 9;
    p = p * z + 1.0 / 7;
    p = p * z + 1.0 / 5;
    p = p * z + 1.0 / 3;
    double kd = (double)k;
    return kd * LN2_HI + (2.0 * s + (2.0 * s * z * p + kd * LN2_LO));
}

static inline int positive_normal(double u) { return (u >= MIN_NORMAL) & (u < INFINITY); }

/* Eight doubles as one value of the compilers' generic vector extension (GCC and clang): one register
 * where the target has 512-bit vectors, two or four elsewhere. Loads and stores go through memcpy. */
typedef double v8d __attribute__((vector_size(64)));
#define LOAD8(v, p) v8d v; memcpy(&v, (p), sizeof v)

/* Sums a buffer with eight interleaved partial sums (lane l adds b[l], b[l + 8], ...): a fixed order. */
static inline double sum8(const double *b, long n) {
    v8d acc = {0, 0, 0, 0, 0, 0, 0, 0};
    long i = 0;
    for (; i + 8 <= n; i += 8) { LOAD8(x, b + i); acc += x; }
    double s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; i < n; i++) s += b[i];
    return s;
}

#define CHUNK 256

#endif
