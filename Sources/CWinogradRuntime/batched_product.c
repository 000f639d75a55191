/* The transformed-domain stage of Winograd convolution: for every position t
 * of the n×n transformed tile, M_t = U_t · V_t with U_t K×C (filters) and V_t
 * C×tiles (inputs). See CWinogradRuntime.h for the layouts. */
#include "CWinogradRuntime.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define B WR_TILE_BLOCK
#define MR WR_FILTER_ROWS

static int filter_blocks(int K) { return (K + MR - 1) / MR; }

size_t wr_packed_filters_count(int positions, int K, int C)
{
    return (size_t)positions * (size_t)filter_blocks(K) * (size_t)C * MR;
}

/* packed[t][kb][c][i] = u[t][kb·MR + i][c], zero past K: the microkernels
 * read the MR filter values of one channel from one cache line. */
void wr_pack_filters(const float *u, int positions, int K, int C, float *packed)
{
    int t, kb, c, i, blocks = filter_blocks(K);
    for (t = 0; t < positions; t++)
        for (kb = 0; kb < blocks; kb++)
            for (c = 0; c < C; c++)
                for (i = 0; i < MR; i++) {
                    int k = kb * MR + i;
                    *packed++ = k < K ? u[((size_t)t * K + k) * C + c] : 0.0f;
                }
}

/* ---- portable ---- */

static void micro_portable(const float *a, const float *v, float *m, int C, int rows)
{
    float acc[MR][B];
    int i, j, c;
    for (i = 0; i < MR; i++)
        for (j = 0; j < B; j++) acc[i][j] = 0.0f;
    for (c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * MR, *vc = v + (size_t)c * B;
        for (i = 0; i < MR; i++)
            for (j = 0; j < B; j++) acc[i][j] += ac[i] * vc[j];
    }
    for (i = 0; i < rows; i++)
        for (j = 0; j < B; j++) m[i * B + j] = acc[i][j];
}

#if defined(__x86_64__)

/* ---- AVX-512: 12 filter rows × 32 tiles in 24 accumulators ---- */

#define ROWS12(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

__attribute__((target("avx512f,fma")))
static void micro_avx512_pair(const float *a, const float *v0, const float *v1, float *m0, float *m1, int C, int rows)
{
#define DECLARE(i) __m512 p##i = _mm512_setzero_ps(), q##i = _mm512_setzero_ps();
    ROWS12(DECLARE)
#undef DECLARE
    int c;
    for (c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * MR;
        __m512 b0 = _mm512_loadu_ps(v0 + (size_t)c * B), b1 = _mm512_loadu_ps(v1 + (size_t)c * B);
#define STEP(i) { __m512 w = _mm512_set1_ps(ac[i]); p##i = _mm512_fmadd_ps(w, b0, p##i); q##i = _mm512_fmadd_ps(w, b1, q##i); }
        ROWS12(STEP)
#undef STEP
    }
#define STORE(i) if (i < rows) { _mm512_storeu_ps(m0 + i * B, p##i); _mm512_storeu_ps(m1 + i * B, q##i); }
    ROWS12(STORE)
#undef STORE
}

__attribute__((target("avx512f,fma")))
static void micro_avx512_single(const float *a, const float *v0, float *m0, int C, int rows)
{
#define DECLARE(i) __m512 p##i = _mm512_setzero_ps();
    ROWS12(DECLARE)
#undef DECLARE
    int c;
    for (c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * MR;
        __m512 b0 = _mm512_loadu_ps(v0 + (size_t)c * B);
#define STEP(i) p##i = _mm512_fmadd_ps(_mm512_set1_ps(ac[i]), b0, p##i);
        ROWS12(STEP)
#undef STEP
    }
#define STORE(i) if (i < rows) _mm512_storeu_ps(m0 + i * B, p##i);
    ROWS12(STORE)
#undef STORE
}

/* ---- AVX2: 6 filter rows × 16 tiles in 12 accumulators, twice ---- */

#define ROWS6(X) X(0) X(1) X(2) X(3) X(4) X(5)

__attribute__((target("avx2,fma")))
static void micro_avx2_half(const float *a, int first, const float *v, float *m, int C, int rows)
{
#define DECLARE(i) __m256 p##i = _mm256_setzero_ps(), q##i = _mm256_setzero_ps();
    ROWS6(DECLARE)
#undef DECLARE
    int c;
    for (c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * MR + first;
        __m256 b0 = _mm256_loadu_ps(v + (size_t)c * B), b1 = _mm256_loadu_ps(v + (size_t)c * B + 8);
#define STEP(i) { __m256 w = _mm256_broadcast_ss(ac + i); p##i = _mm256_fmadd_ps(w, b0, p##i); q##i = _mm256_fmadd_ps(w, b1, q##i); }
        ROWS6(STEP)
#undef STEP
    }
#define STORE(i) if (first + i < rows) { _mm256_storeu_ps(m + (first + i) * B, p##i); _mm256_storeu_ps(m + (first + i) * B + 8, q##i); }
    ROWS6(STORE)
#undef STORE
}

__attribute__((target("avx2,fma")))
static void micro_avx2(const float *a, const float *v, float *m, int C, int rows)
{
    micro_avx2_half(a, 0, v, m, C, rows);
    if (rows > 6) micro_avx2_half(a, 6, v, m, C, rows);
}

#endif

void wr_batched_product(const float *packed, const float *v, float *m,
                        int K, int C, int tile_blocks,
                        size_t v_position_stride, size_t m_position_stride,
                        int t_begin, int t_end, int block_begin, int block_end)
{
    const int blocks = filter_blocks(K);
    const size_t filter_block_size = (size_t)C * MR;
    /* Filter rows per pass, so that their packed block (about 192 KiB) stays
     * in L2 while every tile block streams past it. */
    int rows_per_pass = (int)((192 * 1024 / sizeof(float)) / (filter_block_size ? filter_block_size : 1));
    int level = wr_cpu_level(), t, first, kb, blk;
    (void)tile_blocks;
    if (rows_per_pass < 1) rows_per_pass = 1;

    for (t = t_begin; t < t_end; t++) {
        const float *ut = packed + (size_t)t * blocks * filter_block_size;
        const float *vt = v + (size_t)t * v_position_stride;
        float *mt = m + (size_t)t * m_position_stride;
        for (first = 0; first < blocks; first += rows_per_pass) {
            int last = first + rows_per_pass < blocks ? first + rows_per_pass : blocks;
            for (blk = block_begin; blk < block_end; blk += (level == WR_AVX512 && blk + 1 < block_end) ? 2 : 1) {
                const float *v0 = vt + (size_t)blk * C * B;
                float *m0 = mt + (size_t)blk * K * B;
                for (kb = first; kb < last; kb++) {
                    const float *a = ut + (size_t)kb * filter_block_size;
                    int rows = K - kb * MR < MR ? K - kb * MR : MR;
                    float *mk = m0 + (size_t)kb * MR * B;
#if defined(__x86_64__)
                    if (level == WR_AVX512) {
                        if (blk + 1 < block_end)
                            micro_avx512_pair(a, v0, v0 + (size_t)C * B, mk, mk + (size_t)K * B, C, rows);
                        else
                            micro_avx512_single(a, v0, mk, C, rows);
                        continue;
                    }
                    if (level == WR_AVX2) {
                        micro_avx2(a, v0, mk, C, rows);
                        continue;
                    }
#endif
                    micro_portable(a, v0, mk, C, rows);
                }
            }
        }
    }
}
