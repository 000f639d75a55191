/* The runtime's hot loops. This module provides no stable API; use
 * WinogradRuntime.
 *
 * Shaped like BLIS: drivers (drivers/) loop over the work and split it;
 * microkernels (microkernels/, one file per instruction set) do the
 * arithmetic; a context (wr_context) made once per plan carries the
 * instruction set, the block sizes and the microkernel pointers, and every
 * driver takes it explicitly, so nothing in the runtime is global or mutable.
 * Geometry and layout cross the Swift boundary as structs. */
#ifndef CWINOGRAD_RUNTIME_H
#define CWINOGRAD_RUNTIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Block sizes (exported once; the Swift side reads these) ---- */

/* Tiles per vector in the stages, and per block of V and M. */
#define WR_TILE_BLOCK 16
/* Filter rows per block of the transformed-domain product. */
#define WR_FILTER_ROWS 16
/* The largest tile side (n = m + r − 1) the stages take. */
#define WR_MAX_SIDE 24

/* ---- Geometry ---- */

/* A stride-1 correlation: N×C×H×W input, K×C×R×S filters, zero padding,
 * N×K×H_out×W_out output. */
typedef struct {
    int N, C, H, W;
    int K, R, S;
    int pad_top, pad_left;
    int H_out, W_out;
} wr_geometry;

/* ---- The context (context.c) ---- */

enum { WR_PORTABLE = 0, WR_AVX2 = 1, WR_AVX512 = 2 };

/* How the transformed filters are stored: float32, or 16 bits (bfloat16 or
 * IEEE half, rounded to nearest even) read back into float32 for the
 * product; the arithmetic is float32 either way. */
enum { WR_FILTERS_FLOAT32 = 0, WR_FILTERS_BFLOAT16 = 1, WR_FILTERS_FLOAT16 = 2 };

/* A transform of 16 tiles at once, one per vector lane: reads element i of
 * the 16 tiles as the vector in[i·in_stride + 0…15] and writes result k as
 * the vector out[k·out_stride + 0…15]. */
typedef void (*wr_lanes_kernel)(const float *in, size_t in_stride, float *out, size_t out_stride);

/* out = T0 · in · T1ᵀ on 16 lanes; in is p0×p1, T0 a0×p0, T1 a1×p1. */
typedef void (*wr_dense_lanes_kernel)(const float *T0, int a0, int p0, const float *T1, int a1, int p1, const float *in,
                                      size_t in_stride, float *out, size_t out_stride);

/* How a microkernel stores its tile of C: overwrite, add to it, or
 * overwrite with streaming stores (rows 64-byte aligned; only kernels whose
 * config has stream_bytes > 0 are asked to). */
enum { WR_SGEMM_STORE = 0, WR_SGEMM_STORE_ADD = 1, WR_SGEMM_STORE_STREAM = 2 };

/* rows ≤ mr rows of C (+)= A panel · B panel; A's element (i, k) is at
 * a[i·a_row + k·a_k]: packed (1, mr), read in place from A (lda, 1) or from
 * Aᵀ (1, lda); B's row k is at b + k·ldb (ldb = nr when packed), columns ≤ nr
 * of them are stored as `store` says (WR_SGEMM_STORE…). */
typedef void (*wr_sgemm_kernel)(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                                int ldc, int columns, int store);

/* The SGEMM's microkernel and blocking for one instruction set. */
typedef struct {
    int mr, nr;          /* register tile: rows (filters) × columns */
    int kc, mc, nc;      /* cache blocks: mc a multiple of mr, nc of nr */
    int direct_b_rows;   /* up to this many rows of C, B is read in place */
    int direct_a_panels; /* up to this many panels of B per call, A is read in place */
    size_t stream_bytes; /* a C written once and at least this large is streamed (0: never) */
    wr_sgemm_kernel kernel;
} wr_sgemm_config;

/* Direct float32 correlation of output channels [k_begin, k_end); 0 when it
 * could not get its scratch memory (the caller then runs the portable one). */
typedef int (*wr_direct_kernel)(const wr_geometry *g, const float *input, const float *filters, const float *bias,
                                float *output, int k_begin, int k_end);

typedef struct wr_block_reads wr_block_reads;
typedef struct wr_run_scatter wr_run_scatter;

typedef struct {
    int isa; /* WR_AVX512, WR_AVX2 or WR_PORTABLE: what every kernel below uses */
    wr_sgemm_config sgemm;
    wr_direct_kernel direct;     /* NULL: the portable loops */
    int direct_filters;          /* filters per register block of `direct`: split K in multiples of it */
    int gather_columns;          /* widest patch the vector gather takes; 0: none */
    int scatter_columns;         /* widest tile the vector scatter takes; 0: none */
    size_t product_filter_bytes; /* packed filters the product keeps in L2 at once (from the L2 size) */
    wr_dense_lanes_kernel dense_lanes;
    /* Microkernels of the product and the stages for this instruction set
     * (see internal.h); NULL where it has none and the driver's plain loop
     * serves. */
    void (*product_pair)(const float *a, int stride, int height, const float *v0, const float *v1, float *m0, float *m1,
                         int C, int rows);
    void (*product_block)(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
    void (*product_half)(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
    void (*product_columns)(const float *a, int height, const float *v, int tiles, float *m, int C, int rows);
    /* The same reading the filters transposed (the input gradient's product on the forward filters). */
    void (*product_pair_t)(const float *a, int stride, int height, const float *v0, const float *v1, float *m0,
                           float *m1, int C, int rows);
    void (*product_block_t)(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
    void (*product_half_t)(const float *a, int stride, int height, const float *v, float *m, int C, int rows);
    void (*gather_block)(const wr_block_reads *reads, const float *channel_input, int n0, int n1, int W,
                         float *gathered);
    void (*scatter_run)(const wr_run_scatter *plan, int m1, int rows, float *row, int W_out, const float *buffer,
                        float offset);
    void (*transpose16)(const float *in, size_t in_stride, float *out, size_t out_stride);
    /* gathered[i·16 + j] = first[j·row_stride + tap i] (taps reversed or
     * not) for 16 filter rows j; row_stride·15 + taps fits an int. */
    void (*gather_filters)(const float *first, size_t row_stride, int taps, int reversed, float *gathered);
    /* count floats to 16-bit values of `format` (WR_FILTERS_BFLOAT16 or
     * WR_FILTERS_FLOAT16), rounded to nearest even, and back (exact). */
    void (*narrow)(const float *in, unsigned short *out, size_t count, int format);
    /* The same for `rows` rows of count values, in[r·in_stride …] to out[r·out_stride …]. */
    void (*narrow_rows)(const float *in, size_t in_stride, unsigned short *out, size_t out_stride, size_t rows,
                        size_t count, int format);
    void (*widen)(const unsigned short *in, float *out, size_t count, int format);
} wr_context;

/* The best instruction set this CPU has. */
int wr_detected_isa(void);
/* The context for `isa`, lowered to what the CPU has. */
wr_context wr_make_context(int isa);
/* "avx512", "avx2" or "portable". */
const char *wr_isa_name(int isa);

/* An atomic counter for sharing work among threads. */
long wr_fetch_add(long *counter, long value);
/* Reads such a counter (acquire). */
long wr_atomic_load(const long *counter);

/* A task for the worker pool: called once per worker, 0 ..< workers. */
typedef void (*wr_pool_task)(void *context, int worker);
/* Runs task(context, w) for every w in 0 ..< workers, worker 0 on the
 * calling thread and the others on the pool's threads, which spin for a
 * while after each run before they sleep; returns when all have returned.
 * Returns 0, having run nothing, when the pool is busy with another run
 * (nested or concurrent) or cannot start enough threads; 1 when it ran.
 * A child process after fork starts threads of its own. */
int wr_pool_run(int workers, wr_pool_task task, void *context);

/* ---- Layout ---- */

/* Where Winograd's tiles are: tiles_y × tiles_x per image, numbered image
 * by image, row by row; a pass holds `tiles` of them from `first_tile` on;
 * and the blocked layouts of V and M, position by position, for the pass's
 * tiles (tile counted from first_tile):
 *   V[t][tile / B][c][tile % B] at t*v_position_stride + (tile/B)*C*B + c*B + tile%B
 *   M[t][tile / B][k][tile % B] at t*m_position_stride + (tile/B)*K*B + k*B + tile%B
 * with B = WR_TILE_BLOCK, tiles padded to a multiple of B, so the input
 * stage writes and the output stage reads them in place. */
typedef struct {
    int tiles_y, tiles_x, tiles;
    size_t v_position_stride, m_position_stride;
    long first_tile;
} wr_layout;

/* ---- Tile kernels (drivers/lanes.c) ----
 *
 * One tile shape for the stages. The input stage reads n0×n1 patches, m0×m1
 * apart, and transforms them to t0×t1 values; the output stage transforms
 * t0×t1 values to m0×m1 tiles; the filter stage r0×r1 filters to t0×t1
 * values. Convolution: t = n, patches overlap. The filter gradient's
 * output-gradient stage: patches of m×m, m apart, through G to
 * t = m + R − 1 values. Each transform is an emitted lanes kernel, or, when
 * NULL, the dense product with the float matrices. */
typedef struct {
    int m0, m1, n0, n1, t0, t1, r0, r1;
    wr_lanes_kernel input, filter, output;
    const float *BT0, *BT1; /* t0×n0 and t1×n1, row-major */
    const float *G0, *G1;   /* t0×r0 and t1×r1 */
    const float *AT0, *AT1; /* m0×t0 and m1×t1 */
} wr_tile_kernels;

/* The committed lanes kernels of the tile F(m0×m1, r0×r1) with these
 * points (each axis as PointSet.description prints it) for ctx's
 * instruction set; their name in *name. 0 when none is committed. */
int wr_find_lanes(const wr_context *ctx, int m0, int m1, int r0, int r1, const char *points0, const char *points1,
                  wr_lanes_kernel *input, wr_lanes_kernel *filter, wr_lanes_kernel *output, const char **name);
/* How many committed lanes kernel sets there are, and the name of one. */
int wr_committed_lanes_count(void);
const char *wr_committed_lanes_name(int index);

/* The tile's transforms on 16 tiles: the lanes kernel, else the dense one. */
void wr_tile_input(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                   size_t out_stride);
void wr_tile_filter(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                    size_t out_stride);
void wr_tile_output(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                    size_t out_stride);

/* ---- Stages (drivers/stages.c) ---- */

/* Where the filter stage reads row j (0…K−1) of channel c (0…C−1): its
 * taps at g + j·row_stride + c·channel_stride, in order or reversed. Plain
 * K×C×r0×r1 filters: row_stride = C·taps, channel_stride = taps. The
 * transposed convolution's filters, read straight from the forward ones
 * (rows are the forward channels, channels the forward filters, each
 * rotated by 180°): row_stride = taps, channel_stride = C_forward·taps,
 * reversed. */
typedef struct {
    const float *g;
    size_t row_stride, channel_stride;
    int reversed;
} wr_filter_source;

/* Filter stage for units [unit_begin, unit_end), unit = kb·C + c: the
 * filters of filter block kb (wr_filter_block) and channel c, transformed
 * 16 at a time straight into the product's packed layout (positions ×
 * wr_packed_filters_count(1, K, C) floats; rows past K zero). */
void wr_filter_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_filter_source *source, int K, int C,
                     void *packed, int format, int unit_begin, int unit_end);
/* `value` stored in `format` and read back (rounded to nearest even). */
float wr_stored_filter_value(float value, int format);

/* flipped[c][k][i] = g[k][c][taps − 1 − i]: K×C filters of `taps` values
 * each, read C←K and rotated by 180°, as the transposed convolution needs. */
void wr_flip_filters(const float *g, int K, int C, int taps, float *flipped);

/* Input stage for units [unit_begin, unit_end), unit = block·C + channel:
 * the 16 tiles of one block of one channel, into V. Reads g's N, C, H, W and
 * padding. */
void wr_input_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_geometry *g, const wr_layout *l,
                    const float *input, float *v, int unit_begin, int unit_end);

/* Output stage for units [unit_begin, unit_end), unit = block·K + filter,
 * from M into the image (g's K, H_out, W_out), plus bias (may be NULL). */
void wr_output_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_geometry *g, const wr_layout *l,
                     const float *m, const float *bias, float *output, int unit_begin, int unit_end);

/* ---- The transformed-domain product (drivers/product.c) ----
 *
 * For positions t in [t_begin, t_end) and tile blocks [block_begin,
 * block_end): M_t[K × tiles] = U_t[K × C] · V_t[C × tiles], in the blocked
 * layouts above (`columns` tiles; the lanes past them in M are left
 * undefined). U is packed once per filter set by wr_filter_stage:
 * packed[t][kb][c][i] = U_t[first + i][c] for the rows of filter block kb
 * (wr_filter_block), so a block's values of one channel are contiguous. */
typedef struct {
    int K, C, columns;
    size_t v_position_stride, m_position_stride;
    int filter_format; /* how `packed` stores U (WR_FILTERS_…) */
    /* Not NULL: `packed` holds the float32 filters of the forward engine
     * of the transposed convolution this product computes (its K×C filters
     * are this one's C×K: C a multiple of 16, K of 4), read transposed: U_t
     * here is filter_scale[t] times the forward U at filter_position[t],
     * transposed (WinogradTransform.filterReflection), so the input
     * gradient keeps no filters of its own. */
    const int *filter_position;
    const float *filter_scale;
} wr_product_shape;

/* Blocks the K filters are packed in. */
int wr_filter_blocks(int K);
/* Rows in filter block kb (16; the last one K's remaining rows rounded up to 4), and its first row. */
int wr_filter_block(int K, int kb, int *first_row);
/* Floats needed by the packed filters. */
size_t wr_packed_filters_count(int positions, int K, int C);
/* U stored in 16 bits is read back into `scratch` (wr_product_scratch_count
 * floats, one per thread; NULL for float32) a pass of filter blocks at a
 * time, so it crosses the caches at half the bytes and is widened once per
 * call, not once per tile block. */
void wr_batched_product(const wr_context *ctx, const wr_product_shape *shape, const void *packed, const float *v,
                        float *m, int t_begin, int t_end, int block_begin, int block_end, float *scratch);
/* Whether reading the filters transposed (filter_position) costs at most
 * 1.25× the product's work on `tiles` tiles of C channels: the column
 * kernel, which makes a last block of few tiles cheap, needs them packed. */
int wr_transposed_filters_pay(const wr_context *ctx, int tiles, int C);
/* Floats of the product's scratch for U stored in `format` (0 for float32). */
size_t wr_product_scratch_count(const wr_context *ctx, int K, int C, int format);

/* ---- The filter gradient (drivers/gradient.c) ----
 *
 * dW = Σ over tiles in the transformed domain. The input stage writes the
 * output-gradient tiles U and the input tiles V as U[t][tile / 16][k][tile %
 * 16] and V[t][tile / 16][c][tile % 16]; per position, M_t = U_t · V_tᵀ is
 * then the batched product above with the tiles as its inner dimension:
 * U_t packed as its filters, V_t transposed to channels-as-lanes
 * V'[c / 16][tile][c % 16] as its tiles, M_t as M[c / 16][k][c % 16]. */

/* packed (wr_packed_filters_count(1, K, T) floats) from the blocked U_t. */
void wr_pack_blocked_filters(const float *u, int K, int T, float *packed);
/* V'_t ([⌈C/16⌉][T][16], zeros past C) from the blocked V_t. */
void wr_transpose_blocked(const wr_context *ctx, const float *v, int C, int T, float *transposed);
/* dW[k][c] (K×C×m0×m1) through the output transform from M[t][c / 16][k][c % 16]
 * (m_position_stride apart), for units [unit_begin, unit_end), unit =
 * (c / 16)·K + k. */
void wr_gradient_output(const wr_context *ctx, const wr_tile_kernels *k, const float *m, size_t m_position_stride,
                        int K, int C, float *gradient, int unit_begin, int unit_end);

/* ---- References and baselines (drivers/direct.c, sgemm.c, im2col.c, fma_peak.c) ---- */

/* Direct correlation, NCHW × KCRS → NCHW, stride 1, zero padding; bias may be
 * NULL. Computes output channels [k_begin, k_end) of every image. */
void wr_direct_f32(const wr_context *ctx, const wr_geometry *g, const float *input, const float *filters,
                   const float *bias, float *output, int k_begin, int k_end);
void wr_direct_f64(const wr_geometry *g, const double *input, const double *filters, const double *bias, double *output,
                   int k_begin, int k_end);

/* wr_sgemm's flags: B given transposed (N×K, row j of Bᵀ at B + j·ldb),
 * C += A·B instead of C = A·B, and A given transposed (K×M, row k of Aᵀ at
 * A + k·lda). */
enum { WR_SGEMM_TRANSPOSED_B = 1, WR_SGEMM_ACCUMULATE = 2, WR_SGEMM_TRANSPOSED_A = 4 };

/* C[M×N] = A[M×K] · B[K×N] (row-major, leading dimensions lda, ldb, ldc), rows
 * [m_begin, m_end) of C only, so threads can split M. */
void wr_sgemm(const wr_context *ctx, int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C,
              int ldc, int m_begin, int m_end, int flags);

/* im2col of one image (g's C, H, W, R, S, padding, H_out, W_out):
 * columns[(c·R + r)·S + s][y·W_out + x] = image[c][y + r − pad_top][x + s − pad_left]
 * (0 outside). Callers pass a geometry cut to the channels or rows they want. */
void wr_im2col(const wr_geometry *g, const float *image, float *columns);

/* Its adjoint: image (C×H×W, overwritten) = the sum of the columns, each
 * shifted back to where im2col took it from (g as for wr_im2col). */
void wr_col2im(const wr_geometry *g, const float *columns, float *image);

/* Single-precision FMA throughput of this thread over about `seconds`, in GFLOP/s
 * (2 flops per lane per FMA), with ctx's vectors. */
double wr_fma_peak_gflops(const wr_context *ctx, double seconds);
/* The same on `threads` threads started together (a start gate, so they
 * overlap), summed: the machine's peak for that many threads. */
double wr_fma_peak_gflops_threads(const wr_context *ctx, int threads, double seconds);

#ifdef __cplusplus
}
#endif

#endif
