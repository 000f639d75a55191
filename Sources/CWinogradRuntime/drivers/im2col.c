/* im2col and its adjoint, col2im, for one image.
 *
 * im2col, stride 1, zero padding:
 *   columns[(c*R + r)*S + s][y*W_out + x] = image[c][y + r − pad_top][x + s − pad_left]
 * (0 outside the image). Each row of the result is a shifted copy of the
 * image: per output row y, one zero prefix, one memcpy and one zero suffix. */
#include <string.h>

#include "../internal.h"

void wr_im2col(const wr_geometry *g, const float *image, float *columns)
{
    const int C = g->C, H = g->H, W = g->W, R = g->R, S = g->S;
    const int pad_top = g->pad_top, pad_left = g->pad_left, H_out = g->H_out, W_out = g->W_out;
    const size_t plane = (size_t)H_out * W_out;
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++)
            for (int s = 0; s < S; s++) {
                float *row = columns + ((size_t)(c * R + r) * S + s) * plane;
                /* Output columns x whose input column x + s − pad_left is inside. */
                const int x_lo = wr_imin(W_out, wr_imax(0, pad_left - s));
                const int x_hi = wr_imax(x_lo, wr_imin(W_out, W + pad_left - s));
                for (int y = 0; y < H_out; y++) {
                    float *out = row + (size_t)y * W_out;
                    const int iy = y + r - pad_top;
                    if (iy < 0 || iy >= H) {
                        memset(out, 0, sizeof(float) * (size_t)W_out);
                        continue;
                    }
                    const float *in = image + ((size_t)c * H + iy) * W;
                    if (x_lo > 0) memset(out, 0, sizeof(float) * (size_t)x_lo);
                    if (x_hi > x_lo)
                        memcpy(out + x_lo, in + (x_lo + s - pad_left), sizeof(float) * (size_t)(x_hi - x_lo));
                    if (x_hi < W_out) memset(out + x_hi, 0, sizeof(float) * (size_t)(W_out - x_hi));
                }
            }
}

/* col2im, the adjoint of wr_im2col on the same geometry: image (C×H×W) =
 * Σ over (c, r, s) of its columns row shifted back into place; what a
 * transposed convolution computes from Wᵀ·dY. Each row's in-image run is
 * one vector add per output row. */
void wr_col2im(const wr_geometry *g, const float *columns, float *image)
{
    const int C = g->C, H = g->H, W = g->W, R = g->R, S = g->S;
    const int pad_top = g->pad_top, pad_left = g->pad_left, H_out = g->H_out, W_out = g->W_out;
    const size_t plane = (size_t)H_out * W_out;
    memset(image, 0, sizeof(float) * (size_t)C * H * W);
    for (int c = 0; c < C; c++)
        for (int r = 0; r < R; r++)
            for (int s = 0; s < S; s++) {
                const float *row = columns + ((size_t)(c * R + r) * S + s) * plane;
                const int x_lo = wr_imin(W_out, wr_imax(0, pad_left - s));
                const int x_hi = wr_imax(x_lo, wr_imin(W_out, W + pad_left - s));
                if (x_hi <= x_lo) continue;
                for (int y = 0; y < H_out; y++) {
                    const int iy = y + r - pad_top;
                    if (iy < 0 || iy >= H) continue;
                    float *out = image + ((size_t)c * H + iy) * W + (x_lo + s - pad_left);
                    const float *in = row + (size_t)y * W_out + x_lo;
                    for (int x = 0; x < x_hi - x_lo; x++) out[x] += in[x];
                }
            }
}
