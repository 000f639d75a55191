/* The transformed-domain stage of Winograd convolution: for every position t
 * of the n×n transformed tile, M_t = U_t · V_t with U_t K×C (filters) and V_t
 * C×tiles (inputs). See CWinogradRuntime.h for the layouts. */
#include "CWinogradRuntime.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define B WR_TILE_BLOCK
#define MR WR_FILTER_ROWS

/* Filter rows are packed in blocks of MR = 12, except that the last one or
 * two hold 8 (a single block: 4, 8 or 12), so the blocks cover K rounded up
 * to 4 rows instead of to 12: K = 64 is 12·4 + 8·2, not 12·6 with 8 rows of
 * zeros multiplied. */
static int padded_rows(int K) { return (K + 3) / 4 * 4; }

int wr_filter_blocks(int K) { return (K + MR - 1) / MR; }

int wr_filter_block(int K, int kb, int *first_row)
{
    const int blocks = wr_filter_blocks(K), shorter = (MR * blocks - padded_rows(K)) / 4, full = blocks - shorter;
    if (blocks == 1) { *first_row = 0; return padded_rows(K); }
    if (kb < full) { *first_row = kb * MR; return MR; }
    *first_row = full * MR + (kb - full) * 8;
    return 8;
}

size_t wr_packed_filters_count(int positions, int K, int C)
{
    return (size_t)positions * (size_t)padded_rows(K) * (size_t)C;
}

/* packed[t][block][c][i] = u[t][first + i][c], zero past K: the microkernels
 * read a block's filter values of one channel from one cache line. */
void wr_pack_filters(const float *u, int positions, int K, int C, float *packed)
{
    int t, kb, c, i, first, height, blocks = wr_filter_blocks(K);
    for (t = 0; t < positions; t++)
        for (kb = 0; kb < blocks; kb++) {
            height = wr_filter_block(K, kb, &first);
            for (c = 0; c < C; c++)
                for (i = 0; i < height; i++) {
                    int k = first + i;
                    *packed++ = k < K ? u[((size_t)t * K + k) * C + c] : 0.0f;
                }
        }
}

/* ---- portable ---- */

static void micro_portable(const float *a, int height, const float *v, float *m, int C, int rows)
{
    float acc[MR][B];
    int i, j, c;
    for (i = 0; i < height; i++)
        for (j = 0; j < B; j++) acc[i][j] = 0.0f;
    for (c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * height, *vc = v + (size_t)c * B;
        for (i = 0; i < height; i++)
            for (j = 0; j < B; j++) acc[i][j] += ac[i] * vc[j];
    }
    for (i = 0; i < rows; i++)
        for (j = 0; j < B; j++) m[i * B + j] = acc[i][j];
}

#if defined(__x86_64__)

/* ---- AVX-512: up to 12 filter rows × 32 tiles in 24 accumulators ---- */

#define ROWS4(X) X(0) X(1) X(2) X(3)
#define ROWS8(X) ROWS4(X) X(4) X(5) X(6) X(7)
#define ROWS12(X) ROWS8(X) X(8) X(9) X(10) X(11)

/* Two tile blocks (v0, v1) at once. */
#define MICRO_PAIR(NAME, HEIGHT, ROWS)                                                                         \
    __attribute__((target("avx512f,fma")))                                                                      \
    static void NAME(const float *a, const float *v0, const float *v1, float *m0, float *m1, int C, int rows)  \
    {                                                                                                           \
        ROWS(DECLARE2)                                                                                          \
        int c;                                                                                                  \
        for (c = 0; c < C; c++) {                                                                               \
            const float *ac = a + (size_t)c * HEIGHT;                                                           \
            __m512 b0 = _mm512_loadu_ps(v0 + (size_t)c * B), b1 = _mm512_loadu_ps(v1 + (size_t)c * B);         \
            ROWS(STEP2)                                                                                         \
        }                                                                                                       \
        ROWS(STORE2)                                                                                            \
    }
#define DECLARE2(i) __m512 p##i = _mm512_setzero_ps(), q##i = _mm512_setzero_ps();
#define STEP2(i) { __m512 w = _mm512_set1_ps(ac[i]); p##i = _mm512_fmadd_ps(w, b0, p##i); q##i = _mm512_fmadd_ps(w, b1, q##i); }
#define STORE2(i) if (i < rows) { _mm512_storeu_ps(m0 + i * B, p##i); _mm512_storeu_ps(m1 + i * B, q##i); }

/* One tile block, in vectors of VEC (VOP(name) its intrinsics): all 16
 * tiles in __m512, or for a last block of at most 8 tiles the first 8 in
 * __m256 (half the work, on CPUs that split 512-bit operations in two half
 * the time). */
#define MICRO_SINGLE(NAME, HEIGHT, ROWS)                                                          \
    __attribute__((target("avx512f,fma")))                                                         \
    static void NAME(const float *a, const float *v0, float *m0, int C, int rows)                  \
    {                                                                                              \
        ROWS(DECLARE1)                                                                             \
        int c;                                                                                     \
        for (c = 0; c < C; c++) {                                                                  \
            const float *ac = a + (size_t)c * HEIGHT;                                              \
            VEC b0 = VOP(loadu_ps)(v0 + (size_t)c * B);                                            \
            ROWS(STEP1)                                                                            \
        }                                                                                          \
        ROWS(STORE1)                                                                               \
    }
#define DECLARE1(i) VEC p##i = VOP(setzero_ps)();
#define STEP1(i) p##i = VOP(fmadd_ps)(VOP(set1_ps)(ac[i]), b0, p##i);
#define STORE1(i) if (i < rows) VOP(storeu_ps)(m0 + i * B, p##i);

MICRO_PAIR(pair12, 12, ROWS12)
MICRO_PAIR(pair8, 8, ROWS8)
MICRO_PAIR(pair4, 4, ROWS4)
#define VEC __m512
#define VOP(name) _mm512_##name
MICRO_SINGLE(single12, 12, ROWS12)
MICRO_SINGLE(single8, 8, ROWS8)
MICRO_SINGLE(single4, 4, ROWS4)
#undef VEC
#undef VOP
#define VEC __m256
#define VOP(name) _mm256_##name
MICRO_SINGLE(half12, 12, ROWS12)
MICRO_SINGLE(half8, 8, ROWS8)
MICRO_SINGLE(half4, 4, ROWS4)
#undef VEC
#undef VOP

typedef void (*pair_kernel)(const float *, const float *, const float *, float *, float *, int, int);
typedef void (*single_kernel)(const float *, const float *, float *, int, int);

/* ---- AVX2: 6 or 4 filter rows × 16 tiles per pass ---- */

#define ROWS6(X) ROWS4(X) X(4) X(5)

#define MICRO_AVX2(NAME, ROWS)                                                                                     \
    __attribute__((target("avx2,fma")))                                                                            \
    static void NAME(const float *a, int height, int first, const float *v, float *m, int C, int rows)            \
    {                                                                                                              \
        ROWS(DECLARE_AVX2)                                                                                         \
        int c;                                                                                                     \
        for (c = 0; c < C; c++) {                                                                                  \
            const float *ac = a + (size_t)c * height + first;                                                      \
            __m256 b0 = _mm256_loadu_ps(v + (size_t)c * B), b1 = _mm256_loadu_ps(v + (size_t)c * B + 8);          \
            ROWS(STEP_AVX2)                                                                                        \
        }                                                                                                          \
        ROWS(STORE_AVX2)                                                                                           \
    }
#define DECLARE_AVX2(i) __m256 p##i = _mm256_setzero_ps(), q##i = _mm256_setzero_ps();
#define STEP_AVX2(i) { __m256 w = _mm256_broadcast_ss(ac + i); p##i = _mm256_fmadd_ps(w, b0, p##i); q##i = _mm256_fmadd_ps(w, b1, q##i); }
#define STORE_AVX2(i) if (first + i < rows) { _mm256_storeu_ps(m + (first + i) * B, p##i); _mm256_storeu_ps(m + (first + i) * B + 8, q##i); }

MICRO_AVX2(avx2_rows6, ROWS6)
MICRO_AVX2(avx2_rows4, ROWS4)

static void micro_avx2(const float *a, int height, const float *v, float *m, int C, int rows)
{
    if (height == 12) {
        avx2_rows6(a, height, 0, v, m, C, rows);
        avx2_rows6(a, height, 6, v, m, C, rows);
    } else {
        int first;
        for (first = 0; first < height; first += 4) avx2_rows4(a, height, first, v, m, C, rows);
    }
}

#endif

void wr_batched_product(const float *packed, const float *v, float *m,
                        int K, int C, int columns,
                        size_t v_position_stride, size_t m_position_stride,
                        int t_begin, int t_end, int block_begin, int block_end)
{
    const int blocks = wr_filter_blocks(K);
    const size_t position_size = (size_t)padded_rows(K) * C;
    /* Filter blocks per pass, so that they (about 192 KiB) stay in L2 while
     * every tile block streams past them. */
    int blocks_per_pass = (int)((192 * 1024 / sizeof(float)) / (C > 0 ? (size_t)C * MR : 1));
    const int level = wr_cpu_level();
    int t, first_block, kb, blk;
    if (blocks_per_pass < 1) blocks_per_pass = 1;

    for (t = t_begin; t < t_end; t++) {
        const float *vt = v + (size_t)t * v_position_stride;
        float *mt = m + (size_t)t * m_position_stride;
        for (first_block = 0; first_block < blocks; first_block += blocks_per_pass) {
            const int last_block = first_block + blocks_per_pass < blocks ? first_block + blocks_per_pass : blocks;
            int step;
            for (blk = block_begin; blk < block_end; blk += step) {
                const float *v0 = vt + (size_t)blk * C * B;
                float *m0 = mt + (size_t)blk * K * B;
                /* Tiles in this block and the next: a pair of full-width
                 * blocks, or one block, at half width when it has ≤ 8 tiles. */
                const int here = columns - blk * B, next = columns - (blk + 1) * B;
                const int pair = level == WR_AVX512 && blk + 1 < block_end && next > B / 2;
                step = pair ? 2 : 1;
                for (kb = first_block; kb < last_block; kb++) {
                    int first_row;
                    const int height = wr_filter_block(K, kb, &first_row);
                    const float *a = packed + (size_t)t * position_size + (size_t)first_row * C;
                    const int rows = K - first_row < height ? K - first_row : height;
                    float *mk = m0 + (size_t)first_row * B;
#if defined(__x86_64__)
                    if (level == WR_AVX512) {
                        const int index = height == 12 ? 0 : height == 8 ? 1 : 2;
                        static const pair_kernel pairs[3] = { pair12, pair8, pair4 };
                        static const single_kernel singles[3] = { single12, single8, single4 };
                        static const single_kernel halves[3] = { half12, half8, half4 };
                        if (pair)
                            pairs[index](a, v0, v0 + (size_t)C * B, mk, mk + (size_t)K * B, C, rows);
                        else
                            (here <= B / 2 ? halves : singles)[index](a, v0, mk, C, rows);
                        continue;
                    }
                    if (level == WR_AVX2) {
                        micro_avx2(a, height, v0, mk, C, rows);
                        continue;
                    }
#endif
                    micro_portable(a, height, v0, mk, C, rows);
                }
            }
        }
    }
}
