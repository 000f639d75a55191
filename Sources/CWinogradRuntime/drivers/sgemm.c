/* SGEMM, GotoBLAS/BLIS style: C[M×N] = A[M×K] · B[K×N], row-major.
 *
 * Loops (per call, rows [m_begin, m_end) of C):
 *   jc over N by NC:  pc over K by KC:  pack B[pc.., jc..] into kc×NR panels
 *     ic over rows by MC:  pack A[ic.., pc..] into MR×kc panels
 *       jr over NR panels (one B panel, reused from cache), ir over MR panels:
 *         microkernel: the MR×NR tile of C (+)= A panel · B panel
 * The first K block overwrites C (unless asked to accumulate), later ones
 * add to it; a transposed B is packed from its rows, a transposed A from
 * its rows (contiguous runs of mr). With few rows (a thread's share of a
 * convolution's filters) B is not packed but read in place, which saves a
 * pass over the largest operand; with few columns (up to direct_a_panels
 * panels of B: a small image's pixels) A's rows, or Aᵀ's, are read in
 * place, since packing them costs more than the panels that would reuse
 * them save. A result written once and larger than stream_bytes is stored
 * past the caches.
 *
 * The microkernels (microkernels/sgemm_*.c) and the block sizes for them
 * come from the context. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

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

/* The same from Aᵀ[kc × rows] (lda): row k of Aᵀ holds every panel's k-th
 * column, so it is read once, in order, and dealt out to the panels. */
static void pack_a_transposed(const float *at, int lda, int rows, int kc, int mr, float *packed)
{
    for (int k = 0; k < kc; k++) {
        const float *row = at + (size_t)k * lda;
        for (int p = 0; p < rows; p += mr) {
            const int height = rows - p < mr ? rows - p : mr;
            float *dst = packed + (size_t)p * kc + (size_t)k * mr;
            for (int i = 0; i < height; i++) dst[i] = row[p + i];
            for (int i = height; i < mr; i++) dst[i] = 0;
        }
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

/* The same from Bᵀ[columns × kc] (ldb): each column of B is a row of Bᵀ,
 * read in order and spread over the panel; by 16×16 transposes where the
 * context has them (a full panel's rows, 16 of kc at a time). */
static void pack_b_transposed(const wr_context *ctx, const float *bt, int ldb, int kc, int columns, int nr,
                              float *packed)
{
    for (int q = 0; q < columns; q += nr) {
        int width = columns - q < nr ? columns - q : nr;
        float *panel = packed + (size_t)q * kc;
        int k0 = 0;
        if (ctx->transpose16 && width == nr && nr % 16 == 0) {
            for (; k0 + 16 <= kc; k0 += 16)
                for (int j = 0; j < nr; j += 16)
                    ctx->transpose16(bt + (size_t)(q + j) * ldb + k0, (size_t)ldb, panel + (size_t)k0 * nr + j,
                                     (size_t)nr);
        }
        for (int j = 0; j < width; j++) {
            const float *row = bt + (size_t)(q + j) * ldb;
            for (int k = k0; k < kc; k++) panel[(size_t)k * nr + j] = row[k];
        }
        for (int j = width; j < nr; j++)
            for (int k = 0; k < kc; k++) panel[(size_t)k * nr + j] = 0;
    }
}

/* ---- Driver ---- */

static float *aligned_floats(size_t count)
{
    void *memory = NULL;
    if (posix_memalign(&memory, 64, (count ? count : 1) * sizeof(float)) != 0) return NULL;
    return memory;
}

void wr_sgemm(const wr_context *ctx, int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C,
              int ldc, int m_begin, int m_end, int flags)
{
    const int transposed = flags & WR_SGEMM_TRANSPOSED_B, accumulate = (flags & WR_SGEMM_ACCUMULATE) != 0;
    const int transposed_a = (flags & WR_SGEMM_TRANSPOSED_A) != 0;
    if (m_begin < 0) m_begin = 0;
    if (m_end > M) m_end = M;
    if (m_begin >= m_end || N <= 0) return;
    if (K <= 0) {
        if (!accumulate)
            for (int i = m_begin; i < m_end; i++) memset(C + (size_t)i * ldc, 0, sizeof(float) * (size_t)N);
        return;
    }

    const wr_sgemm_config cfg = ctx->sgemm;
    const int rows = m_end - m_begin;

    /* A result written once (one K block) and too large for the caches is
     * streamed, from its first 64-byte-aligned column on: the columns
     * before it are a product of their own. */
    const int stream = !accumulate && cfg.stream_bytes > 0 && K <= cfg.kc && ldc % 16 == 0
                       && (size_t)rows * (size_t)N * sizeof(float) >= cfg.stream_bytes;
    const int skew = (int)((64 - (uintptr_t)C % 64) % 64 / sizeof(float));
    if (stream && skew > 0 && skew < N) { /* (a C too narrow to reach one is stored as usual, below) */
        wr_sgemm(ctx, M, skew, K, A, lda, B, ldb, C, ldc, m_begin, m_end, flags);
        wr_sgemm(ctx, M, N - skew, K, A, lda, transposed ? B + (size_t)skew * ldb : B + skew, ldb, C + skew, ldc,
                 m_begin, m_end, flags);
        return;
    }
    const int store = accumulate ? WR_SGEMM_STORE_ADD : stream && skew == 0 ? WR_SGEMM_STORE_STREAM : WR_SGEMM_STORE;
    const int kc_max = K < cfg.kc ? K : cfg.kc;
    const int nc_max = N < cfg.nc ? (N + cfg.nr - 1) / cfg.nr * cfg.nr : cfg.nc;
    const int mc_max = rows < cfg.mc ? (rows + cfg.mr - 1) / cfg.mr * cfg.mr : cfg.mc;

    /* Few rows reuse each B panel only a few times: then the kernels read B
     * in place (full panels; the ragged last one is still packed, so no
     * kernel reads past column N), which saves a pass over B. Not for long
     * rows or rows a multiple of 8 KiB apart: those thrash the TLB or one
     * set of L1 (measured on Zen 4). */
    const int pack_all_b = transposed || rows > cfg.direct_b_rows || ldb >= 4096 || ldb % 2048 == 0;
    /* A's rows are read in place up to a few dozen panels of B (measured on
     * Zen 4: packing them costs more than the reuse saves), not when they
     * are a multiple of 8 KiB apart (one set of L1). */
    const int a_in_place = (N + cfg.nr - 1) / cfg.nr <= cfg.direct_a_panels && lda % 2048 != 0;
    float *packed_b = aligned_floats((size_t)kc_max * (pack_all_b ? nc_max : cfg.nr));
    float *packed_a = a_in_place ? NULL : aligned_floats((size_t)kc_max * mc_max);
    if (!packed_b || (!packed_a && !a_in_place)) {
        free(packed_b);
        free(packed_a);
        /* Out of memory: a plain triple loop still gives the right answer. */
        for (int i = m_begin; i < m_end; i++)
            for (int j = 0; j < N; j++) {
                float sum = 0;
                for (int k = 0; k < K; k++)
                    sum += (transposed_a ? A[(size_t)k * lda + i] : A[(size_t)i * lda + k])
                           * (transposed ? B[(size_t)j * ldb + k] : B[(size_t)k * ldb + j]);
                C[(size_t)i * ldc + j] = accumulate ? C[(size_t)i * ldc + j] + sum : sum;
            }
        return;
    }

    for (int jc = 0; jc < N; jc += cfg.nc) {
        const int nc = N - jc < cfg.nc ? N - jc : cfg.nc;
        const int nc_full = nc / cfg.nr * cfg.nr;
        for (int pc = 0; pc < K; pc += cfg.kc) {
            const int kc = K - pc < cfg.kc ? K - pc : cfg.kc;
            const float *b_block = B + (size_t)pc * ldb + jc;
            if (transposed)
                pack_b_transposed(ctx, B + (size_t)jc * ldb + pc, ldb, kc, nc, cfg.nr, packed_b);
            else if (pack_all_b)
                pack_b(b_block, ldb, kc, nc, cfg.nr, packed_b);
            else if (nc_full < nc)
                pack_b(b_block + nc_full, ldb, kc, nc - nc_full, cfg.nr, packed_b);
            for (int ic = m_begin; ic < m_end; ic += cfg.mc) {
                const int mc = m_end - ic < cfg.mc ? m_end - ic : cfg.mc;
                if (!a_in_place && transposed_a)
                    pack_a_transposed(A + (size_t)pc * lda + ic, lda, mc, kc, cfg.mr, packed_a);
                else if (!a_in_place)
                    pack_a(A + (size_t)ic * lda + pc, lda, mc, kc, cfg.mr, packed_a);
                for (int jr = 0; jr < nc; jr += cfg.nr) {
                    const int columns = nc - jr < cfg.nr ? nc - jr : cfg.nr;
                    const int packed = pack_all_b || columns < cfg.nr;
                    const float *b_panel = pack_all_b ? packed_b + (size_t)jr * kc : packed ? packed_b : b_block + jr;
                    const int b_stride = packed ? cfg.nr : ldb;
                    for (int ir = 0; ir < mc; ir += cfg.mr) {
                        const int height = mc - ir < cfg.mr ? mc - ir : cfg.mr;
                        const float *a_panel = !a_in_place    ? packed_a + (size_t)ir * kc
                                               : transposed_a ? A + (size_t)pc * lda + ic + ir
                                                              : A + (size_t)(ic + ir) * lda + pc;
                        const int a_row = !a_in_place || transposed_a ? 1 : lda;
                        const int a_k = !a_in_place ? cfg.mr : transposed_a ? lda : 1;
                        cfg.kernel(height, kc, a_panel, a_row, a_k, b_panel, b_stride,
                                   C + (size_t)(ic + ir) * ldc + jc + jr, ldc, columns,
                                   pc > 0 ? WR_SGEMM_STORE_ADD : store);
                    }
                }
            }
        }
    }
    free(packed_b);
    free(packed_a);
#if WR_X86
    if (store == WR_SGEMM_STORE_STREAM) _mm_sfence(); /* the streamed lines before whatever reads them */
#endif
}
