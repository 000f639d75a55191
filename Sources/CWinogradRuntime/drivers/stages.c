/* The filter, input and output stages of Winograd convolution: 16 filters
 * or tiles at a time (one per vector lane) from the filters into U, from
 * the image into V's blocked layout, and from M's blocked layout into the
 * output image, with zero padding and ragged edges. The drivers plan each
 * block of 16 tiles; the context's microkernels gather and scatter it where
 * the instruction set has them, and plain loops do it elsewhere. */
#include "../internal.h"

#include <limits.h>
#include <string.h>

#define B WR_TILE_BLOCK

/* ---- Filters ---- */

/* The most taps a batch of 16 channels takes (7×7 filters): 49 KiB on the stack. */
#define WR_BATCH_TAPS 49

float wr_stored_filter_value(float value, int format)
{
    switch (format) {
    case WR_FILTERS_BFLOAT16: return wr_bfloat16_to_float(wr_float_to_bfloat16(value));
    case WR_FILTERS_FLOAT16: return wr_half_to_float(wr_float_to_half(value));
    default: return value;
    }
}

/* Stores the transforms of one channel's `height` filters (tap t's 16 at
 * transformed[t·16]) at `element` of every position of the packed filters,
 * in 16 bits: one call for all positions (a call per position cost more
 * than the conversion). */
static void store_narrowed(const wr_context *ctx, const float *transformed, int positions, int height,
                           unsigned short *packed, size_t element, size_t position_size, int format)
{
    ctx->narrow_rows(transformed, B, packed + element, position_size, (size_t)positions, (size_t)height, format);
}

void wr_filter_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_filter_source *source, int K, int C,
                     void *packed, int format, int unit_begin, int unit_end)
{
    const int taps = k->r0 * k->r1, positions = k->t0 * k->t1;
    const size_t position_size = wr_packed_filters_count(1, K, C), row_stride = source->row_stride;
    float *const packed32 = format == WR_FILTERS_FLOAT32 ? (float *)packed : NULL;
    unsigned short *const packed16 = packed32 ? NULL : (unsigned short *)packed;
    /* The vector gather's offsets are ints. */
    const int vector = ctx->gather_filters && row_stride <= (size_t)(INT_MAX - taps) / B;
    /* Plain filters of 16 channels in a row lie in 16·taps floats of each
     * filter row: 16×16 transposes turn them into 16 channels' gathered
     * taps with contiguous loads (a gather reads 16 rows a page apart). */
    const int batches =
        ctx->transpose16 && !source->reversed && source->channel_stride == (size_t)taps && taps <= WR_BATCH_TAPS;
    /* The block's 16 filters of one channel side by side (tap i of row j at
     * gathered[i·16 + j]), and their transforms when the block is short or
     * stored in 16 bits. */
    float gathered[WR_MAX_SIDE * WR_MAX_SIDE * B], transformed[WR_MAX_SIDE * WR_MAX_SIDE * B];
    float batch[WR_BATCH_TAPS * B * B];
    for (int unit = unit_begin; unit < unit_end; unit++) {
        const int kb = unit / C, c = unit % C;
        int first_row;
        const int height = wr_filter_block(K, kb, &first_row), rows = wr_imin(height, K - first_row);
        const float *first = source->g + (size_t)first_row * row_stride + (size_t)c * source->channel_stride;
        if (batches && rows == B && c % B == 0 && c + B <= C && unit + B <= unit_end) {
            /* batch[(c'·taps + i)·16 + j]: channel c + c', tap i, row j. */
            for (int b = 0; b < taps; b++) ctx->transpose16(first + B * b, row_stride, batch + B * B * b, B);
            const size_t element = (size_t)first_row * C + (size_t)c * B;
            for (int cc = 0; cc < B; cc++) {
                const float *in = batch + (size_t)cc * taps * B;
                if (packed32) {
                    wr_tile_filter(ctx, k, in, B, packed32 + element + (size_t)cc * B, position_size);
                } else {
                    wr_tile_filter(ctx, k, in, B, transformed, B);
                    store_narrowed(ctx, transformed, positions, B, packed16, element + (size_t)cc * B, position_size,
                                   format);
                }
            }
            unit += B - 1;
            continue;
        }
        if (vector && rows == B) {
            ctx->gather_filters(first, row_stride, taps, source->reversed, gathered);
        } else {
            for (int j = 0; j < B; j++)
                for (int i = 0; i < taps; i++)
                    gathered[i * B + j] =
                        j < rows ? first[(size_t)j * row_stride + (size_t)(source->reversed ? taps - 1 - i : i)] : 0.0f;
        }
        /* packed[t][kb][c][0…height): the block's rows of channel c, one vector when the block is full. */
        const size_t element = (size_t)first_row * C + (size_t)c * height;
        if (packed32 && height == B) {
            wr_tile_filter(ctx, k, gathered, B, packed32 + element, position_size);
            continue;
        }
        wr_tile_filter(ctx, k, gathered, B, transformed, B);
        if (!packed32) {
            store_narrowed(ctx, transformed, positions, height, packed16, element, position_size, format);
            continue;
        }
        for (int t = 0; t < positions; t++)
            memcpy(packed32 + element + (size_t)t * position_size, transformed + t * B, sizeof(float) * (size_t)height);
    }
}

/* ---- Placing a block of tiles ---- */

/* The runs of one block for the output stage: maximal sets of neighbouring
 * tiles in one tile row of one image (lanes first … first + count − 1),
 * which every filter of the block shares. */
typedef struct {
    int runs, first[B], count[B];
} block_runs;

static void find_runs(const int *present, const int *y0, const int *x0, const size_t *image, int step, block_runs *r)
{
    int j = 0;
    r->runs = 0;
    while (j < B) {
        int count = 1;
        if (!present[j]) {
            j++;
            continue;
        }
        while (j + count < B && present[j + count] && image[j + count] == image[j] && y0[j + count] == y0[j]
               && x0[j + count] == x0[j] + count * step)
            count++;
        r->first[r->runs] = j;
        r->count[r->runs] = count;
        r->runs++;
        j += count;
    }
}

/* Where the tiles of one block start, (y0, x0) in their image's plane, for
 * tiles m0×m1 apart shifted by the padding, and whether each exists. */
static void place_block(int block, const wr_layout *l, int m0, int m1, int pad_top, int pad_left, int *present,
                        size_t *image, int *y0, int *x0)
{
    const long per_image = (long)l->tiles_y * l->tiles_x, tile = l->first_tile + (long)block * B;
    /* The first tile's place by division, the others' by counting on. */
    int n = (int)(tile / per_image), ty = (int)(tile % per_image / l->tiles_x), tx = (int)(tile % l->tiles_x);
    for (int j = 0; j < B; j++) {
        present[j] = block * B + j < l->tiles;
        image[j] = present[j] ? (size_t)n : 0;
        y0[j] = present[j] ? ty * m0 - pad_top : 0;
        x0[j] = present[j] ? tx * m1 - pad_left : 0;
        if (++tx == l->tiles_x) {
            tx = 0;
            if (++ty == l->tiles_y) {
                ty = 0;
                n++;
            }
        }
    }
}

/* What a vector gather of the block reads (see wr_block_reads). */
static void plan_block_reads(const int *present, const size_t *image, const int *y0, const int *x0, int n0,
                             const wr_geometry *g, wr_block_reads *reads)
{
    for (int j = 0; j < B; j++) {
        /* Columns [first, end) of the 8 are inside the image. */
        const int first = x0[j] < 0 ? -x0[j] : 0, end = wr_imin(g->W - x0[j], 8);
        const unsigned columns = present[j] && first < end ? ((1u << end) - 1u) & ~((1u << first) - 1u) : 0u;
        reads->origin[j] =
            present[j] ? (ptrdiff_t)(image[j] * g->C) * g->H * g->W + (ptrdiff_t)y0[j] * g->W + x0[j] : 0;
        for (int i = 0; i < n0; i++)
            reads->inside[i][j] = (unsigned short)(y0[j] + i >= 0 && y0[j] + i < g->H ? columns : 0u);
    }
}

/* How a vector scatter writes one run (see wr_run_scatter): element p of
 * the stretch is column p % m1 of tile first + p / m1. */
static void plan_run_scatter(int m1, int first, int count, int x0, int W_out, wr_run_scatter *plan)
{
    const int width = m1 * count, end = x0 + width < W_out ? width : W_out - x0;
    int column = 0, tile = first;
    plan->vectors = (width + 15) / 16;
    for (int v = 0; v < plan->vectors; v++) {
        plan->store[v] = 0;
        for (int q = 0; q < WR_RUN_COLUMNS / 2; q++) plan->pair[v][q] = 0;
        for (int p = 0; p < 16; p++) {
            const int at = 16 * v + p;
            plan->index[v][p] = (column & 1) * 16 + tile;
            if (at < end) plan->store[v] |= (unsigned short)(1u << p);
            if (at < width) plan->pair[v][column / 2] |= (unsigned short)(1u << p);
            /* at = m1·(tile − first) + column, counted on without dividing. */
            if (++column == m1) {
                column = 0;
                tile++;
            }
        }
    }
}

/* ---- Inputs ---- */

/* Element i of tile j, which starts at (y0, x0) of plane (possibly outside
 * it), to gathered[i·16 + j]: zeros outside the image. */
static void gather_lane(const wr_tile_kernels *k, const float *plane, int y0, int x0, int H, int W, int j,
                        float *gathered)
{
    for (int i = 0; i < k->n0; i++)
        for (int c = 0; c < k->n1; c++) {
            const int y = y0 + i, x = x0 + c;
            gathered[(i * k->n1 + c) * B + j] = (y >= 0 && y < H && x >= 0 && x < W) ? plane[(size_t)y * W + x] : 0.0f;
        }
}

void wr_input_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_geometry *g, const wr_layout *l,
                    const float *input, float *v, int unit_begin, int unit_end)
{
    const int C = g->C, n0 = k->n0, n1 = k->n1;
    const size_t plane_size = (size_t)g->H * g->W;
    /* The 16 tiles side by side: element i of tile j at gathered[i·16 + j]. */
    float gathered[WR_MAX_SIDE * WR_MAX_SIDE * B];
    /* The current block's tiles: image and patch origin (recomputed when the block changes). */
    int present[B], y0[B], x0[B], planned = -1;
    size_t image[B];
    const int vector_gather = ctx->gather_block && n1 <= ctx->gather_columns;
    wr_block_reads reads;
    for (int unit = unit_begin; unit < unit_end; unit++) {
        const int channel = unit % C, block = unit / C;
        if (block != planned) {
            place_block(block, l, k->m0, k->m1, g->pad_top, g->pad_left, present, image, y0, x0);
            if (vector_gather) plan_block_reads(present, image, y0, x0, n0, g, &reads);
            planned = block;
            /* Missing tiles (past the last) stay zero for every channel. */
            for (int j = 0; j < B; j++)
                if (!present[j])
                    for (int i = 0; i < n0 * n1; i++) gathered[i * B + j] = 0.0f;
        }
        if (vector_gather)
            ctx->gather_block(&reads, input + (size_t)channel * plane_size, n0, n1, g->W, gathered);
        else
            for (int j = 0; j < B; j++)
                if (present[j])
                    gather_lane(k, input + (image[j] * C + channel) * plane_size, y0[j], x0[j], g->H, g->W, j,
                                gathered);
        wr_tile_input(ctx, k, gathered, B, v + (size_t)block * C * B + (size_t)channel * B, l->v_position_stride);
    }
}

/* ---- Outputs ---- */

void wr_output_stage(const wr_context *ctx, const wr_tile_kernels *k, const wr_geometry *g, const wr_layout *l,
                     const float *m, const float *bias, float *output, int unit_begin, int unit_end)
{
    const int K = g->K, m0 = k->m0, m1 = k->m1, H_out = g->H_out, W_out = g->W_out;
    const size_t plane_size = (size_t)H_out * W_out;
    /* The 16 output tiles side by side: element i of tile j at buffer[i·16 + j]. */
    float buffer[WR_MAX_SIDE * WR_MAX_SIDE * B];
    /* The current block's tiles: image, origin, and runs (recomputed when the block changes). */
    int present[B], y0[B], x0[B], planned = -1;
    size_t image[B];
    block_runs runs = { 0, { 0 }, { 0 } };
    const int vector_runs = ctx->scatter_run && m1 <= ctx->scatter_columns;
    wr_run_scatter plans[B];
    for (int unit = unit_begin; unit < unit_end; unit++) {
        const int filter = unit % K, block = unit / K;
        const float offset = bias ? bias[filter] : 0.0f;
        const float *x = m + (size_t)block * K * B + (size_t)filter * B;
        if (block != planned) {
            place_block(block, l, m0, m1, 0, 0, present, image, y0, x0);
            find_runs(present, y0, x0, image, m1, &runs);
            if (vector_runs)
                for (int r = 0; r < runs.runs; r++)
                    plan_run_scatter(m1, runs.first[r], runs.count[r], x0[runs.first[r]], W_out, &plans[r]);
            planned = block;
        }
        wr_tile_output(ctx, k, x, l->m_position_stride, buffer, B);
        for (int r = 0; r < runs.runs; r++) {
            const int first = runs.first[r];
            float *plane = output + (image[first] * K + filter) * plane_size;
            const int rows = wr_imin(H_out - y0[first], m0);
            if (vector_runs) {
                ctx->scatter_run(&plans[r], m1, rows, plane + (size_t)y0[first] * W_out + x0[first], W_out, buffer,
                                 offset);
                continue;
            }
            for (int j = first; j < first + runs.count[r]; j++) {
                const int columns = wr_imin(W_out - x0[j], m1);
                for (int i = 0; i < rows; i++)
                    for (int c = 0; c < columns; c++)
                        plane[(size_t)(y0[j] + i) * W_out + x0[j] + c] = buffer[(i * m1 + c) * B + j] + offset;
            }
        }
    }
}

void wr_flip_filters(const float *g, int K, int C, int taps, float *flipped)
{
    /* In blocks of 32 filters, so that both sides move through memory in
     * runs rather than one page per value. */
    for (int k0 = 0; k0 < K; k0 += 32)
        for (int c = 0; c < C; c++)
            for (int k = k0; k < wr_imin(K, k0 + 32); k++) {
                const float *restrict source = g + ((size_t)k * C + c) * taps;
                float *restrict target = flipped + ((size_t)c * K + k) * taps;
                for (int i = 0; i < taps; i++) target[i] = source[taps - 1 - i];
            }
}
