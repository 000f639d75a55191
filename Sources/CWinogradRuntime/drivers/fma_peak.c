/* The single-precision FMA throughput of the calling thread: chains of
 * independent FMAs on enough accumulators to hide the FMA latency (16 zmm,
 * 12 ymm, 8 scalars), timed with CLOCK_MONOTONIC, folded into a volatile sink
 * so the compiler cannot drop the work. */
#define _POSIX_C_SOURCE 200809L
#include "../internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

/* Iterations between clock reads. */
#define WR_PEAK_ROUND 4096

/* Multiplier and addend read at run time (volatile, so the compiler cannot
 * fold the chains): x ← x·a + b stays finite and normal. */
#define WR_PEAK_A 0.999999f
#define WR_PEAK_B 1e-6f

double wr_seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#if WR_X86

#define WR_ACC_COUNT_Z 16
WR_AVX512_TARGET static double peak_avx512(double seconds)
{
    volatile float pa = WR_PEAK_A, pb = WR_PEAK_B;
    const __m512 a = _mm512_set1_ps(pa), b = _mm512_set1_ps(pb);
    __m512 acc[WR_ACC_COUNT_Z];
    for (int i = 0; i < WR_ACC_COUNT_Z; i++) acc[i] = _mm512_set1_ps((float)i);
    long rounds = 0;
    const double start = wr_seconds_now();
    double elapsed;
    do {
        for (int it = 0; it < WR_PEAK_ROUND; it++) {
            for (int i = 0; i < WR_ACC_COUNT_Z; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
            __asm__ volatile("" : : : "memory");
        }
        rounds++;
        elapsed = wr_seconds_now() - start;
    } while (elapsed < seconds);
    __m512 total = acc[0];
    for (int i = 1; i < WR_ACC_COUNT_Z; i++) total = _mm512_add_ps(total, acc[i]);
    volatile float sink = _mm512_reduce_add_ps(total);
    (void)sink;
    return (double)rounds * WR_PEAK_ROUND * WR_ACC_COUNT_Z * 16 * 2 / elapsed * 1e-9;
}

#define WR_ACC_COUNT_Y 12
WR_AVX2_TARGET static double peak_avx2(double seconds)
{
    volatile float pa = WR_PEAK_A, pb = WR_PEAK_B;
    const __m256 a = _mm256_set1_ps(pa), b = _mm256_set1_ps(pb);
    __m256 acc[WR_ACC_COUNT_Y];
    for (int i = 0; i < WR_ACC_COUNT_Y; i++) acc[i] = _mm256_set1_ps((float)i);
    long rounds = 0;
    const double start = wr_seconds_now();
    double elapsed;
    do {
        for (int it = 0; it < WR_PEAK_ROUND; it++) {
            for (int i = 0; i < WR_ACC_COUNT_Y; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
            __asm__ volatile("" : : : "memory");
        }
        rounds++;
        elapsed = wr_seconds_now() - start;
    } while (elapsed < seconds);
    __m256 total = acc[0];
    for (int i = 1; i < WR_ACC_COUNT_Y; i++) total = _mm256_add_ps(total, acc[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, total);
    float sum = 0;
    for (int i = 0; i < 8; i++) sum += lanes[i];
    volatile float sink = sum;
    (void)sink;
    return (double)rounds * WR_PEAK_ROUND * WR_ACC_COUNT_Y * 8 * 2 / elapsed * 1e-9;
}

#endif

#define WR_ACC_COUNT_S 8
static double peak_portable(double seconds)
{
    volatile float pa = WR_PEAK_A, pb = WR_PEAK_B;
    const float a = pa, b = pb;
    float acc[WR_ACC_COUNT_S];
    for (int i = 0; i < WR_ACC_COUNT_S; i++) acc[i] = (float)i;
    long rounds = 0;
    const double start = wr_seconds_now();
    double elapsed;
    do {
        for (int it = 0; it < WR_PEAK_ROUND; it++) {
            for (int i = 0; i < WR_ACC_COUNT_S; i++) acc[i] = acc[i] * a + b;
            __asm__ volatile("" : : : "memory");
        }
        rounds++;
        elapsed = wr_seconds_now() - start;
    } while (elapsed < seconds);
    float sum = 0;
    for (int i = 0; i < WR_ACC_COUNT_S; i++) sum += acc[i];
    volatile float sink = sum;
    (void)sink;
    return (double)rounds * WR_PEAK_ROUND * WR_ACC_COUNT_S * 2 / elapsed * 1e-9;
}

double wr_fma_peak_gflops(const wr_context *ctx, double seconds)
{
    if (!(seconds > 0)) seconds = 1e-3;
#if WR_X86
    if (ctx->isa >= WR_AVX512) return peak_avx512(seconds);
    if (ctx->isa >= WR_AVX2) return peak_avx2(seconds);
#endif
    return peak_portable(seconds);
}

/* ---- Several threads at once ---- */

typedef struct {
    const wr_context *ctx;
    double seconds;
    int *arrived;  /* start gate: each thread spins until `expected` have arrived, */
    int *expected; /* so that all of them measure at the same time */
    double gflops;
} peak_job;

static void *peak_thread(void *argument)
{
    peak_job *job = argument;
    __atomic_fetch_add(job->arrived, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(job->arrived, __ATOMIC_ACQUIRE) < __atomic_load_n(job->expected, __ATOMIC_ACQUIRE)) {}
    job->gflops = wr_fma_peak_gflops(job->ctx, job->seconds);
    return NULL;
}

double wr_fma_peak_gflops_threads(const wr_context *ctx, int threads, double seconds)
{
    if (threads < 1) threads = 1;
    peak_job *jobs = calloc((size_t)threads, sizeof *jobs);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    if (!jobs || !ids) {
        free(jobs);
        free(ids);
        return wr_fma_peak_gflops(ctx, seconds);
    }
    int arrived = 0, expected = threads, started = 1;
    for (int t = 0; t < threads; t++) jobs[t] = (peak_job){ ctx, seconds, &arrived, &expected, 0 };
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&ids[t], NULL, peak_thread, &jobs[t]) != 0) break;
        started++;
    }
    /* Threads that could not start are left out of the gate and the sum. */
    if (started < threads) __atomic_store_n(&expected, started, __ATOMIC_RELEASE);
    peak_thread(&jobs[0]);
    double total = jobs[0].gflops;
    for (int t = 1; t < started; t++) {
        pthread_join(ids[t], NULL);
        total += jobs[t].gflops;
    }
    free(jobs);
    free(ids);
    return total;
}
