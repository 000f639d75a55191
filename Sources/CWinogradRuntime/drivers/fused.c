/* The product and the output transform fused: one work item is one filter
 * block (16 output channels) and one or two tile blocks; the worker
 * computes that corner of M for every position into its own small buffer
 * (n₀n₁ × 2 × 16 × 16 floats, in L1/L2) and transforms it straight into the
 * image, so M never exists whole and no barrier separates the two. */
#include "../internal.h"

#define B WR_TILE_BLOCK
#define MR WR_FILTER_ROWS

size_t wr_fused_local_count(const wr_tile_kernels *k) { return (size_t)k->t0 * k->t1 * WR_FUSED_POSITION; }

int wr_fused_items(int K, int tile_blocks) { return wr_filter_blocks(K) * ((tile_blocks + 1) / 2); }

void wr_fused_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_geometry *g, const wr_layout *l,
                    const wr_product_shape *shape, const void *packed, const float *v, const float *bias, float *output,
                    int item_begin, int item_end, float *local, float *scratch)
{
    const int K = shape->K, C = shape->C, columns = shape->columns, format = shape->filter_format;
    const int positions = k->t0 * k->t1, blocks = (columns + B - 1) / B, groups = (blocks + 1) / 2;
    const size_t position_size = wr_packed_filters_count(1, K, C);
    wr_output_state state;
    state.planned = -1;
    for (int item = item_begin; item < item_end; item++) {
        /* Filter block major: neighbouring items share the block's filters. */
        const int kb = item / groups, first_block = 2 * (item % groups);
        int first_row;
        const int height = wr_filter_block(K, kb, &first_row), rows = wr_imin(K - first_row, height);
        const int count = wr_imin(2, blocks - first_block);
        const int pair = count == 2 && wr_product_pairs(ctx, columns - (first_block + 1) * B, C);
        for (int t = 0; t < positions; t++) {
            const size_t at = (size_t)t * position_size + (size_t)first_row * C;
            const float *a;
            if (format == WR_FILTERS_FLOAT32) {
                a = (const float *)packed + at;
            } else {
                ctx->widen((const unsigned short *)packed + at, scratch, (size_t)height * C, format);
                a = scratch;
            }
            const float *vt = v + (size_t)t * shape->v_position_stride + (size_t)first_block * C * B;
            float *mt = local + (size_t)t * WR_FUSED_POSITION;
            for (int b = 0; b < count; b += pair ? 2 : 1)
                wr_product_step(ctx, a, height, rows, vt + (size_t)b * C * B,
                                wr_imin(B, columns - (first_block + b) * B), pair, (size_t)C * B,
                                mt + (size_t)b * MR * B, (size_t)MR * B, C);
        }
        for (int b = 0; b < count; b++)
            for (int i = 0; i < rows; i++)
                wr_output_unit(ctx, k, g, l, &state, local + (size_t)b * MR * B + (size_t)i * B, WR_FUSED_POSITION,
                               first_block + b, first_row + i, bias, output);
    }
}
