/* Direct correlation, NCHW × KCRS → NCHW, stride 1, zero padding.
 *
 * float32: the output is computed in register blocks of filters × columns
 * (AVX-512: 4 filters × 4 vectors = 4×64 values, AVX2: 6 filters × 2
 * vectors = 6×16), accumulated over every c, r, s before one store, so each
 * input load feeds 4 or 6 FMAs and each output is written once. Padded
 * borders: rows outside the image are skipped (r range clipped per output
 * row), columns outside it are masked off per s (the lanes x with
 * 0 ≤ x + s − pad_left < W and x < W_out), never branched on per element.
 *
 * float64 is the reference: one output at a time, summed in c, r, s order. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define imax wr_imax
#define imin wr_imin

/* ---- float64 reference ---- */

void wr_direct_f64(const wr_geometry *g, const double *input, const double *filters, const double *bias, double *output,
                   int k_begin, int k_end)
{
    const int N = g->N, C = g->C, H = g->H, W = g->W, K = g->K, R = g->R, S = g->S;
    const int pad_top = g->pad_top, pad_left = g->pad_left, H_out = g->H_out, W_out = g->W_out;
    for (int n = 0; n < N; n++)
        for (int k = k_begin; k < k_end; k++) {
            double *plane = output + ((size_t)n * K + k) * H_out * W_out;
            for (int y = 0; y < H_out; y++) {
                const int r_lo = imax(0, pad_top - y), r_hi = imin(R, H + pad_top - y);
                for (int x = 0; x < W_out; x++) {
                    const int s_lo = imax(0, pad_left - x), s_hi = imin(S, W + pad_left - x);
                    double sum = 0;
                    for (int c = 0; c < C; c++)
                        for (int r = r_lo; r < r_hi; r++) {
                            const double *in =
                                input + (((size_t)n * C + c) * H + (y + r - pad_top)) * W + (x - pad_left);
                            const double *w = filters + (((size_t)k * C + c) * R + r) * S;
                            for (int s = s_lo; s < s_hi; s++) sum += w[s] * in[s];
                        }
                    plane[(size_t)y * W_out + x] = bias ? sum + bias[k] : sum;
                }
            }
        }
}

/* ---- float32, portable: out row += w · in row ---- */

static void direct_f32_portable(const float *input, const float *filters, const float *bias, float *output, int N,
                                int C, int H, int W, int K, int R, int S, int pad_top, int pad_left, int H_out,
                                int W_out, int k_begin, int k_end)
{
    for (int n = 0; n < N; n++)
        for (int k = k_begin; k < k_end; k++) {
            float *plane = output + ((size_t)n * K + k) * H_out * W_out;
            const float b = bias ? bias[k] : 0.0f;
            for (size_t i = 0; i < (size_t)H_out * W_out; i++) plane[i] = b;
            for (int c = 0; c < C; c++)
                for (int r = 0; r < R; r++)
                    for (int s = 0; s < S; s++) {
                        const float w = filters[(((size_t)k * C + c) * R + r) * S + s];
                        const int x_lo = imax(0, pad_left - s), x_hi = imin(W_out, W + pad_left - s);
                        const int y_lo = imax(0, pad_top - r), y_hi = imin(H_out, H + pad_top - r);
                        for (int y = y_lo; y < y_hi; y++) {
                            const float *in =
                                input + (((size_t)n * C + c) * H + (y + r - pad_top)) * W + (s - pad_left);
                            float *out = plane + (size_t)y * W_out;
                            for (int x = x_lo; x < x_hi; x++) out[x] += w * in[x];
                        }
                    }
        }
}

#if WR_X86

/* The shape of one register block and where it is. */
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

/* ---- float32, AVX-512: blocks of up to 4 filters × 4×16 columns ---- */

#define Z_KB 4
#define Z_XV 4

__attribute__((target("avx512f,fma"))) static WR_ALWAYS_INLINE void
direct_block_avx512(const int KB, const int XV, const direct_block *blk, const __mmask16 *masks /* [S][Z_XV] */,
                    __mmask16 store_mask /* last vector */)
{
    __m512 acc[Z_KB][Z_XV];
    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) WR_UNROLL
    for (int v = 0; v < XV; v++) acc[kk][v] = _mm512_set1_ps(blk->bias ? blk->bias[kk] : 0.0f);

    const int C = blk->C, H = blk->H, W = blk->W, R = blk->R, S = blk->S;
    for (int c = 0; c < C; c++)
        for (int r = blk->r_lo; r < blk->r_hi; r++) {
            const float *in = blk->image + ((size_t)c * H + (blk->row0 + r)) * W + blk->col0;
            const float *w = blk->weights + ((size_t)c * R + r) * S;
            for (int s = 0; s < S; s++) {
                __m512 x[Z_XV];
                WR_UNROLL
                for (int v = 0; v < XV; v++) x[v] = _mm512_maskz_loadu_ps(masks[s * Z_XV + v], in + s + 16 * v);
                WR_UNROLL
                for (int kk = 0; kk < KB; kk++) {
                    __m512 wk = _mm512_set1_ps(w[kk * blk->filter_size + s]);
                    WR_UNROLL
                    for (int v = 0; v < XV; v++) acc[kk][v] = _mm512_fmadd_ps(wk, x[v], acc[kk][v]);
                }
            }
        }

    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) {
        float *out = blk->out + kk * blk->out_plane;
        WR_UNROLL
        for (int v = 0; v < XV - 1; v++) _mm512_storeu_ps(out + 16 * v, acc[kk][v]);
        _mm512_mask_storeu_ps(out + 16 * (XV - 1), store_mask, acc[kk][XV - 1]);
    }
}

#define WR_DZ(KB, XV)                                                             \
    __attribute__((target("avx512f,fma"))) static void direct_avx512_##KB##_##XV( \
        const direct_block *blk, const __mmask16 *masks, __mmask16 store_mask)    \
    {                                                                             \
        direct_block_avx512(KB, XV, blk, masks, store_mask);                      \
    }
WR_DZ(1, 1)
WR_DZ(1, 2) WR_DZ(1, 3) WR_DZ(1, 4) WR_DZ(2, 1) WR_DZ(2, 2) WR_DZ(2, 3) WR_DZ(2, 4) WR_DZ(3, 1) WR_DZ(3, 2) WR_DZ(3, 3)
    WR_DZ(3, 4) WR_DZ(4, 1) WR_DZ(4, 2) WR_DZ(4, 3) WR_DZ(4, 4)

        typedef void (*direct_avx512_fn)(const direct_block *, const __mmask16 *, __mmask16);
static const direct_avx512_fn direct_avx512_table[Z_KB][Z_XV] = {
    { direct_avx512_1_1, direct_avx512_1_2, direct_avx512_1_3, direct_avx512_1_4 },
    { direct_avx512_2_1, direct_avx512_2_2, direct_avx512_2_3, direct_avx512_2_4 },
    { direct_avx512_3_1, direct_avx512_3_2, direct_avx512_3_3, direct_avx512_3_4 },
    { direct_avx512_4_1, direct_avx512_4_2, direct_avx512_4_3, direct_avx512_4_4 },
};

/* The lanes [lo, hi) of a 16-lane vector. */
static __mmask16 lane_range16(int lo, int hi)
{
    lo = imax(lo, 0);
    hi = imin(hi, 16);
    if (hi <= lo) return 0;
    return (__mmask16)(((1u << hi) - 1u) & ~((1u << lo) - 1u));
}

static int direct_f32_avx512(const float *input, const float *filters, const float *bias, float *output, int N, int C,
                             int H, int W, int K, int R, int S, int pad_top, int pad_left, int H_out, int W_out,
                             int k_begin, int k_end)
{
    const int block_width = 16 * Z_XV;
    const int x_blocks = (W_out + block_width - 1) / block_width;
    /* masks[xb][s][v]: lanes whose input column x + s − pad_left is inside the image. */
    __mmask16 *masks = malloc(sizeof(__mmask16) * (size_t)x_blocks * S * Z_XV);
    if (!masks) return 0;
    for (int xb = 0; xb < x_blocks; xb++)
        for (int s = 0; s < S; s++)
            for (int v = 0; v < Z_XV; v++) {
                const int x = xb * block_width + 16 * v; /* lane 0 */
                masks[((size_t)xb * S + s) * Z_XV + v] =
                    lane_range16(pad_left - s - x, imin(W + pad_left - s - x, W_out - x));
            }

    direct_block blk;
    blk.out_plane = (size_t)H_out * W_out;
    blk.filter_size = (size_t)C * R * S;
    blk.C = C;
    blk.H = H;
    blk.W = W;
    blk.R = R;
    blk.S = S;
    for (int n = 0; n < N; n++) {
        blk.image = input + (size_t)n * C * H * W;
        for (int k0 = k_begin; k0 < k_end; k0 += Z_KB) {
            const int kb = imin(Z_KB, k_end - k0);
            blk.weights = filters + (size_t)k0 * blk.filter_size;
            blk.bias = bias ? bias + k0 : NULL;
            for (int y = 0; y < H_out; y++) {
                blk.row0 = y - pad_top;
                blk.r_lo = imax(0, pad_top - y);
                blk.r_hi = imin(R, H + pad_top - y);
                for (int xb = 0; xb < x_blocks; xb++) {
                    const int x0 = xb * block_width;
                    const int width = imin(block_width, W_out - x0);
                    const int xv = (width + 15) / 16;
                    blk.col0 = x0 - pad_left;
                    blk.out = output + (((size_t)n * K + k0) * H_out + y) * W_out + x0;
                    direct_avx512_table[kb - 1][xv - 1](&blk, masks + (size_t)xb * S * Z_XV,
                                                        lane_range16(0, width - 16 * (xv - 1)));
                }
            }
        }
    }
    free(masks);
    return 1;
}

/* ---- float32, AVX2: blocks of up to 6 filters × 2×8 columns ---- */

#define Y_KB 6
#define Y_XV 2

__attribute__((target("avx2,fma"))) static WR_ALWAYS_INLINE void
direct_block_avx2(const int KB, const int XV, const direct_block *blk, const int *masks /* [S][Y_XV][8] */,
                  int width /* valid columns, 1 … 8·XV */)
{
    __m256 acc[Y_KB][Y_XV];
    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) WR_UNROLL
    for (int v = 0; v < XV; v++) acc[kk][v] = _mm256_set1_ps(blk->bias ? blk->bias[kk] : 0.0f);

    const int C = blk->C, H = blk->H, W = blk->W, R = blk->R, S = blk->S;
    for (int c = 0; c < C; c++)
        for (int r = blk->r_lo; r < blk->r_hi; r++) {
            const float *in = blk->image + ((size_t)c * H + (blk->row0 + r)) * W + blk->col0;
            const float *w = blk->weights + ((size_t)c * R + r) * S;
            for (int s = 0; s < S; s++) {
                __m256 x[Y_XV];
                WR_UNROLL
                for (int v = 0; v < XV; v++)
                    x[v] = _mm256_maskload_ps(in + s + 8 * v,
                                              _mm256_loadu_si256((const __m256i *)(masks + (s * Y_XV + v) * 8)));
                WR_UNROLL
                for (int kk = 0; kk < KB; kk++) {
                    __m256 wk = _mm256_broadcast_ss(w + kk * blk->filter_size + s);
                    WR_UNROLL
                    for (int v = 0; v < XV; v++) acc[kk][v] = _mm256_fmadd_ps(wk, x[v], acc[kk][v]);
                }
            }
        }

    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) {
        float *out = blk->out + kk * blk->out_plane;
        if (width == 8 * XV) {
            WR_UNROLL
            for (int v = 0; v < XV; v++) _mm256_storeu_ps(out + 8 * v, acc[kk][v]);
        } else {
            float tile[8 * Y_XV] __attribute__((aligned(32)));
            WR_UNROLL
            for (int v = 0; v < XV; v++) _mm256_store_ps(tile + 8 * v, acc[kk][v]);
            for (int j = 0; j < width; j++) out[j] = tile[j];
        }
    }
}

#define WR_DY(KB, XV)                                                                                                  \
    __attribute__((target("avx2,fma"))) static void direct_avx2_##KB##_##XV(const direct_block *blk, const int *masks, \
                                                                            int width)                                 \
    {                                                                                                                  \
        direct_block_avx2(KB, XV, blk, masks, width);                                                                  \
    }
WR_DY(1, 1)
WR_DY(1, 2) WR_DY(2, 1) WR_DY(2, 2) WR_DY(3, 1) WR_DY(3, 2) WR_DY(4, 1) WR_DY(4, 2) WR_DY(5, 1) WR_DY(5, 2) WR_DY(6, 1)
    WR_DY(6, 2)

        typedef void (*direct_avx2_fn)(const direct_block *, const int *, int);
static const direct_avx2_fn direct_avx2_table[Y_KB][Y_XV] = {
    { direct_avx2_1_1, direct_avx2_1_2 }, { direct_avx2_2_1, direct_avx2_2_2 }, { direct_avx2_3_1, direct_avx2_3_2 },
    { direct_avx2_4_1, direct_avx2_4_2 }, { direct_avx2_5_1, direct_avx2_5_2 }, { direct_avx2_6_1, direct_avx2_6_2 },
};

static int direct_f32_avx2(const float *input, const float *filters, const float *bias, float *output, int N, int C,
                           int H, int W, int K, int R, int S, int pad_top, int pad_left, int H_out, int W_out,
                           int k_begin, int k_end)
{
    const int block_width = 8 * Y_XV;
    const int x_blocks = (W_out + block_width - 1) / block_width;
    /* masks[xb][s][v][lane]: −1 where the input column is inside the image. */
    int *masks = malloc(sizeof(int) * (size_t)x_blocks * S * Y_XV * 8);
    if (!masks) return 0;
    for (int xb = 0; xb < x_blocks; xb++)
        for (int s = 0; s < S; s++)
            for (int v = 0; v < Y_XV; v++)
                for (int lane = 0; lane < 8; lane++) {
                    const int x = xb * block_width + 8 * v + lane, column = x + s - pad_left;
                    masks[(((size_t)xb * S + s) * Y_XV + v) * 8 + lane] =
                        (x < W_out && column >= 0 && column < W) ? -1 : 0;
                }

    direct_block blk;
    blk.out_plane = (size_t)H_out * W_out;
    blk.filter_size = (size_t)C * R * S;
    blk.C = C;
    blk.H = H;
    blk.W = W;
    blk.R = R;
    blk.S = S;
    for (int n = 0; n < N; n++) {
        blk.image = input + (size_t)n * C * H * W;
        for (int k0 = k_begin; k0 < k_end; k0 += Y_KB) {
            const int kb = imin(Y_KB, k_end - k0);
            blk.weights = filters + (size_t)k0 * blk.filter_size;
            blk.bias = bias ? bias + k0 : NULL;
            for (int y = 0; y < H_out; y++) {
                blk.row0 = y - pad_top;
                blk.r_lo = imax(0, pad_top - y);
                blk.r_hi = imin(R, H + pad_top - y);
                for (int xb = 0; xb < x_blocks; xb++) {
                    const int x0 = xb * block_width;
                    const int width = imin(block_width, W_out - x0);
                    const int xv = (width + 7) / 8;
                    blk.col0 = x0 - pad_left;
                    blk.out = output + (((size_t)n * K + k0) * H_out + y) * W_out + x0;
                    direct_avx2_table[kb - 1][xv - 1](&blk, masks + (size_t)xb * S * Y_XV * 8, width);
                }
            }
        }
    }
    free(masks);
    return 1;
}

#endif /* __x86_64__ */

void wr_direct_f32(const wr_context *ctx, const wr_geometry *g, const float *input, const float *filters,
                   const float *bias, float *output, int k_begin, int k_end)
{
    const int N = g->N, C = g->C, H = g->H, W = g->W, K = g->K, R = g->R, S = g->S;
    const int pad_top = g->pad_top, pad_left = g->pad_left, H_out = g->H_out, W_out = g->W_out;
    if (k_begin < 0) k_begin = 0;
    if (k_end > K) k_end = K;
    if (k_begin >= k_end || N <= 0 || H_out <= 0 || W_out <= 0) return;
#if WR_X86
    if (ctx->isa >= WR_AVX512
        && direct_f32_avx512(input, filters, bias, output, N, C, H, W, K, R, S, pad_top, pad_left, H_out, W_out,
                             k_begin, k_end))
        return;
    if (ctx->isa >= WR_AVX2
        && direct_f32_avx2(input, filters, bias, output, N, C, H, W, K, R, S, pad_top, pad_left, H_out, W_out, k_begin,
                           k_end))
        return;
#else
    (void)ctx;
#endif
    direct_f32_portable(input, filters, bias, output, N, C, H, W, K, R, S, pad_top, pad_left, H_out, W_out, k_begin,
                        k_end);
}
