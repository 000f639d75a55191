/* Direct float32 correlation on AVX2+FMA: register blocks of up to 6 filters
 * × 2×8 columns. See drivers/direct.c. */
#include <stdlib.h>

#include "../internal.h"

#define imax wr_imax
#define imin wr_imin

#if WR_X86

/* ---- float32, AVX2: blocks of up to 6 filters × 2×8 columns ---- */

#define Y_KB 6
#define Y_XV 2

__attribute__((target("avx2,fma"))) static WR_ALWAYS_INLINE void
direct_block_avx2(const int KB, const int XV, const direct_block *blk, const int *masks /* [S][Y_XV][8] */,
                  int width /* valid columns, 1 … 8·XV */)
{
    __m256 acc[Y_KB][Y_XV];
    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) {
        WR_UNROLL
        for (int v = 0; v < XV; v++) acc[kk][v] = _mm256_set1_ps(blk->bias ? blk->bias[kk] : 0.0f);
    }

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
// clang-format off
WR_DY(1, 1)
WR_DY(1, 2)
WR_DY(2, 1)
WR_DY(2, 2)
WR_DY(3, 1)
WR_DY(3, 2)
WR_DY(4, 1)
WR_DY(4, 2)
WR_DY(5, 1)
WR_DY(5, 2)
WR_DY(6, 1)
WR_DY(6, 2)
// clang-format on

typedef void (*direct_avx2_fn)(const direct_block *, const int *, int);
static const direct_avx2_fn direct_avx2_table[Y_KB][Y_XV] = {
    { direct_avx2_1_1, direct_avx2_1_2 }, { direct_avx2_2_1, direct_avx2_2_2 }, { direct_avx2_3_1, direct_avx2_3_2 },
    { direct_avx2_4_1, direct_avx2_4_2 }, { direct_avx2_5_1, direct_avx2_5_2 }, { direct_avx2_6_1, direct_avx2_6_2 },
};

/* The masks of the AVX2 blocks: masks[xb][s][v][lane]. */
typedef struct {
    const int *masks;
    int S;
} plan_avx2;

static void block_avx2(const direct_block *blk, int kb, int xb, int width, const void *plan)
{
    const plan_avx2 *p = plan;
    direct_avx2_table[kb - 1][(width + 7) / 8 - 1](blk, p->masks + (size_t)xb * p->S * Y_XV * 8, width);
}

int wr_direct_avx2(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                   int k_begin, int k_end)
{
    const int S = g->S, W = g->W, W_out = g->W_out, pad_left = g->pad_left;
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

    const plan_avx2 plan = { masks, S };
    wr_direct_blocks(g, input, filters, bias, output, k_begin, k_end, Y_KB, block_width, block_avx2, &plan);
    free(masks);
    return 1;
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
