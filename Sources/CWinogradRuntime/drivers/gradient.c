/* The filter gradient's rearrangements between the stages and the batched
 * product, and its output transform (see CWinogradRuntime.h). */
#include "../internal.h"

#define B WR_TILE_BLOCK

void wr_pack_blocked_filters(const float *u, int K, int T, float *packed)
{
    const int blocks = wr_filter_blocks(K);
    for (int kb = 0; kb < blocks; kb++) {
        int first;
        const int height = wr_filter_block(K, kb, &first);
        for (int tile = 0; tile < T; tile++) {
            const float *column = u + (size_t)(tile / B) * K * B + tile % B;
            for (int i = 0; i < height; i++) {
                const int k = first + i;
                *packed++ = k < K ? column[(size_t)k * B] : 0.0f;
            }
        }
    }
}

void wr_transpose_blocked(const wr_context *ctx, const float *v, int C, int T, float *transposed)
{
    const int channel_blocks = (C + B - 1) / B, tile_blocks = (T + B - 1) / B;
    for (int cb = 0; cb < channel_blocks; cb++) {
        float *out = transposed + (size_t)cb * T * B;
        for (int b = 0; b < tile_blocks; b++) {
            const float *in = v + (size_t)b * C * B + (size_t)cb * B * B;
            const int tiles = wr_imin(T - b * B, B), channels = wr_imin(C - cb * B, B);
            if (ctx->transpose16 && tiles == B && channels == B) {
                ctx->transpose16(in, B, out + (size_t)b * B * B, B);
                continue;
            }
            for (int j = 0; j < tiles; j++)
                for (int l = 0; l < B; l++)
                    out[(size_t)(b * B + j) * B + l] = l < channels ? in[(size_t)l * B + j] : 0.0f;
        }
    }
}

void wr_gradient_output(const wr_context *ctx, const wr_tile_kernels *k, const float *m, size_t m_position_stride,
                        int K, int C, float *gradient, int unit_begin, int unit_end)
{
    const int outputs = k->m0 * k->m1;
    float buffer[WR_MAX_SIDE * WR_MAX_SIDE * B];
    for (int unit = unit_begin; unit < unit_end; unit++) {
        const int filter = unit % K, cb = unit / K;
        const int channels = wr_imin(C - cb * B, B);
        const float *x = m + (size_t)cb * K * B + (size_t)filter * B;
        wr_tile_output(ctx, k, x, m_position_stride, buffer, B);
        for (int l = 0; l < channels; l++) {
            float *target = gradient + ((size_t)filter * C + cb * B + l) * outputs;
            for (int e = 0; e < outputs; e++) target[e] = buffer[e * B + l];
        }
    }
}
