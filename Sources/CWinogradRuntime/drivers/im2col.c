/* im2col and its adjoint, col2im, for one image.
 *
 * im2col, stride 1, zero padding:
 *   columns[(c*R + r)*S + s][y*W_out + x] = image[c][y + r − pad_top][x + s − pad_left]
 * (0 outside the image). Each row of the result is a shifted copy of the
 * image: one copy of the whole plane where the output is as wide as the
 * input, else per output row one zero prefix, one copy and one zero suffix. */
#include <stddef.h>
#include <string.h>

#include "../internal.h"

/* One row of columns, (c, r, s), where the output is as wide as the input
 * (stride 1, 'same' width): its in-image rows are then the plane read in
 * one run, shifted by (r − pad_top)·W + s − pad_left, with the columns that
 * shift past an edge set to zero afterwards — one copy instead of one per
 * output row, which on a 7-wide plane costs more than the copying. */
static void plane_same_width(const wr_geometry *g, const float *plane, int r, int s, int x_lo, int x_hi, float *row)
{
    const int W = g->W, H_out = g->H_out;
    const int y_lo = wr_imin(H_out, wr_imax(0, g->pad_top - r)),
              y_hi = wr_imax(y_lo, wr_imin(H_out, g->H + g->pad_top - r));
    const ptrdiff_t shift = (ptrdiff_t)(r - g->pad_top) * W + (s - g->pad_left);
    if (y_lo > 0) memset(row, 0, sizeof(float) * (size_t)y_lo * W);
    if (y_hi < H_out) memset(row + (size_t)y_hi * W, 0, sizeof(float) * (size_t)(H_out - y_hi) * W);
    if (y_hi == y_lo) return;
    /* The run leaves out the elements that would be read from before the
     * plane's first or after its last element: they are edge columns. */
    const ptrdiff_t first = (ptrdiff_t)y_lo * W + x_lo, end = (ptrdiff_t)(y_hi - 1) * W + x_hi;
    memcpy(row + first, plane + first + shift, sizeof(float) * (size_t)(end - first));
    for (int y = y_lo; y < y_hi; y++) {
        float *out = row + (size_t)y * W;
        for (int x = 0; x < x_lo; x++) out[x] = 0;
        for (int x = x_hi; x < W; x++) out[x] = 0;
    }
}

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
                if (W_out == W && x_hi > x_lo) {
                    plane_same_width(g, image + (size_t)c * H * W, r, s, x_lo, x_hi, row);
                    continue;
                }
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
