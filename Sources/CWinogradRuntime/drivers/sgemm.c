/* SGEMM, GotoBLAS/BLIS style: C[M×N] = A[M×K] · B[K×N], row-major.
 *
 * Loops (per call, rows [m_begin, m_end) of C):
 *   jc over N by NC:  pc over K by KC:  pack B[pc.., jc..] into kc×NR panels
 *     ic over rows by MC:  pack A[ic.., pc..] into MR×kc panels
 *       jr over NR panels (one B panel, reused from cache), ir over MR panels:
 *         microkernel: the MR×NR tile of C (+)= A panel · B panel
 * The first K block overwrites C, later ones add to it. With few rows (a
 * thread's share of a convolution's filters) B is not packed but read in
 * place, which saves a pass over the largest operand.
 *
 * Microkernels: AVX-512 12×32 (24 zmm accumulators, A broadcast, B loaded),
 * AVX2+FMA 6×16 (12 ymm accumulators), portable C 4×16. Every kernel is
 * instantiated for each row count 1…MR, so ragged M edges run at full
 * register blocking; ragged N edges are packed with zeros and stored with
 * masks (AVX-512) or through a small buffer. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* rows ≤ mr rows of C (+)= packed A panel · B panel; B's row k is at b + k*ldb
 * (ldb = nr when packed), columns ≤ nr of them are stored. */
typedef void (*sgemm_kernel)(int rows, int kc, const float *a, const float *b, int ldb, float *c, int ldc, int columns,
                             int accumulate);

typedef struct {
    int mr, nr;        /* register tile */
    int kc, mc, nc;    /* cache blocks: mc a multiple of mr, nc of nr */
    int direct_b_rows; /* up to this many rows of C, B is read in place */
    sgemm_kernel kernel;
} sgemm_config;

/* ---- Packing (shared by all kernels) ---- */

/* A[rows × kc] (lda) → panels of mr rows: panel p, a[k*mr + i]; rows past the
 * matrix are zero. */
static void pack_a(const float *a, int lda, int rows, int kc, int mr, float *packed)
{
    for (int p = 0; p < rows; p += mr) {
        int height = rows - p < mr ? rows - p : mr;
        float *panel = packed + (size_t)p * kc;
        for (int i = 0; i < height; i++) {
            const float *row = a + (size_t)(p + i) * lda;
            for (int k = 0; k < kc; k++) panel[(size_t)k * mr + i] = row[k];
        }
        for (int i = height; i < mr; i++)
            for (int k = 0; k < kc; k++) panel[(size_t)k * mr + i] = 0;
    }
}

/* B[kc × columns] (ldb) → panels of nr columns: panel q, b[k*nr + j]; columns
 * past the matrix are zero. */
static void pack_b(const float *b, int ldb, int kc, int columns, int nr, float *packed)
{
    for (int q = 0; q < columns; q += nr) {
        int width = columns - q < nr ? columns - q : nr;
        float *panel = packed + (size_t)q * kc;
        if (width == nr) {
            for (int k = 0; k < kc; k++)
                memcpy(panel + (size_t)k * nr, b + (size_t)k * ldb + q, sizeof(float) * (size_t)nr);
        } else {
            for (int k = 0; k < kc; k++) {
                float *dst = panel + (size_t)k * nr;
                memcpy(dst, b + (size_t)k * ldb + q, sizeof(float) * (size_t)width);
                memset(dst + width, 0, sizeof(float) * (size_t)(nr - width));
            }
        }
    }
}

/* ---- Portable kernel: 4×16 ---- */

#define P_MR 4
#define P_NR 16

static void kernel_portable(int rows, int kc, const float *a, const float *b, int ldb, float *c, int ldc, int columns,
                            int accumulate)
{
    float acc[P_MR][P_NR];
    memset(acc, 0, sizeof acc);
    for (int k = 0; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb;
        for (int i = 0; i < P_MR; i++) {
            float ai = a[(size_t)k * P_MR + i];
            for (int j = 0; j < P_NR; j++) acc[i][j] += ai * bk[j];
        }
    }
    for (int i = 0; i < rows; i++) {
        float *row = c + (size_t)i * ldc;
        if (accumulate)
            for (int j = 0; j < columns; j++) row[j] += acc[i][j];
        else
            for (int j = 0; j < columns; j++) row[j] = acc[i][j];
    }
}

#if WR_X86

/* ---- AVX-512 kernel: 12×32 ---- */

#define Z_MR 12
#define Z_NR 32

__attribute__((target("avx512f,fma"))) static WR_ALWAYS_INLINE void kernel_avx512_rows(const int rows, int kc,
                                                                                       const float *a, const float *b,
                                                                                       int ldb, float *c, int ldc,
                                                                                       int columns, int accumulate)
{
    __m512 c0[Z_MR], c1[Z_MR];
    WR_UNROLL
    for (int i = 0; i < rows; i++) {
        c0[i] = _mm512_setzero_ps();
        c1[i] = _mm512_setzero_ps();
    }
    WR_UNROLL
    for (int i = 0; i < rows; i++) _mm_prefetch((const char *)(c + (size_t)i * ldc), _MM_HINT_T0);

    int k = 0;
    for (; k + 4 <= kc; k += 4) {
        WR_UNROLL
        for (int u = 0; u < 4; u++) {
            const float *bk = b + (size_t)(k + u) * ldb, *ak = a + (size_t)(k + u) * Z_MR;
            __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
            WR_UNROLL
            for (int i = 0; i < rows; i++) {
                __m512 ai = _mm512_set1_ps(ak[i]);
                c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
                c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
            }
        }
    }
    for (; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb, *ak = a + (size_t)k * Z_MR;
        __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            __m512 ai = _mm512_set1_ps(ak[i]);
            c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
        }
    }

    if (columns == Z_NR) {
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate) {
                c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(row));
                c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(row + 16));
            }
            _mm512_storeu_ps(row, c0[i]);
            _mm512_storeu_ps(row + 16, c1[i]);
        }
    } else {
        __mmask16 m0 = columns >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << columns) - 1);
        __mmask16 m1 = columns <= 16 ? (__mmask16)0 : (__mmask16)((1u << (columns - 16)) - 1);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate) {
                c0[i] = _mm512_add_ps(c0[i], _mm512_maskz_loadu_ps(m0, row));
                c1[i] = _mm512_add_ps(c1[i], _mm512_maskz_loadu_ps(m1, row + 16));
            }
            _mm512_mask_storeu_ps(row, m0, c0[i]);
            _mm512_mask_storeu_ps(row + 16, m1, c1[i]);
        }
    }
}

#define WR_Z_KERNEL(R)                                                                                   \
    __attribute__((target("avx512f,fma"))) static void kernel_avx512_##R(                                \
        int kc, const float *a, const float *b, int ldb, float *c, int ldc, int columns, int accumulate) \
    {                                                                                                    \
        kernel_avx512_rows(R, kc, a, b, ldb, c, ldc, columns, accumulate);                               \
    }
WR_Z_KERNEL(1)
WR_Z_KERNEL(2) WR_Z_KERNEL(3) WR_Z_KERNEL(4) WR_Z_KERNEL(5) WR_Z_KERNEL(6) WR_Z_KERNEL(7) WR_Z_KERNEL(8) WR_Z_KERNEL(9)
    WR_Z_KERNEL(10) WR_Z_KERNEL(11) WR_Z_KERNEL(12)

        static void kernel_avx512(int rows, int kc, const float *a, const float *b, int ldb, float *c, int ldc,
                                  int columns, int accumulate)
{
    switch (rows) {
    case 12: kernel_avx512_12(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 11: kernel_avx512_11(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 10: kernel_avx512_10(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 9: kernel_avx512_9(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 8: kernel_avx512_8(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 7: kernel_avx512_7(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 6: kernel_avx512_6(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 5: kernel_avx512_5(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 4: kernel_avx512_4(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 3: kernel_avx512_3(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 2: kernel_avx512_2(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    default: kernel_avx512_1(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    }
}

/* ---- AVX2 kernel: 6×16 ---- */

#define Y_MR 6
#define Y_NR 16

__attribute__((target("avx2,fma"))) static WR_ALWAYS_INLINE void kernel_avx2_rows(const int rows, int kc,
                                                                                  const float *a, const float *b,
                                                                                  int ldb, float *c, int ldc,
                                                                                  int columns, int accumulate)
{
    __m256 c0[Y_MR], c1[Y_MR];
    WR_UNROLL
    for (int i = 0; i < rows; i++) {
        c0[i] = _mm256_setzero_ps();
        c1[i] = _mm256_setzero_ps();
    }
    WR_UNROLL
    for (int i = 0; i < rows; i++) _mm_prefetch((const char *)(c + (size_t)i * ldc), _MM_HINT_T0);

    int k = 0;
    for (; k + 4 <= kc; k += 4) {
        WR_UNROLL
        for (int u = 0; u < 4; u++) {
            const float *bk = b + (size_t)(k + u) * ldb, *ak = a + (size_t)(k + u) * Y_MR;
            __m256 b0 = _mm256_loadu_ps(bk), b1 = _mm256_loadu_ps(bk + 8);
            WR_UNROLL
            for (int i = 0; i < rows; i++) {
                __m256 ai = _mm256_broadcast_ss(ak + i);
                c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
                c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
            }
        }
    }
    for (; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb, *ak = a + (size_t)k * Y_MR;
        __m256 b0 = _mm256_loadu_ps(bk), b1 = _mm256_loadu_ps(bk + 8);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            __m256 ai = _mm256_broadcast_ss(ak + i);
            c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
        }
    }

    if (columns == Y_NR) {
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate) {
                c0[i] = _mm256_add_ps(c0[i], _mm256_loadu_ps(row));
                c1[i] = _mm256_add_ps(c1[i], _mm256_loadu_ps(row + 8));
            }
            _mm256_storeu_ps(row, c0[i]);
            _mm256_storeu_ps(row + 8, c1[i]);
        }
    } else {
        float tile[Y_NR] __attribute__((aligned(32)));
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            _mm256_store_ps(tile, c0[i]);
            _mm256_store_ps(tile + 8, c1[i]);
            if (accumulate)
                for (int j = 0; j < columns; j++) row[j] += tile[j];
            else
                for (int j = 0; j < columns; j++) row[j] = tile[j];
        }
    }
}

#define WR_Y_KERNEL(R)                                                                                               \
    __attribute__((target("avx2,fma"))) static void kernel_avx2_##R(int kc, const float *a, const float *b, int ldb, \
                                                                    float *c, int ldc, int columns, int accumulate)  \
    {                                                                                                                \
        kernel_avx2_rows(R, kc, a, b, ldb, c, ldc, columns, accumulate);                                             \
    }
WR_Y_KERNEL(1)
WR_Y_KERNEL(2) WR_Y_KERNEL(3) WR_Y_KERNEL(4) WR_Y_KERNEL(5) WR_Y_KERNEL(6)

    static void kernel_avx2(int rows, int kc, const float *a, const float *b, int ldb, float *c, int ldc, int columns,
                            int accumulate)
{
    switch (rows) {
    case 6: kernel_avx2_6(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 5: kernel_avx2_5(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 4: kernel_avx2_4(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 3: kernel_avx2_3(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    case 2: kernel_avx2_2(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    default: kernel_avx2_1(kc, a, b, ldb, c, ldc, columns, accumulate); break;
    }
}

#endif /* __x86_64__ */

/* ---- Driver ---- */

static sgemm_config config_for_level(int level)
{
#if WR_X86
    if (level >= WR_AVX512) return (sgemm_config){ Z_MR, Z_NR, 384, 144, 2048, 144, kernel_avx512 };
    if (level >= WR_AVX2) return (sgemm_config){ Y_MR, Y_NR, 256, 144, 2048, 144, kernel_avx2 };
#else
    (void)level;
#endif
    return (sgemm_config){ P_MR, P_NR, 256, 128, 2048, 0, kernel_portable };
}

static float *aligned_floats(size_t count)
{
    void *memory = NULL;
    if (posix_memalign(&memory, 64, (count ? count : 1) * sizeof(float)) != 0) return NULL;
    return memory;
}

void wr_sgemm(const wr_context *ctx, int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C,
              int ldc, int m_begin, int m_end)
{
    if (m_begin < 0) m_begin = 0;
    if (m_end > M) m_end = M;
    if (m_begin >= m_end || N <= 0) return;
    if (K <= 0) {
        for (int i = m_begin; i < m_end; i++) memset(C + (size_t)i * ldc, 0, sizeof(float) * (size_t)N);
        return;
    }

    sgemm_config cfg = config_for_level(ctx->isa);
    const int rows = m_end - m_begin;
    const int kc_max = K < cfg.kc ? K : cfg.kc;
    const int nc_max = N < cfg.nc ? (N + cfg.nr - 1) / cfg.nr * cfg.nr : cfg.nc;
    const int mc_max = rows < cfg.mc ? (rows + cfg.mr - 1) / cfg.mr * cfg.mr : cfg.mc;

    /* Few rows reuse each B panel only a few times: then the kernels read B
     * in place (full panels; the ragged last one is still packed, so no
     * kernel reads past column N), which saves a pass over B. Not for long
     * rows or rows a multiple of 8 KiB apart: those thrash the TLB or one
     * set of L1 (measured on Zen 4). */
    const int pack_all_b = rows > cfg.direct_b_rows || ldb >= 4096 || ldb % 2048 == 0;
    float *packed_b = aligned_floats((size_t)kc_max * (pack_all_b ? nc_max : cfg.nr));
    float *packed_a = aligned_floats((size_t)kc_max * mc_max);
    if (!packed_b || !packed_a) {
        free(packed_b);
        free(packed_a);
        /* Out of memory: a plain triple loop still gives the right answer. */
        for (int i = m_begin; i < m_end; i++)
            for (int j = 0; j < N; j++) {
                float sum = 0;
                for (int k = 0; k < K; k++) sum += A[(size_t)i * lda + k] * B[(size_t)k * ldb + j];
                C[(size_t)i * ldc + j] = sum;
            }
        return;
    }

    for (int jc = 0; jc < N; jc += cfg.nc) {
        const int nc = N - jc < cfg.nc ? N - jc : cfg.nc;
        const int nc_full = nc / cfg.nr * cfg.nr;
        for (int pc = 0; pc < K; pc += cfg.kc) {
            const int kc = K - pc < cfg.kc ? K - pc : cfg.kc;
            const float *b_block = B + (size_t)pc * ldb + jc;
            if (pack_all_b)
                pack_b(b_block, ldb, kc, nc, cfg.nr, packed_b);
            else if (nc_full < nc)
                pack_b(b_block + nc_full, ldb, kc, nc - nc_full, cfg.nr, packed_b);
            for (int ic = m_begin; ic < m_end; ic += cfg.mc) {
                const int mc = m_end - ic < cfg.mc ? m_end - ic : cfg.mc;
                pack_a(A + (size_t)ic * lda + pc, lda, mc, kc, cfg.mr, packed_a);
                for (int jr = 0; jr < nc; jr += cfg.nr) {
                    const int columns = nc - jr < cfg.nr ? nc - jr : cfg.nr;
                    const int packed = pack_all_b || columns < cfg.nr;
                    const float *b_panel = pack_all_b ? packed_b + (size_t)jr * kc : packed ? packed_b : b_block + jr;
                    const int b_stride = packed ? cfg.nr : ldb;
                    for (int ir = 0; ir < mc; ir += cfg.mr) {
                        const int height = mc - ir < cfg.mr ? mc - ir : cfg.mr;
                        cfg.kernel(height, kc, packed_a + (size_t)ir * kc, b_panel, b_stride,
                                   C + (size_t)(ic + ir) * ldc + jc + jr, ldc, columns, pc > 0);
                    }
                }
            }
        }
    }
    free(packed_b);
    free(packed_a);
}
