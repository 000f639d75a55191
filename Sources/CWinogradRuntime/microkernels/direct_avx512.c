/* Direct float32 correlation on AVX-512: register blocks of up to 6 filters ×
 * 4×16 columns, accumulated over every c, r, s before one store; padded
 * columns masked off per s. See drivers/direct.c. */
#include <stdlib.h>

#include "../internal.h"

#define imax wr_imax
#define imin wr_imin

#if WR_X86

/* ---- float32, AVX-512: blocks of up to 6 filters × 4×16 columns ---- */

#define Z_KB 6
#define Z_XV 4

__attribute__((target("avx512f,fma"))) static WR_ALWAYS_INLINE void
direct_block_avx512(const int KB, const int XV, const direct_block *blk, const __mmask16 *masks /* [S][Z_XV] */,
                    __mmask16 store_mask /* last vector */)
{
    __m512 acc[Z_KB][Z_XV];
    WR_UNROLL
    for (int kk = 0; kk < KB; kk++) {
        WR_UNROLL
        for (int v = 0; v < XV; v++) acc[kk][v] = _mm512_set1_ps(blk->bias ? blk->bias[kk] : 0.0f);
    }

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
// clang-format off
WR_DZ(1, 1)
WR_DZ(1, 2)
WR_DZ(1, 3)
WR_DZ(1, 4)
WR_DZ(2, 1)
WR_DZ(2, 2)
WR_DZ(2, 3)
WR_DZ(2, 4)
WR_DZ(3, 1)
WR_DZ(3, 2)
WR_DZ(3, 3)
WR_DZ(3, 4)
WR_DZ(4, 1)
WR_DZ(4, 2)
WR_DZ(4, 3)
WR_DZ(4, 4)
WR_DZ(5, 1)
WR_DZ(5, 2)
WR_DZ(5, 3)
WR_DZ(5, 4)
WR_DZ(6, 1)
WR_DZ(6, 2)
WR_DZ(6, 3)
WR_DZ(6, 4)
// clang-format on

typedef void (*direct_avx512_fn)(const direct_block *, const __mmask16 *, __mmask16);
static const direct_avx512_fn direct_avx512_table[Z_KB][Z_XV] = {
    { direct_avx512_1_1, direct_avx512_1_2, direct_avx512_1_3, direct_avx512_1_4 },
    { direct_avx512_2_1, direct_avx512_2_2, direct_avx512_2_3, direct_avx512_2_4 },
    { direct_avx512_3_1, direct_avx512_3_2, direct_avx512_3_3, direct_avx512_3_4 },
    { direct_avx512_4_1, direct_avx512_4_2, direct_avx512_4_3, direct_avx512_4_4 },
    { direct_avx512_5_1, direct_avx512_5_2, direct_avx512_5_3, direct_avx512_5_4 },
    { direct_avx512_6_1, direct_avx512_6_2, direct_avx512_6_3, direct_avx512_6_4 },
};

/* The lanes [lo, hi) of a 16-lane vector. */
static __mmask16 lane_range16(int lo, int hi)
{
    lo = imax(lo, 0);
    hi = imin(hi, 16);
    if (hi <= lo) return 0;
    return (__mmask16)(((1u << hi) - 1u) & ~((1u << lo) - 1u));
}

/* The masks of the AVX-512 blocks: masks[xb][s][v]. */
typedef struct {
    const __mmask16 *masks;
    int S;
} plan_avx512;

static void block_avx512(const direct_block *blk, int kb, int xb, int width, const void *plan)
{
    const plan_avx512 *p = plan;
    const int xv = (width + 15) / 16;
    direct_avx512_table[kb - 1][xv - 1](blk, p->masks + (size_t)xb * p->S * Z_XV,
                                        lane_range16(0, width - 16 * (xv - 1)));
}

int wr_direct_avx512(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                     int k_begin, int k_end)
{
    const int S = g->S, W = g->W, W_out = g->W_out, pad_left = g->pad_left;
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

    const plan_avx512 plan = { masks, S };
    wr_direct_blocks(g, input, filters, bias, output, k_begin, k_end, Z_KB, block_width, block_avx512, &plan);
    free(masks);
    return 1;
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
