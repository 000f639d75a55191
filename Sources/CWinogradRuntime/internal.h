/* What the drivers and microkernels share, private to CWinogradRuntime (not
 * under include/): the unrolling hints, the target attributes, the plans the
 * stages hand their microkernels, and the microkernels' declarations. */
#ifndef WR_INTERNAL_H
#define WR_INTERNAL_H

#include <stddef.h>

#include "CWinogradRuntime.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WR_X86 1
#include <immintrin.h>
#else
#define WR_X86 0
#endif

#define WR_AVX512_TARGET __attribute__((target("avx512f,fma")))
#define WR_AVX2_TARGET __attribute__((target("avx2,fma")))
#define WR_ALWAYS_INLINE inline __attribute__((always_inline))
#define WR_ALIGNED(bytes) __attribute__((aligned(bytes)))
/* How far ahead of its reads the product prefetches the packed filters, in
 * floats (4 KiB): on the deepest layers they (9–17 MB) stream from L3 or
 * memory once per run, and the hardware prefetcher alone leaves the FMAs
 * waiting on them (1.5× slower on 512 channels at 7×7). */
#define WR_PREFETCH_FLOATS 1024
/* The same for filters read transposed: that many chunks of 16 reduction
 * steps ahead (each chunk's rows are 16 lines, the chunks far apart). */
#ifndef WR_PREFETCH_CHUNKS
#define WR_PREFETCH_CHUNKS 4
#endif
#if defined(__clang__)
#define WR_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define WR_UNROLL _Pragma("GCC unroll 16")
#else
#define WR_UNROLL
#endif

static inline int wr_imin(int a, int b) { return a < b ? a : b; }
static inline int wr_imax(int a, int b) { return a > b ? a : b; }

/* CLOCK_MONOTONIC in seconds (drivers/fma_peak.c): the FMA probe's timer and the pool's spin. */
double wr_seconds_now(void);

/* ---- Stages: the plans of one block of 16 tiles ---- */

/* Where the tiles of one block read, for a vector gather: each tile's patch
 * origin in the input (image and position, not yet the channel) and, per
 * patch row, which of its first 8 columns lie inside the image (bit c:
 * column c; 0 for rows outside it and for missing tiles). */
struct wr_block_reads {
    ptrdiff_t origin[WR_TILE_BLOCK];
    unsigned short inside[WR_MAX_SIDE][WR_TILE_BLOCK];
};

/* The widest tile a run scatter takes: m1 columns come from m1 vectors, two per permute. */
#define WR_RUN_COLUMNS 8

/* How a run of neighbouring tiles' stretch of an output row is picked out
 * of the tile rows: per vector of the stretch, permute indices (lane p takes
 * element index[v][p] % 16 of column pair index[v][p] / 16 … see the
 * scatter), which pair of columns each lane comes from, and the store mask
 * at the image's right edge. */
struct wr_run_scatter {
    int index[WR_RUN_COLUMNS][16] WR_ALIGNED(64); /* one vector each: keep them on cache lines */
    int vectors;
    unsigned short store[WR_RUN_COLUMNS], pair[WR_RUN_COLUMNS][WR_RUN_COLUMNS / 2];
};

/* ---- Microkernels (microkernels/), selected by wr_make_context ---- */

/* The transformed-domain product on one block of filter rows, tiles along
 * the vector: rows ≤ height of m[i·16 + j] = Σ_c a[c·stride + i] · v[c·16 + j];
 * height is 16, 12, 8 or 4 (at most 12 for `pair`), stride the block's
 * height in the packing. `pair` does two tile blocks (v0, v1 → m0, m1) at
 * once; `half` one block of at most 8 tiles at half width. */
void wr_product_block_portable(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
/* The `_t` kernels read the filters transposed: those of the transposed
 * convolution's forward engine, whose packed rows are this product's
 * channels (in chunks of 16, `stride` floats apart, one value per row of
 * 16 floats: rows 16 apart) and whose channels are this product's rows. C
 * is a multiple of 16. The bodies take `transposed` as a constant. */
#define WR_REDUCTION_ROW(transposed, a, stride, c) \
    ((transposed) ? (a) + (size_t)((c) >> 4) * (size_t)(stride) + ((c)&15) : (a) + (size_t)(c) * (size_t)(stride))
#define WR_ROW_OFFSET(transposed, i) ((transposed) ? (i)*16 : (i))
#define WR_ROW_VALUE(transposed, ac, i) ((ac)[WR_ROW_OFFSET(transposed, i)])
/* Packed: a few lines ahead; transposed: row c % 16 of the next chunk, so
 * a chunk's 16 steps fetch the next chunk's 16 rows. */
#define WR_REDUCTION_PREFETCH(transposed, a, stride, c)                                                        \
    ((transposed) ? (a) + (size_t)(((c) >> 4) + WR_PREFETCH_CHUNKS) * (size_t)(stride) + (size_t)((c)&15) * 16 \
                  : (a) + (size_t)(c) * (size_t)(stride) + WR_PREFETCH_FLOATS)
void wr_product_block_t_portable(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
#if WR_X86
void wr_product_pair_avx512(const float *a, int stride, int height, const float *v0, const float *v1, float *m0,
                            float *m1, int C, int rows);
void wr_product_block_avx512(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
void wr_product_half_avx512(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
/* The same for a block of `tiles` < 16 tiles with the block's filter rows
 * along the vector (height ≤ 16 rows read as one vector per channel): tiles
 * FMAs per channel instead of 16, then a transpose into m's layout (rows <
 * `rows` stored, the lanes past `tiles` left undefined). */
void wr_product_columns_avx512(const float *a, int height, const float *v, int tiles, float *m, int C, int rows);
void wr_product_block_avx2(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
void wr_product_pair_t_avx512(const float *a, int stride, int height, const float *v0, const float *v1, float *m0,
                              float *m1, int C, int rows);
void wr_product_block_t_avx512(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
void wr_product_half_t_avx512(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
void wr_product_block_t_avx2(const float *a, int stride, int height, const float *v, float *m, int C, int rows);

void wr_gather_block_avx512(const wr_block_reads *reads, const float *channel_input, int n0, int n1, int W,
                            float *gathered);
void wr_scatter_run_avx512(const wr_run_scatter *plan, int m1, int rows, float *row, int W_out, const float *buffer,
                           float offset);
void wr_transpose16_avx512(const float *in, size_t in_stride, float *out, size_t out_stride);
void wr_gather_filters_avx512(const float *first, size_t row_stride, int taps, int reversed, float *gathered);
#endif

/* 16-bit filter storage (microkernels/halves_*.c). */
unsigned short wr_float_to_bfloat16(float f);
unsigned short wr_float_to_half(float f);
float wr_bfloat16_to_float(unsigned short h);
float wr_half_to_float(unsigned short h);
void wr_narrow_portable(const float *in, unsigned short *out, size_t count, int format);
void wr_narrow_rows_portable(const float *in, size_t in_stride, unsigned short *out, size_t out_stride, size_t rows,
                             size_t count, int format);
void wr_widen_portable(const unsigned short *in, float *out, size_t count, int format);
#if WR_X86
void wr_narrow_avx512(const float *in, unsigned short *out, size_t count, int format);
void wr_narrow_rows_avx512(const float *in, size_t in_stride, unsigned short *out, size_t out_stride, size_t rows,
                           size_t count, int format);
void wr_widen_avx512(const unsigned short *in, float *out, size_t count, int format);
#endif

/* One register block of direct correlation and where it is (the vector
 * kernels' shared description). */
typedef struct {
    const float *image;   /* input image n: C × H × W */
    const float *weights; /* filters of the block's first k */
    const float *bias;    /* bias of the block's first k, or NULL */
    float *out;           /* output (n, first k, y, x0) */
    size_t out_plane;     /* H_out · W_out */
    size_t filter_size;   /* C · R · S */
    int C, H, W, R, S;
    int row0;       /* y − pad_top: input row of r = 0 */
    int col0;       /* x0 − pad_left: input column of lane 0, s = 0 */
    int r_lo, r_hi; /* filter rows inside the image */
} direct_block;

/* One register block: filters [0, kb) of the block described by blk, output
 * columns [0, width) of x block xb; `plan` is the kernel's own (masks). */
typedef void (*wr_direct_block_fn)(const direct_block *blk, int kb, int xb, int width, const void *plan);

/* The direct convolution's loops (drivers/direct.c): images, blocks of
 * `max_filters` filters, output rows, blocks of `block_width` columns; each
 * register block is handed to `block`. */
void wr_direct_blocks(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                      int k_begin, int k_end, int max_filters, int block_width, wr_direct_block_fn block,
                      const void *plan);

void wr_direct_portable_run(const float *input, const float *filters, const float *bias, float *output, int N, int C,
                            int H, int W, int K, int R, int S, int pad_top, int pad_left, int H_out, int W_out,
                            int k_begin, int k_end);
void wr_sgemm_kernel_portable(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                              int ldc, int columns, int accumulate);
#if WR_X86
int wr_direct_avx512(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                     int k_begin, int k_end);
int wr_direct_avx2(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                   int k_begin, int k_end);
void wr_sgemm_kernel_avx512(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                            int ldc, int columns, int accumulate);
void wr_sgemm_kernel_avx2(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                          int ldc, int columns, int accumulate);
#endif

/* The dense lanes kernel compiled for `isa` (drivers/lanes.c). */
wr_dense_lanes_kernel wr_dense_lanes_for(int isa);

#endif
