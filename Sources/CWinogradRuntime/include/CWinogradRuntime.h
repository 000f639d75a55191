/* The runtime's hot loops. This module provides no stable API; use
 * WinogradRuntime. Every function chooses AVX-512, AVX2+FMA or portable C at
 * run time (wr_cpu_level), so the package needs no compiler flags. */
#ifndef CWINOGRAD_RUNTIME_H
#define CWINOGRAD_RUNTIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CPU features (cpu.c) ---- */

enum { WR_PORTABLE = 0, WR_AVX2 = 1, WR_AVX512 = 2 };

/* The best instruction set this CPU has, lowered by wr_limit_cpu_level. */
int wr_cpu_level(void);
/* Caps wr_cpu_level (tests run every path on one machine). */
void wr_limit_cpu_level(int level);
/* "avx512", "avx2" or "portable". */
const char *wr_cpu_level_name(int level);

/* An atomic counter for sharing work among threads. */
long wr_fetch_add(long *counter, long value);
/* Reads such a counter (acquire). */
long wr_atomic_load(const long *counter);

/* ---- The transformed-domain product (batched_product.c) ----
 *
 * For each of `positions` transformed positions t (n² of them), and a block
 * of tiles: M_t[K × tiles] = U_t[K × C] · V_t[C × tiles].
 *
 * V and M keep tiles in blocks of WR_TILE_BLOCK, so the input transform writes
 * and the output transform reads them in place (no packing pass):
 *   V[t][tile / B][c][tile % B] at t*v_position_stride + (tile/B)*C*B + c*B + tile%B
 *   M[t][tile / B][k][tile % B] at t*m_position_stride + (tile/B)*K*B + k*B + tile%B
 * with B = WR_TILE_BLOCK, tiles padded to a multiple of B.
 * U is packed once per filter set by wr_pack_filters, in blocks of at most
 * WR_FILTER_ROWS filters (wr_filter_block). */
#define WR_TILE_BLOCK 16
#define WR_FILTER_ROWS 12

/* Blocks the K filters are packed in. */
int wr_filter_blocks(int K);
/* Rows in filter block kb (12, 8 or 4; more than K has only in the last), and its first row. */
int wr_filter_block(int K, int kb, int *first_row);
/* Floats needed by the packed filters. */
size_t wr_packed_filters_count(int positions, int K, int C);
/* u[t][k][c] (row-major, positions×K×C) → packed. */
void wr_pack_filters(const float *u, int positions, int K, int C, float *packed);
/* M for positions [t_begin, t_end) and tile blocks [block_begin, block_end).
 * `columns` is how many tiles V holds (the last block may have fewer than
 * B; the lanes past them in M are left undefined). */
void wr_batched_product(const float *packed, const float *v, float *m,
                        int K, int C, int columns,
                        size_t v_position_stride, size_t m_position_stride,
                        int t_begin, int t_end, int block_begin, int block_end);

/* ---- References and baselines (direct.c, sgemm.c, im2col.c, fma_peak.c) ---- */

/* Direct correlation, NCHW × KCRS → NCHW, stride 1, zero padding; bias may be
 * NULL. Computes output channels [k_begin, k_end) of every image. */
void wr_direct_f32(const float *input, const float *filters, const float *bias, float *output,
                   int N, int C, int H, int W, int K, int R, int S,
                   int pad_top, int pad_left, int H_out, int W_out, int k_begin, int k_end);
void wr_direct_f64(const double *input, const double *filters, const double *bias, double *output,
                   int N, int C, int H, int W, int K, int R, int S,
                   int pad_top, int pad_left, int H_out, int W_out, int k_begin, int k_end);

/* C[M×N] = A[M×K] · B[K×N] (row-major, leading dimensions lda, ldb, ldc), rows
 * [m_begin, m_end) of C only, so threads can split M. */
void wr_sgemm(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc,
              int m_begin, int m_end);

/* im2col for one image: columns[(c*R + r)*S + s][y*W_out + x] = input[c][y+r-pad_top][x+s-pad_left] (0 outside). */
void wr_im2col(const float *image, int C, int H, int W, int R, int S, int pad_top, int pad_left,
               int H_out, int W_out, float *columns);

/* Single-precision FMA throughput of this thread over about `seconds`, in GFLOP/s
 * (2 flops per lane per FMA), with the widest vectors the CPU has. */
double wr_fma_peak_gflops(double seconds);
/* The same on `threads` threads started together (a start gate, so they
 * overlap), summed: the machine's peak for that many threads. */
double wr_fma_peak_gflops_threads(int threads, double seconds);


/* ---- The input and output stages (stages.c, lanes.c) ----
 *
 * Transforms of 16 tiles at once, one per vector lane. A lanes kernel reads
 * element i of the 16 tiles as the vector in[i·in_stride + 0…15] and writes
 * result k as the vector out[k·out_stride + 0…15]: the stages gather tiles
 * from the image into such vectors and scatter results back, and the
 * blocked layouts above are read and written in place. */
typedef void (*wr_lanes_kernel)(const float *in, size_t in_stride, float *out, size_t out_stride);

/* The largest tile side (n = m + r − 1) the dense kernels take. */
#define WR_MAX_SIDE 24

/* One tile shape for the stages. The input stage reads n0×n1 patches, m0×m1
 * apart, and transforms them to t0×t1 values; the output stage transforms
 * t0×t1 values to m0×m1 tiles. Convolution: t = n, patches overlap. The
 * filter gradient's output-gradient stage: patches of m×m, m apart, through
 * G to t = m + R − 1 values. */
typedef struct {
    int m0, m1, n0, n1, t0, t1;
    wr_lanes_kernel input;       /* NULL: dense products with BT0, BT1 */
    wr_lanes_kernel output;      /* NULL: dense products with AT0, AT1 */
    const float *BT0, *BT1;      /* t0×n0 and t1×n1, row-major */
    const float *AT0, *AT1;      /* m0×t0 and m1×t1 */
} wr_tile_kernels;

/* The committed lanes kernels of F(m×m, r×r) for this CPU; 0 when none.
 * variant 0: the default points; 1: the searched points of F(4,3). */
int wr_committed_lanes(int m, int r, int variant, wr_lanes_kernel *input, wr_lanes_kernel *filter, wr_lanes_kernel *output);

/* A dense lanes transform for any matrices: out = T0 · in · T1ᵀ, in is
 * p0×p1 and T0, T1 are a0×p0 and a1×p1 (row-major), every value 16 lanes. */
void wr_dense_lanes(const float *T0, int a0, int p0, const float *T1, int a1, int p1,
                    const float *in, size_t in_stride, float *out, size_t out_stride);

/* The tile's input transform (n0×n1 → t0×t1) and output transform (t0×t1 →
 * m0×m1) on 16 tiles: the committed lanes kernel, else the dense one. */
void wr_tile_input(const wr_tile_kernels *kernels, const float *in, size_t in_stride, float *out, size_t out_stride);
void wr_tile_output(const wr_tile_kernels *kernels, const float *in, size_t in_stride, float *out, size_t out_stride);

/* Input stage for units [unit_begin, unit_end), unit = block·C + channel:
 * the 16 tiles of one block of one channel. Tiles are numbered image by
 * image, row by row (tiles_y × tiles_x per image). */
void wr_input_stage(const wr_tile_kernels *kernels, const float *input, int C, int H, int W,
                    int pad_top, int pad_left, int tiles_y, int tiles_x, int tiles,
                    float *v, size_t v_position_stride, int unit_begin, int unit_end);

/* Output stage for units [unit_begin, unit_end), unit = block·K + filter;
 * bias may be NULL. */
void wr_output_stage(const wr_tile_kernels *kernels, const float *m, size_t m_position_stride, int K,
                     const float *bias, float *output, int H_out, int W_out, int tiles_y, int tiles_x, int tiles,
                     int unit_begin, int unit_end);

/* ---- The filter gradient (gradient.c) ----
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
void wr_transpose_blocked(const float *v, int C, int T, float *transposed);
/* dW[k][c] (K×C×m0×m1) through the output transform from M[t][c / 16][k][c % 16]
 * (m_position_stride apart), for units [unit_begin, unit_end), unit =
 * (c / 16)·K + k. */
void wr_gradient_output(const wr_tile_kernels *kernels, const float *m, size_t m_position_stride, int K, int C,
                        float *gradient, int unit_begin, int unit_end);

#ifdef __cplusplus
}
#endif

#endif
