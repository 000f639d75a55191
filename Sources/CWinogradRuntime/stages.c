/* The input and output stages of Winograd convolution: 16 tiles at a time
 * from the image into V's blocked layout, and from M's blocked layout into
 * the output image, with zero padding and ragged edges. */
#include "CWinogradRuntime.h"

#include "simd.h"

#define B WR_TILE_BLOCK

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
        if (!present[j]) { j++; continue; }
        while (j + count < B && present[j + count] && image[j + count] == image[j]
               && y0[j + count] == y0[j] && x0[j + count] == x0[j] + count * step)
            count++;
        r->first[r->runs] = j;
        r->count[r->runs] = count;
        r->runs++;
        j += count;
    }
}

/* Where the tiles of one block start, (y0, x0) in their image's plane, for
 * tiles m0×m1 apart shifted by the padding, and whether each exists. */
static void place_block(int block, int tiles, int tiles_y, int tiles_x, int m0, int m1, int pad_top, int pad_left,
                        int *present, size_t *image, int *y0, int *x0)
{
    const int per_image = tiles_y * tiles_x, tile = block * B;
    /* The first tile's place by division, the others' by counting on. */
    int j, n = tile / per_image, ty = tile % per_image / tiles_x, tx = tile % tiles_x;
    for (j = 0; j < B; j++) {
        present[j] = tile + j < tiles;
        image[j] = present[j] ? (size_t)n : 0;
        y0[j] = present[j] ? ty * m0 - pad_top : 0;
        x0[j] = present[j] ? tx * m1 - pad_left : 0;
        if (++tx == tiles_x) {
            tx = 0;
            if (++ty == tiles_y) { ty = 0; n++; }
        }
    }
}

/* Element i of tile j, which starts at (y0, x0) of plane (possibly outside
 * it), to gathered[i·16 + j]: zeros outside the image. */
static void gather_lane(const wr_tile_kernels *k, const float *plane, int y0, int x0, int H, int W, int j, float *gathered)
{
    const int n0 = k->n0, n1 = k->n1;
    int i, c2;
    for (i = 0; i < n0; i++)
        for (c2 = 0; c2 < n1; c2++) {
            const int y = y0 + i, x = x0 + c2;
            gathered[(i * n1 + c2) * B + j] = (y >= 0 && y < H && x >= 0 && x < W) ? plane[(size_t)y * W + x] : 0.0f;
        }
}

#if defined(__x86_64__)
/* Where the tiles of one block read, for the AVX-512 gather: each tile's
 * patch origin in the input (image and position, not yet the channel) and,
 * per patch row, which of its first 8 columns lie inside the image (bit c:
 * column c; 0 for rows outside it and for missing tiles). */
typedef struct {
    ptrdiff_t origin[B];
    __mmask16 inside[WR_MAX_SIDE][B];
} block_reads;

static void plan_block_reads(const int *present, const size_t *image, const int *y0, const int *x0, int n0,
                             int C, int H, int W, block_reads *reads)
{
    int i, j;
    for (j = 0; j < B; j++) {
        /* Columns [first, end) of the 8 are inside the image. */
        const int first = x0[j] < 0 ? -x0[j] : 0, end = W - x0[j] < 8 ? W - x0[j] : 8;
        const __mmask16 columns = present[j] && first < end ? (__mmask16)(((1u << end) - 1u) & ~((1u << first) - 1u)) : 0;
        reads->origin[j] = present[j] ? (ptrdiff_t)(image[j] * C) * H * W + (ptrdiff_t)y0[j] * W + x0[j] : 0;
        for (i = 0; i < n0; i++) reads->inside[i][j] = y0[j] + i >= 0 && y0[j] + i < H ? columns : 0;
    }
}

/* One channel of a block of tiles up to 8 columns wide. Per patch row, each
 * register takes that row's 8 elements of tile j in its low half and of
 * tile j + 8 in its high half (masked loads: zeros outside the image, and
 * nothing outside it read); an 8×8 transpose in each half then leaves
 * column c of all 16 tiles in one register, tile j in lane j. */
__attribute__((target("avx512f")))
static void gather_block_avx512(const block_reads *reads, const float *channel_input, int n0, int n1, int W,
                                float *gathered)
{
    const __m512i low = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    const __m512i high = _mm512_setr_epi32(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    int i, j;
    for (i = 0; i < n0; i++) {
        __m512 r[8], t[8], s[8], o[8];
        const ptrdiff_t row = (ptrdiff_t)i * W;
        for (j = 0; j < 8; j++) {
            r[j] = _mm512_maskz_loadu_ps(reads->inside[i][j], channel_input + reads->origin[j] + row);
            /* Lanes 8…15 from the row of tile j + 8 (the pointer is 8 before it; lanes 0…7 are masked off). */
            r[j] = _mm512_mask_loadu_ps(r[j], (__mmask16)(reads->inside[i][j + 8] << 8),
                                        channel_input + reads->origin[j + 8] + row - 8);
        }
        for (j = 0; j < 8; j += 2) {
            t[j] = _mm512_unpacklo_ps(r[j], r[j + 1]);
            t[j + 1] = _mm512_unpackhi_ps(r[j], r[j + 1]);
        }
        for (j = 0; j < 8; j += 4) {
            s[j] = _mm512_shuffle_ps(t[j], t[j + 2], 0x44);
            s[j + 1] = _mm512_shuffle_ps(t[j], t[j + 2], 0xEE);
            s[j + 2] = _mm512_shuffle_ps(t[j + 1], t[j + 3], 0x44);
            s[j + 3] = _mm512_shuffle_ps(t[j + 1], t[j + 3], 0xEE);
        }
        for (j = 0; j < 4; j++) {
            o[j] = _mm512_permutex2var_ps(s[j], low, s[j + 4]);
            o[j + 4] = _mm512_permutex2var_ps(s[j], high, s[j + 4]);
        }
        for (j = 0; j < 8; j++)
            if (j < n1) _mm512_storeu_ps(gathered + (i * n1 + j) * B, o[j]);
    }
}

/* The same for tiles up to 4 columns wide: register q takes tiles q, q + 4,
 * q + 8, q + 12 in its four 128-bit lanes, and a 4×4 transpose in each lane
 * leaves column c of tile 4L + q in lane 4L + q of register c. */
__attribute__((target("avx512f")))
static void gather_block4_avx512(const block_reads *reads, const float *channel_input, int n0, int n1, int W,
                                 float *gathered)
{
    int i, q, l;
    for (i = 0; i < n0; i++) {
        __m512 r[4], t[4], o[4];
        const ptrdiff_t row = (ptrdiff_t)i * W;
        for (q = 0; q < 4; q++) {
            r[q] = _mm512_setzero_ps();
            for (l = 0; l < 4; l++) {
                const int j = 4 * l + q;
                r[q] = _mm512_mask_loadu_ps(r[q], (__mmask16)((reads->inside[i][j] & 0xF) << (4 * l)),
                                            channel_input + reads->origin[j] + row - 4 * l);
            }
        }
        t[0] = _mm512_unpacklo_ps(r[0], r[1]);
        t[1] = _mm512_unpackhi_ps(r[0], r[1]);
        t[2] = _mm512_unpacklo_ps(r[2], r[3]);
        t[3] = _mm512_unpackhi_ps(r[2], r[3]);
        o[0] = _mm512_shuffle_ps(t[0], t[2], 0x44);
        o[1] = _mm512_shuffle_ps(t[0], t[2], 0xEE);
        o[2] = _mm512_shuffle_ps(t[1], t[3], 0x44);
        o[3] = _mm512_shuffle_ps(t[1], t[3], 0xEE);
        for (q = 0; q < 4; q++)
            if (q < n1) _mm512_storeu_ps(gathered + (i * n1 + q) * B, o[q]);
    }
}
#endif

void wr_input_stage(const wr_tile_kernels *k, const float *input, int C, int H, int W,
                    int pad_top, int pad_left, int tiles_y, int tiles_x, int tiles,
                    float *v, size_t v_position_stride, int unit_begin, int unit_end)
{
    const int n0 = k->n0, n1 = k->n1, m0 = k->m0, m1 = k->m1;
    const size_t plane_size = (size_t)H * W;
    /* The 16 tiles side by side: element i of tile j at gathered[i·16 + j]. */
    float gathered[WR_MAX_SIDE * WR_MAX_SIDE * B];
    /* The current block's tiles: image and patch origin (recomputed when the block changes). */
    int present[B], y0[B], x0[B], planned = -1;
    size_t image[B];
#if defined(__x86_64__)
    const int vector_gather = wr_cpu_level() == WR_AVX512 && n1 <= 8;
    block_reads reads;
#endif
    int unit, j, i;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int channel = unit % C, block = unit / C;
        if (block != planned) {
            place_block(block, tiles, tiles_y, tiles_x, m0, m1, pad_top, pad_left, present, image, y0, x0);
#if defined(__x86_64__)
            if (vector_gather) plan_block_reads(present, image, y0, x0, n0, C, H, W, &reads);
#endif
            planned = block;
            /* Missing tiles (past the last) stay zero for every channel. */
            for (j = 0; j < B; j++)
                if (!present[j])
                    for (i = 0; i < n0 * n1; i++) gathered[i * B + j] = 0.0f;
        }
#if defined(__x86_64__)
        if (vector_gather)
            (n1 <= 4 ? gather_block4_avx512 : gather_block_avx512)(&reads, input + (size_t)channel * plane_size, n0, n1, W, gathered);
        else
#endif
            for (j = 0; j < B; j++)
                if (present[j]) gather_lane(k, input + (image[j] * C + channel) * plane_size, y0[j], x0[j], H, W, j, gathered);
        wr_tile_input(k, gathered, B, v + (size_t)block * C * B + (size_t)channel * B, v_position_stride);
    }
}

#if defined(__x86_64__)
/* The widest tile a run scatter takes: m1 columns come from m1 vectors, two per permute. */
#define WR_RUN_COLUMNS 8

/* How a run's stretch of an output row is picked out of the tile rows:
 * per vector of the stretch, permute indices, which pair of columns each
 * lane comes from, and the store mask at the image's right edge. */
typedef struct {
    int vectors;
    __m512i index[WR_RUN_COLUMNS];
    __mmask16 store[WR_RUN_COLUMNS], pair[WR_RUN_COLUMNS][WR_RUN_COLUMNS / 2];
} run_scatter;

/* Element p of the stretch is column p % m1 of tile first + p / m1. */
__attribute__((target("avx512f")))
static void plan_run_scatter(int m1, int first, int count, int x0, int W_out, run_scatter *plan)
{
    const int width = m1 * count, end = x0 + width < W_out ? width : W_out - x0;
    int v, p, q, column = 0, tile = first;
    plan->vectors = (width + 15) / 16;
    for (v = 0; v < plan->vectors; v++) {
        int indices[16];
        plan->store[v] = 0;
        for (q = 0; q < WR_RUN_COLUMNS / 2; q++) plan->pair[v][q] = 0;
        for (p = 0; p < 16; p++) {
            const int at = 16 * v + p;
            indices[p] = (column & 1) * 16 + tile;
            if (at < end) plan->store[v] |= (__mmask16)(1u << p);
            if (at < width) plan->pair[v][column / 2] |= (__mmask16)(1u << p);
            /* at = m1·(tile − first) + column, counted on without dividing. */
            if (++column == m1) { column = 0; tile++; }
        }
        plan->index[v] = _mm512_loadu_si512(indices);
    }
}

/* One run's tiles into their stretch of each output row (row points at the
 * run's first element), plus the bias: per vector of the stretch, permutes
 * pick its elements out of the tile columns, and a masked store writes it. */
__attribute__((target("avx512f")))
static void scatter_run_avx512(const run_scatter *plan, int m1, int rows, float *row, int W_out,
                               const float *buffer, float offset)
{
    const int pairs = (m1 + 1) / 2;
    const __m512 bias = _mm512_set1_ps(offset);
    int i, v, q;
    for (i = 0; i < rows; i++, row += W_out) {
        const float *tile_row = buffer + (size_t)i * m1 * B;
        /* All 8 columns (those past m1 are never picked), with constant
         * trip counts so they stay in registers. */
        __m512 columns[WR_RUN_COLUMNS];
        for (q = 0; q < WR_RUN_COLUMNS; q++) columns[q] = _mm512_loadu_ps(tile_row + q * B);
        for (v = 0; v < plan->vectors; v++) {
            __m512 value = _mm512_permutex2var_ps(columns[0], plan->index[v], columns[1]);
            for (q = 1; q < WR_RUN_COLUMNS / 2; q++)
                if (q < pairs)
                    value = _mm512_mask_mov_ps(value, plan->pair[v][q], _mm512_permutex2var_ps(columns[2 * q], plan->index[v], columns[2 * q + 1]));
            _mm512_mask_storeu_ps(row + 16 * v, plan->store[v], _mm512_add_ps(value, bias));
        }
    }
}
#endif

void wr_output_stage(const wr_tile_kernels *k, const float *m, size_t m_position_stride, int K,
                     const float *bias, float *output, int H_out, int W_out, int tiles_y, int tiles_x, int tiles,
                     int unit_begin, int unit_end)
{
    const int m0 = k->m0, m1 = k->m1;
    const size_t plane_size = (size_t)H_out * W_out;
    /* The 16 output tiles side by side: element i of tile j at buffer[i·16 + j]. */
    float buffer[WR_MAX_SIDE * WR_MAX_SIDE * B];
    /* The current block's tiles: image, origin, and runs (recomputed when the block changes). */
    int present[B], y0[B], x0[B], planned = -1, vector_runs = 0;
    size_t image[B];
    block_runs runs = { 0, { 0 }, { 0 } };
#if defined(__x86_64__)
    run_scatter plans[B];
#endif
    const int level = wr_cpu_level();
    int unit, j, r;
    (void)level;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int filter = unit % K, block = unit / K;
        const float offset = bias ? bias[filter] : 0.0f;
        const float *x = m + (size_t)block * K * B + (size_t)filter * B;
        if (block != planned) {
            place_block(block, tiles, tiles_y, tiles_x, m0, m1, 0, 0, present, image, y0, x0);
            find_runs(present, y0, x0, image, m1, &runs);
#if defined(__x86_64__)
            vector_runs = level == WR_AVX512 && m1 <= WR_RUN_COLUMNS;
            if (vector_runs)
                for (r = 0; r < runs.runs; r++)
                    plan_run_scatter(m1, runs.first[r], runs.count[r], x0[runs.first[r]], W_out, &plans[r]);
#endif
            planned = block;
        }
        wr_tile_output(k, x, m_position_stride, buffer, B);
        for (r = 0; r < runs.runs; r++) {
            const int first = runs.first[r];
            float *plane = output + (image[first] * K + filter) * plane_size;
            const int rows = H_out - y0[first] < m0 ? H_out - y0[first] : m0;
#if defined(__x86_64__)
            if (vector_runs) {
                scatter_run_avx512(&plans[r], m1, rows, plane + (size_t)y0[first] * W_out + x0[first], W_out, buffer, offset);
                continue;
            }
#endif
            for (j = first; j < first + runs.count[r]; j++) {
                const int columns = W_out - x0[j] < m1 ? W_out - x0[j] : m1;
                int i, c2;
                for (i = 0; i < rows; i++)
                    for (c2 = 0; c2 < columns; c2++)
                        plane[(size_t)(y0[j] + i) * W_out + x0[j] + c2] = buffer[(i * m1 + c2) * B + j] + offset;
            }
        }
    }
}
