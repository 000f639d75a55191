/* Direct correlation, NCHW × KCRS → NCHW, stride 1, zero padding.
 *
 * float32: the output is computed in register blocks of filters × columns
 * (AVX-512: 6 filters × 4 vectors = 6×64 values, AVX2: 6 filters × 2
 * vectors = 6×16), accumulated over every c, r, s before one store, so each
 * input load feeds 6 FMAs and each output is written once. Padded
 * borders: rows outside the image are skipped (r range clipped per output
 * row), columns outside it are masked off per s (the lanes x with
 * 0 ≤ x + s − pad_left < W and x < W_out), never branched on per element.
 *
 * The vector kernels are in microkernels/direct_*.c; the context names the
 * one to use. float64 is the reference: one output at a time, summed in c,
 * r, s order. */
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

void wr_direct_blocks(const wr_geometry *g, const float *input, const float *filters, const float *bias, float *output,
                      int k_begin, int k_end, int max_filters, int block_width, wr_direct_block_fn block,
                      const void *plan)
{
    const int x_blocks = (g->W_out + block_width - 1) / block_width;
    direct_block blk;
    blk.out_plane = (size_t)g->H_out * g->W_out;
    blk.filter_size = (size_t)g->C * g->R * g->S;
    blk.C = g->C;
    blk.H = g->H;
    blk.W = g->W;
    blk.R = g->R;
    blk.S = g->S;
    for (int n = 0; n < g->N; n++) {
        blk.image = input + (size_t)n * g->C * g->H * g->W;
        for (int k0 = k_begin; k0 < k_end; k0 += max_filters) {
            const int kb = imin(max_filters, k_end - k0);
            blk.weights = filters + (size_t)k0 * blk.filter_size;
            blk.bias = bias ? bias + k0 : NULL;
            for (int y = 0; y < g->H_out; y++) {
                blk.row0 = y - g->pad_top;
                blk.r_lo = imax(0, g->pad_top - y);
                blk.r_hi = imin(g->R, g->H + g->pad_top - y);
                for (int xb = 0; xb < x_blocks; xb++) {
                    const int x0 = xb * block_width;
                    blk.col0 = x0 - g->pad_left;
                    blk.out = output + (((size_t)n * g->K + k0) * g->H_out + y) * g->W_out + x0;
                    block(&blk, kb, xb, imin(block_width, g->W_out - x0), plan);
                }
            }
        }
    }
}

void wr_direct_f32(const wr_context *ctx, const wr_geometry *g, const float *input, const float *filters,
                   const float *bias, float *output, int k_begin, int k_end)
{
    if (k_begin < 0) k_begin = 0;
    if (k_end > g->K) k_end = g->K;
    if (k_begin >= k_end || g->N <= 0 || g->H_out <= 0 || g->W_out <= 0) return;
    if (ctx->direct && ctx->direct(g, input, filters, bias, output, k_begin, k_end)) return;
    wr_direct_portable_run(input, filters, bias, output, g->N, g->C, g->H, g->W, g->K, g->R, g->S, g->pad_top,
                           g->pad_left, g->H_out, g->W_out, k_begin, k_end);
}
