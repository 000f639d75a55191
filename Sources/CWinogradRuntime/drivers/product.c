/* The transformed-domain stage of Winograd convolution: for every position t
 * of the n×n transformed tile, M_t = U_t · V_t with U_t K×C (filters) and V_t
 * C×tiles (inputs). See CWinogradRuntime.h for the layouts. The driver
 * blocks for L2 and picks the microkernel shape; the context supplies them. */
#include "../internal.h"

#define B WR_TILE_BLOCK
#define MR WR_FILTER_ROWS

/* Filter rows are packed in blocks of MR = 12, except that the last one or
 * two hold 8 (a single block: 4, 8 or 12), so the blocks cover K rounded up
 * to 4 rows instead of to 12: K = 64 is 12·4 + 8·2, not 12·6 with 8 rows of
 * zeros multiplied. */
static int padded_rows(int K) { return (K + 3) / 4 * 4; }

int wr_filter_blocks(int K) { return (K + MR - 1) / MR; }

int wr_filter_block(int K, int kb, int *first_row)
{
    const int blocks = wr_filter_blocks(K), shorter = (MR * blocks - padded_rows(K)) / 4, full = blocks - shorter;
    if (blocks == 1) {
        *first_row = 0;
        return padded_rows(K);
    }
    if (kb < full) {
        *first_row = kb * MR;
        return MR;
    }
    *first_row = full * MR + (kb - full) * 8;
    return 8;
}

size_t wr_packed_filters_count(int positions, int K, int C)
{
    return (size_t)positions * (size_t)padded_rows(K) * (size_t)C;
}

/* packed[t][block][c][i] = u[t][first + i][c], zero past K: the microkernels
 * read a block's filter values of one channel from one cache line. */
void wr_pack_filters(const float *u, int positions, int K, int C, float *packed)
{
    const int blocks = wr_filter_blocks(K);
    for (int t = 0; t < positions; t++)
        for (int kb = 0; kb < blocks; kb++) {
            int first;
            const int height = wr_filter_block(K, kb, &first);
            for (int c = 0; c < C; c++)
                for (int i = 0; i < height; i++) {
                    const int k = first + i;
                    *packed++ = k < K ? u[((size_t)t * K + k) * C + c] : 0.0f;
                }
        }
}

void wr_batched_product(const wr_context *ctx, const wr_product_shape *shape, const float *packed, const float *v,
                        float *m, int t_begin, int t_end, int block_begin, int block_end)
{
    const int K = shape->K, C = shape->C, columns = shape->columns;
    const int blocks = wr_filter_blocks(K);
    const size_t position_size = (size_t)padded_rows(K) * C;
    /* Filter blocks per pass, so that they (about 192 KiB) stay in L2 while
     * every tile block streams past them. */
    const int blocks_per_pass = wr_imax(1, (int)((192 * 1024 / sizeof(float)) / (C > 0 ? (size_t)C * MR : 1)));

    for (int t = t_begin; t < t_end; t++) {
        const float *vt = v + (size_t)t * shape->v_position_stride;
        float *mt = m + (size_t)t * shape->m_position_stride;
        for (int first_block = 0; first_block < blocks; first_block += blocks_per_pass) {
            const int last_block = wr_imin(first_block + blocks_per_pass, blocks);
            int step;
            for (int blk = block_begin; blk < block_end; blk += step) {
                const float *v0 = vt + (size_t)blk * C * B;
                float *m0 = mt + (size_t)blk * K * B;
                /* Tiles in this block and the next: a pair of full-width
                 * blocks, or one block, at half width when it has ≤ 8 tiles. */
                const int here = columns - blk * B, next = columns - (blk + 1) * B;
                const int pair = ctx->product_pair && blk + 1 < block_end && next > B / 2;
                step = pair ? 2 : 1;
                for (int kb = first_block; kb < last_block; kb++) {
                    int first_row;
                    const int height = wr_filter_block(K, kb, &first_row);
                    const float *a = packed + (size_t)t * position_size + (size_t)first_row * C;
                    const int rows = wr_imin(K - first_row, height);
                    float *mk = m0 + (size_t)first_row * B;
                    if (pair)
                        ctx->product_pair(a, height, v0, v0 + (size_t)C * B, mk, mk + (size_t)K * B, C, rows);
                    else if (ctx->product_half && here <= B / 2)
                        ctx->product_half(a, height, v0, mk, C, rows);
                    else
                        ctx->product_block(a, height, v0, mk, C, rows);
                }
            }
        }
    }
}
