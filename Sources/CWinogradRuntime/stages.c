/* The input and output stages of Winograd convolution: 16 tiles at a time
 * from the image into V's blocked layout, and from M's blocked layout into
 * the output image, with zero padding and ragged edges. */
#include "CWinogradRuntime.h"

#include <string.h>

void wr_dense_input(const wr_tile_kernels *k, const float *d, float *v, size_t v_stride);
void wr_dense_output(const wr_tile_kernels *k, const float *x, size_t x_stride, float *const *y, size_t row);

#define B WR_TILE_BLOCK

static void input_lanes(const wr_tile_kernels *k, const float *d, float *v, size_t v_stride)
{
    if (k->input) k->input(d, v, v_stride);
    else wr_dense_input(k, d, v, v_stride);
}

static void output_lanes(const wr_tile_kernels *k, const float *x, size_t x_stride, float *const *y, size_t row)
{
    if (k->output) k->output(x, x_stride, y, row);
    else wr_dense_output(k, x, x_stride, y, row);
}

void wr_input_stage(const wr_tile_kernels *k, const float *input, int C, int H, int W,
                    int pad_top, int pad_left, int tiles_y, int tiles_x, int tiles,
                    float *v, size_t v_position_stride, int unit_begin, int unit_end)
{
    const int n0 = k->n0, n1 = k->n1, per_image = tiles_y * tiles_x;
    /* The 16 tiles side by side: element i of tile j at gathered[i·16 + j]. */
    float gathered[WR_MAX_SIDE * WR_MAX_SIDE * B];
    int unit, j, i, c2;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int channel = unit % C, block = unit / C;
        for (j = 0; j < B; j++) {
            const int tile = block * B + j;
            if (tile >= tiles) {
                for (i = 0; i < n0 * n1; i++) gathered[i * B + j] = 0.0f;
                continue;
            }
            {
                const int ty = (tile % per_image) / tiles_x, tx = tile % tiles_x;
                const int y0 = ty * k->m0 - pad_top, x0 = tx * k->m1 - pad_left;
                const float *plane = input + ((size_t)(tile / per_image) * C + channel) * H * W;
                if (y0 >= 0 && x0 >= 0 && y0 + n0 <= H && x0 + n1 <= W) {
                    const float *source = plane + (size_t)y0 * W + x0;
                    for (i = 0; i < n0; i++)
                        for (c2 = 0; c2 < n1; c2++) gathered[(i * n1 + c2) * B + j] = source[(size_t)i * W + c2];
                } else {
                    for (i = 0; i < n0; i++)
                        for (c2 = 0; c2 < n1; c2++) {
                            const int y = y0 + i, x = x0 + c2;
                            gathered[(i * n1 + c2) * B + j] =
                                (y >= 0 && y < H && x >= 0 && x < W) ? plane[(size_t)y * W + x] : 0.0f;
                        }
                }
            }
        }
        input_lanes(k, gathered, v + (size_t)block * C * B + (size_t)channel * B, v_position_stride);
    }
}

void wr_output_stage(const wr_tile_kernels *k, const float *m, size_t m_position_stride, int K,
                     const float *bias, float *output, int H_out, int W_out, int tiles_y, int tiles_x, int tiles,
                     int unit_begin, int unit_end)
{
    const int m0 = k->m0, m1 = k->m1, per_image = tiles_y * tiles_x;
    float scratch[B * WR_MAX_SIDE * WR_MAX_SIDE];
    float *lanes[B];
    int unit, j, i, c2;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int filter = unit % K, block = unit / K;
        const float offset = bias ? bias[filter] : 0.0f;
        const float *x = m + (size_t)block * K * B + (size_t)filter * B;
        int interior = 1;
        for (j = 0; j < B; j++) {
            const int tile = block * B + j;
            if (tile >= tiles) { interior = 0; break; }
            {
                const int ty = (tile % per_image) / tiles_x, tx = tile % tiles_x;
                if ((ty + 1) * m0 > H_out || (tx + 1) * m1 > W_out) { interior = 0; break; }
                lanes[j] = output + ((size_t)(tile / per_image) * K + filter) * H_out * W_out
                           + (size_t)ty * m0 * W_out + (size_t)tx * m1;
            }
        }
        if (interior) {
            output_lanes(k, x, m_position_stride, lanes, (size_t)W_out);
            if (offset != 0.0f)
                for (j = 0; j < B; j++)
                    for (i = 0; i < m0; i++)
                        for (c2 = 0; c2 < m1; c2++) lanes[j][(size_t)i * W_out + c2] += offset;
            continue;
        }
        for (j = 0; j < B; j++) lanes[j] = scratch + (size_t)j * m0 * m1;
        output_lanes(k, x, m_position_stride, lanes, (size_t)m1);
        for (j = 0; j < B; j++) {
            const int tile = block * B + j;
            if (tile >= tiles) break;
            {
                const int ty = (tile % per_image) / tiles_x, tx = tile % tiles_x;
                const int rows = H_out - ty * m0 < m0 ? H_out - ty * m0 : m0;
                const int columns = W_out - tx * m1 < m1 ? W_out - tx * m1 : m1;
                float *plane = output + ((size_t)(tile / per_image) * K + filter) * H_out * W_out;
                for (i = 0; i < rows; i++)
                    for (c2 = 0; c2 < columns; c2++)
                        plane[(size_t)(ty * m0 + i) * W_out + tx * m1 + c2] = scratch[(size_t)j * m0 * m1 + i * m1 + c2] + offset;
            }
        }
    }
}
