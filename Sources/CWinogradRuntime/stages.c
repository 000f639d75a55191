/* The input and output stages of Winograd convolution: 16 tiles at a time
 * from the image into V's blocked layout, and from M's blocked layout into
 * the output image, with zero padding and ragged edges. */
#include "CWinogradRuntime.h"

#include "simd.h"

#define B WR_TILE_BLOCK

/* The runs of one block: maximal sets of neighbouring tiles in one tile row
 * of one image (lanes first … first + count − 1), which every channel or
 * filter of the block shares. */
typedef struct {
    int runs, first[B], count[B];
} block_runs;

static void find_runs(const int *present, const int *y0, const int *x0, const size_t *image, int step, int longest,
                      block_runs *r)
{
    int j = 0;
    r->runs = 0;
    while (j < B) {
        int count = 1;
        if (!present[j]) { j++; continue; }
        while (j + count < B && count < longest && present[j + count] && image[j + count] == image[j]
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
    const int per_image = tiles_y * tiles_x;
    int j;
    for (j = 0; j < B; j++) {
        const int tile = block * B + j;
        present[j] = tile < tiles;
        image[j] = present[j] ? (size_t)(tile / per_image) : 0;
        y0[j] = present[j] ? (tile % per_image) / tiles_x * m0 - pad_top : 0;
        x0[j] = present[j] ? tile % tiles_x * m1 - pad_left : 0;
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
/* The longest span of one image row that a run of tiles may cover (8 vectors). */
#define WR_RUN_SPAN 128

/* A run of tiles reads one stretch of each image row: element (i, c) of lane
 * j is row_i[m1·(j − first) + c]. The stretch is loaded as whole vectors,
 * masked to the image (so borders read zeros and nothing outside is
 * touched), and each element picked out with permutes: a few vector
 * operations instead of 16 scalar loads and stores per patch element. */
__attribute__((target("avx512f")))
static void gather_run_avx512(const wr_tile_kernels *k, const float *plane, int y0, int x0, int first, int count,
                              int H, int W, float *gathered)
{
    const int n0 = k->n0, n1 = k->n1, m1 = k->m1;
    const int span = m1 * (count - 1) + n1, vectors = (span + 15) / 16;
    const int end = x0 + span < W ? x0 + span : W;
    const __mmask16 lanes = (__mmask16)(((1u << count) - 1u) << first);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    /* m1·(j − first), 0 outside the run. */
    const __m512i start = _mm512_maskz_mullo_epi32(lanes, _mm512_sub_epi32(lane, _mm512_set1_epi32(first)), _mm512_set1_epi32(m1));
    __mmask16 inside[WR_RUN_SPAN / 16];
    __m512 z[WR_RUN_SPAN / 16];
    int i, c2, v;
    for (v = 0; v < WR_RUN_SPAN / 16; v++) {
        const __m512i x = _mm512_add_epi32(lane, _mm512_set1_epi32(x0 + 16 * v));
        inside[v] = v < vectors ? _mm512_cmpge_epi32_mask(x, _mm512_setzero_si512()) & _mm512_cmplt_epi32_mask(x, _mm512_set1_epi32(end)) : 0;
        z[v] = _mm512_setzero_ps();
    }
    for (i = 0; i < n0; i++) {
        const int y = y0 + i;
        if (y >= 0 && y < H) {
            const float *row = plane + (ptrdiff_t)y * W + x0;
            for (v = 0; v < vectors; v++) z[v] = _mm512_maskz_loadu_ps(inside[v], row + 16 * v);
        } else {
            for (v = 0; v < vectors; v++) z[v] = _mm512_setzero_ps();
        }
        for (c2 = 0; c2 < n1; c2++) {
            const __m512i index = _mm512_add_epi32(start, _mm512_set1_epi32(c2));
            __m512 value = _mm512_permutex2var_ps(z[0], index, z[1]);
            for (v = 2; v < vectors; v += 2) {
                const __mmask16 here = _mm512_cmpge_epi32_mask(index, _mm512_set1_epi32(16 * v));
                value = _mm512_mask_mov_ps(value, here, _mm512_permutex2var_ps(z[v], index, z[v + 1]));
            }
            _mm512_mask_storeu_ps(gathered + (i * n1 + c2) * B, lanes, value);
        }
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
    /* The current block's tiles: image, patch origin, and runs (recomputed when the block changes). */
    int present[B], y0[B], x0[B], planned = -1, vector_runs = 0;
    size_t image[B];
    block_runs runs;
    const int level = wr_cpu_level();
    int unit, j, r, i;
    (void)level;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int channel = unit % C, block = unit / C;
        if (block != planned) {
            place_block(block, tiles, tiles_y, tiles_x, m0, m1, pad_top, pad_left, present, image, y0, x0);
#if defined(__x86_64__)
            vector_runs = level == WR_AVX512 && n1 <= WR_RUN_SPAN;
            find_runs(present, y0, x0, image, m1, vector_runs ? (WR_RUN_SPAN - n1) / m1 + 1 : 1, &runs);
#else
            find_runs(present, y0, x0, image, m1, 1, &runs);
#endif
            planned = block;
            /* Missing tiles (past the last) stay zero for every channel. */
            for (j = 0; j < B; j++)
                if (!present[j])
                    for (i = 0; i < n0 * n1; i++) gathered[i * B + j] = 0.0f;
        }
        for (r = 0; r < runs.runs; r++) {
            const int first = runs.first[r];
            const float *plane = input + (image[first] * C + channel) * plane_size;
#if defined(__x86_64__)
            if (vector_runs) {
                gather_run_avx512(k, plane, y0[first], x0[first], first, runs.count[r], H, W, gathered);
                continue;
            }
#endif
            for (j = first; j < first + runs.count[r]; j++) gather_lane(k, plane, y0[j], x0[j], H, W, j, gathered);
        }
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
    int v, p, q;
    plan->vectors = (width + 15) / 16;
    for (v = 0; v < plan->vectors; v++) {
        int indices[16];
        plan->store[v] = 0;
        for (q = 0; q < WR_RUN_COLUMNS / 2; q++) plan->pair[v][q] = 0;
        for (p = 0; p < 16; p++) {
            const int at = 16 * v + p, column = at % m1;
            indices[p] = (column & 1) * 16 + first + at / m1;
            if (at < end) plan->store[v] |= (__mmask16)(1u << p);
            if (at < width) plan->pair[v][column / 2] |= (__mmask16)(1u << p);
        }
        plan->index[v] = _mm512_loadu_si512(indices);
    }
}

/* The inverse of gather_run_avx512: one run's tiles into their stretch of
 * each output row (row points at the run's first element), plus the bias. */
__attribute__((target("avx512f")))
static void scatter_run_avx512(const run_scatter *plan, int m1, int rows, float *row, int W_out,
                               const float *buffer, float offset)
{
    const int pairs = (m1 + 1) / 2;
    const __m512 bias = _mm512_set1_ps(offset);
    int i, v, q;
    for (i = 0; i < rows; i++, row += W_out) {
        const float *tile_row = buffer + (size_t)i * m1 * B;
        __m512 columns[WR_RUN_COLUMNS + 1];
        for (q = 0; q < m1; q++) columns[q] = _mm512_loadu_ps(tile_row + q * B);
        columns[m1] = _mm512_setzero_ps();
        for (v = 0; v < plan->vectors; v++) {
            __m512 value = _mm512_permutex2var_ps(columns[0], plan->index[v], columns[1]);
            for (q = 1; q < pairs; q++)
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
    block_runs runs;
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
            find_runs(present, y0, x0, image, m1, B, &runs);
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
