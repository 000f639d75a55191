/* The transformed-domain stage of Winograd convolution: for every position t
 * of the n×n transformed tile, M_t = U_t · V_t with U_t K×C (filters) and V_t
 * C×tiles (inputs). See CWinogradRuntime.h for the layouts. The driver
 * blocks for L2 and picks the microkernel shape; the context supplies them. */
#include "../internal.h"

#define B WR_TILE_BLOCK
#define MR WR_FILTER_ROWS

/* Filter rows are packed in blocks of MR = 16, the last one holding K's
 * remaining rows rounded up to 4 (4, 8, 12 or 16), so no block multiplies
 * more than 3 rows of zeros. 16 rows are one vector: the column kernel
 * reads a block's filter values of one channel as one. */
static int padded_rows(int K) { return (K + 3) / 4 * 4; }

int wr_filter_blocks(int K) { return (K + MR - 1) / MR; }

int wr_filter_block(int K, int kb, int *first_row)
{
    *first_row = kb * MR;
    return wr_imin(MR, padded_rows(K) - kb * MR);
}

size_t wr_packed_filters_count(int positions, int K, int C)
{
    return (size_t)positions * (size_t)padded_rows(K) * (size_t)C;
}

/* The rows [0, height) of one filter block against one or two tile blocks,
 * with the tile-vector kernels: a whole block against one tile block, in
 * chunks of at most 12 rows against two (the register budget: 12 rows × 2
 * blocks of 16 tiles). Packed filters: `a` is the block, whose rows are
 * contiguous (the kernels' stride is its height); transposed filters: `a`
 * is the block's first row in the first chunk, `stride` apart (internal.h). */
static void rows_by_tiles(const wr_context *ctx, int transposed, const float *a, int stride, int height,
                          const float *v0, const float *v1, float *m0, float *m1, int C, int rows, int half)
{
    const int most = v1 ? 12 : MR;
    for (int first = 0; first < height; first += most) {
        const int chunk = wr_imin(most, height - first), valid = wr_imin(chunk, rows - first);
        if (valid <= 0) break;
        const float *ac = a + (transposed ? first * 16 : first);
        const int s = transposed ? stride : height;
        if (v1)
            (transposed ? ctx->product_pair_t : ctx->product_pair)(ac, s, chunk, v0, v1, m0 + first * B, m1 + first * B,
                                                                   C, valid);
        else if (half)
            (transposed ? ctx->product_half_t : ctx->product_half)(ac, s, chunk, v0, m0 + first * B, C, valid);
        else
            (transposed ? ctx->product_block_t : ctx->product_block)(ac, s, chunk, v0, m0 + first * B, C, valid);
    }
}

/* Whether a block of `tiles` tiles runs at half width (≤ 8 tiles, where the
 * instruction set has the half kernel). */
static int half_width(const wr_context *ctx, int transposed, int tiles)
{
    return (transposed ? ctx->product_half_t : ctx->product_half) && tiles <= B / 2;
}

/* Whether a block of `tiles` tiles runs faster with filters along the
 * vector (the column kernel: `tiles` FMAs per channel and 16 rows, plus a
 * 16×16 transpose per block, about 100 cycles) than with tiles along it
 * (16 FMAs, or 8 at half width for ≤ 8 tiles, whatever the count). Not for
 * transposed filters, whose 16 rows of a channel are 16 lines apart. */
static int columns_pay(const wr_context *ctx, int transposed, int tiles, int C)
{
    const int by_tiles = half_width(ctx, transposed, tiles) ? B / 2 : B;
    return !transposed && ctx->product_columns && tiles < B && tiles * C + 100 < by_tiles * C;
}

/* The product of one filter block (a and stride as rows_by_tiles takes
 * them, `height` rows of which `rows` real) with the tile block at v0
 * (`here` tiles) into m0, or, with `pair`, with it and the next block
 * (v_block floats on) into m0 and m0 + m_block. */
static void product_step(const wr_context *ctx, int transposed, const float *a, int stride, int height, int rows,
                         const float *v0, int here, int pair, size_t v_block, float *m0, size_t m_block, int C)
{
    if (!pair && columns_pay(ctx, transposed, here, C))
        ctx->product_columns(a, height, v0, here, m0, C, rows);
    else
        rows_by_tiles(ctx, transposed, a, stride, height, v0, pair ? v0 + v_block : NULL, m0,
                      pair ? m0 + m_block : NULL, C, rows, half_width(ctx, transposed, here));
}

/* Whether two tile blocks run as a pair, given the next block's tile count. */
static int product_pairs(const wr_context *ctx, int transposed, int next_tiles, int C)
{
    return (transposed ? ctx->product_pair_t : ctx->product_pair) && next_tiles > B / 2
           && !columns_pay(ctx, transposed, wr_imin(B, next_tiles), C);
}

/* What one filter row costs against a block of `tiles` tiles per channel,
 * in lanes of FMA work, as product_step runs it (16: one full vector). */
static int block_cost(const wr_context *ctx, int transposed, int tiles, int C)
{
    if (tiles <= 0) return 0;
    if (columns_pay(ctx, transposed, tiles, C)) return tiles;
    return half_width(ctx, transposed, tiles) ? B / 2 : B;
}

int wr_transposed_filters_pay(const wr_context *ctx, int tiles, int C)
{
    const long full = (long)(tiles / B) * B;
    const long packed = full + block_cost(ctx, 0, tiles % B, C), transposed = full + block_cost(ctx, 1, tiles % B, C);
    return 4 * transposed <= 5 * packed;
}

/* Filter blocks the product keeps in L2 while tile blocks stream past. */
static int blocks_per_pass(const wr_context *ctx, int C)
{
    return wr_imax(1, (int)((ctx->product_filter_bytes / sizeof(float)) / (C > 0 ? (size_t)C * MR : 1)));
}

size_t wr_product_scratch_count(const wr_context *ctx, int K, int C, int format)
{
    if (format == WR_FILTERS_FLOAT32) return 0;
    return (size_t)wr_imin(blocks_per_pass(ctx, C), wr_filter_blocks(K)) * MR * (size_t)C;
}

void wr_batched_product(const wr_context *ctx, const wr_product_shape *shape, const void *packed, const float *v,
                        float *m, int t_begin, int t_end, int block_begin, int block_end, float *scratch)
{
    const int K = shape->K, C = shape->C, columns = shape->columns, format = shape->filter_format;
    const int blocks = wr_filter_blocks(K), transposed = shape->filter_position != NULL;
    /* Transposed: the forward engine's positions, of its C rows × K channels. */
    const size_t position_size = transposed ? wr_packed_filters_count(1, C, K) : (size_t)padded_rows(K) * C;
    /* Filter blocks per pass, so that they (the context's share of L2)
     * stay in L2 while every tile block streams past them. */
    const int per_pass = blocks_per_pass(ctx, C);

    for (int t = t_begin; t < t_end; t++) {
        const float *vt = v + (size_t)t * shape->v_position_stride;
        float *mt = m + (size_t)t * shape->m_position_stride;
        const float *forward =
            transposed ? (const float *)packed + (size_t)shape->filter_position[t] * position_size : NULL;
        for (int first_block = 0; first_block < blocks; first_block += per_pass) {
            const int last_block = wr_imin(first_block + per_pass, blocks);
            /* This pass's filters as float32: in place, or widened from 16
             * bits into the scratch (the blocks' rows are contiguous). */
            const size_t pass_begin = (size_t)t * position_size + (size_t)first_block * MR * C;
            const int widen = !transposed && format != WR_FILTERS_FLOAT32;
            const float *pass_filters = widen ? scratch : (const float *)packed + pass_begin;
            if (widen) {
                const size_t pass_rows = (size_t)wr_imin(last_block * MR, padded_rows(K)) - (size_t)first_block * MR;
                ctx->widen((const unsigned short *)packed + pass_begin, scratch, pass_rows * C, format);
            }
            int step;
            for (int blk = block_begin; blk < block_end; blk += step) {
                /* Tiles in this block and the next: a pair of full-width
                 * blocks (unless the next one runs better by columns), or
                 * one block: by columns when it has few tiles and that
                 * pays, else at half width when it has ≤ 8 tiles. */
                const int here = wr_imin(B, columns - blk * B);
                const int pair = blk + 1 < block_end && product_pairs(ctx, transposed, columns - (blk + 1) * B, C);
                step = pair ? 2 : 1;
                for (int kb = first_block; kb < last_block; kb++) {
                    int first_row;
                    const int height = wr_filter_block(K, kb, &first_row);
                    /* Transposed: row first_row's value of the first chunk, chunks 16 rows of K apart. */
                    const float *a = transposed ? forward + (size_t)first_row * 16
                                                : pass_filters + (size_t)(first_row - first_block * MR) * C;
                    product_step(ctx, transposed, a, transposed ? MR * K : 0, height, wr_imin(K - first_row, height),
                                 vt + (size_t)blk * C * B, here, pair, (size_t)C * B,
                                 mt + (size_t)blk * K * B + (size_t)first_row * B, (size_t)K * B, C);
                }
            }
        }
        /* The reflection's scale (a power of two: exact). */
        const float scale = transposed ? shape->filter_scale[t] : 1.0f;
        if (scale != 1.0f)
            for (int blk = block_begin; blk < block_end; blk++) {
                float *mb = mt + (size_t)blk * K * B;
                for (size_t i = 0; i < (size_t)K * B; i++) mb[i] *= scale;
            }
    }
}
