/* The transformed-domain product's blocks on AVX-512: up to 12 filter rows
 * × 32 tiles in 24 accumulators (two tile blocks), 16 × 16, or 16 × 8 at
 * half width for a last block of at most 8 tiles (half the work, on CPUs
 * that split 512-bit operations); and, for a last block of few tiles, 16
 * filter rows along the vector × its tiles (no lanes of missing tiles
 * multiplied). Each body is inlined with a constant height or tile count,
 * so its accumulator arrays live in registers, and with the filters read
 * packed or transposed (see internal.h). */
#include "../internal.h"

#if WR_X86

#define B WR_TILE_BLOCK

WR_AVX512_TARGET static WR_ALWAYS_INLINE void pair_rows(const int transposed, const int height, const float *a,
                                                        int stride, const float *v0, const float *v1, float *m0,
                                                        float *m1, int C, int rows)
{
    __m512 p[WR_FILTER_ROWS], q[WR_FILTER_ROWS];
    WR_UNROLL
    for (int i = 0; i < height; i++) p[i] = q[i] = _mm512_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *ac = WR_REDUCTION_ROW(transposed, a, stride, c);
        _mm_prefetch((const char *)WR_REDUCTION_PREFETCH(transposed, a, stride, c), _MM_HINT_T0);
        const __m512 b0 = _mm512_loadu_ps(v0 + (size_t)c * B), b1 = _mm512_loadu_ps(v1 + (size_t)c * B);
        WR_UNROLL
        for (int i = 0; i < height; i++) {
            const __m512 w = _mm512_set1_ps(WR_ROW_VALUE(transposed, ac, i));
            p[i] = _mm512_fmadd_ps(w, b0, p[i]);
            q[i] = _mm512_fmadd_ps(w, b1, q[i]);
        }
    }
    WR_UNROLL
    for (int i = 0; i < height; i++)
        if (i < rows) {
            _mm512_storeu_ps(m0 + i * B, p[i]);
            _mm512_storeu_ps(m1 + i * B, q[i]);
        }
}

WR_AVX512_TARGET static WR_ALWAYS_INLINE void block_rows(const int transposed, const int height, const float *a,
                                                         int stride, const float *v, float *m, int C, int rows)
{
    __m512 p[WR_FILTER_ROWS];
    WR_UNROLL
    for (int i = 0; i < height; i++) p[i] = _mm512_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *ac = WR_REDUCTION_ROW(transposed, a, stride, c);
        _mm_prefetch((const char *)WR_REDUCTION_PREFETCH(transposed, a, stride, c), _MM_HINT_T0);
        const __m512 b0 = _mm512_loadu_ps(v + (size_t)c * B);
        WR_UNROLL
        for (int i = 0; i < height; i++)
            p[i] = _mm512_fmadd_ps(_mm512_set1_ps(WR_ROW_VALUE(transposed, ac, i)), b0, p[i]);
    }
    WR_UNROLL
    for (int i = 0; i < height; i++)
        if (i < rows) _mm512_storeu_ps(m + i * B, p[i]);
}

WR_AVX512_TARGET static WR_ALWAYS_INLINE void half_rows(const int transposed, const int height, const float *a,
                                                        int stride, const float *v, float *m, int C, int rows)
{
    __m256 p[WR_FILTER_ROWS];
    WR_UNROLL
    for (int i = 0; i < height; i++) p[i] = _mm256_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *ac = WR_REDUCTION_ROW(transposed, a, stride, c);
        _mm_prefetch((const char *)WR_REDUCTION_PREFETCH(transposed, a, stride, c), _MM_HINT_T0);
        const __m256 b0 = _mm256_loadu_ps(v + (size_t)c * B);
        WR_UNROLL
        for (int i = 0; i < height; i++)
            p[i] = _mm256_fmadd_ps(_mm256_set1_ps(WR_ROW_VALUE(transposed, ac, i)), b0, p[i]);
    }
    WR_UNROLL
    for (int i = 0; i < height; i++)
        if (i < rows) _mm256_storeu_ps(m + i * B, p[i]);
}

/* Dispatch on the height, the filters read packed (transposed = 0) or
 * transposed (1). */
WR_AVX512_TARGET static WR_ALWAYS_INLINE void pair(const int transposed, const float *a, int stride, int height,
                                                   const float *v0, const float *v1, float *m0, float *m1, int C,
                                                   int rows)
{
    if (height == 12)
        pair_rows(transposed, 12, a, stride, v0, v1, m0, m1, C, rows);
    else if (height == 8)
        pair_rows(transposed, 8, a, stride, v0, v1, m0, m1, C, rows);
    else
        pair_rows(transposed, 4, a, stride, v0, v1, m0, m1, C, rows);
}

WR_AVX512_TARGET static WR_ALWAYS_INLINE void block(const int transposed, const float *a, int stride, int height,
                                                    const float *v, float *m, int C, int rows)
{
    if (height == 16)
        block_rows(transposed, 16, a, stride, v, m, C, rows);
    else if (height == 12)
        block_rows(transposed, 12, a, stride, v, m, C, rows);
    else if (height == 8)
        block_rows(transposed, 8, a, stride, v, m, C, rows);
    else
        block_rows(transposed, 4, a, stride, v, m, C, rows);
}

WR_AVX512_TARGET static WR_ALWAYS_INLINE void half(const int transposed, const float *a, int stride, int height,
                                                   const float *v, float *m, int C, int rows)
{
    if (height == 16)
        half_rows(transposed, 16, a, stride, v, m, C, rows);
    else if (height == 12)
        half_rows(transposed, 12, a, stride, v, m, C, rows);
    else if (height == 8)
        half_rows(transposed, 8, a, stride, v, m, C, rows);
    else
        half_rows(transposed, 4, a, stride, v, m, C, rows);
}

WR_AVX512_TARGET void wr_product_pair_avx512(const float *a, int stride, int height, const float *v0, const float *v1,
                                             float *m0, float *m1, int C, int rows)
{
    pair(0, a, stride, height, v0, v1, m0, m1, C, rows);
}

WR_AVX512_TARGET void wr_product_block_avx512(const float *a, int stride, int height, const float *v, float *m, int C,
                                              int rows)
{
    block(0, a, stride, height, v, m, C, rows);
}

WR_AVX512_TARGET void wr_product_half_avx512(const float *a, int stride, int height, const float *v, float *m, int C,
                                             int rows)
{
    half(0, a, stride, height, v, m, C, rows);
}

WR_AVX512_TARGET void wr_product_pair_t_avx512(const float *a, int stride, int height, const float *v0, const float *v1,
                                               float *m0, float *m1, int C, int rows)
{
    pair(1, a, stride, height, v0, v1, m0, m1, C, rows);
}

WR_AVX512_TARGET void wr_product_block_t_avx512(const float *a, int stride, int height, const float *v, float *m, int C,
                                                int rows)
{
    block(1, a, stride, height, v, m, C, rows);
}

WR_AVX512_TARGET void wr_product_half_t_avx512(const float *a, int stride, int height, const float *v, float *m, int C,
                                               int rows)
{
    half(1, a, stride, height, v, m, C, rows);
}

/* Filters along the vector: acc[j] holds rows 0…15 of tile j; each channel
 * is one (masked) load of the block's rows and `tiles` FMAs with a tile's
 * value broadcast from V. */
WR_AVX512_TARGET static WR_ALWAYS_INLINE void columns_tiles(const int tiles, const float *a, int height, const float *v,
                                                            float *m, int C, int rows)
{
    __m512 acc[B];
    const __mmask16 load = (__mmask16)((1u << height) - 1u);
    WR_UNROLL
    for (int j = 0; j < tiles; j++) acc[j] = _mm512_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *ac = a + (size_t)c * height;
        _mm_prefetch((const char *)(ac + WR_PREFETCH_FLOATS), _MM_HINT_T0);
        const __m512 w = _mm512_maskz_loadu_ps(load, ac);
        const float *vc = v + (size_t)c * B;
        WR_UNROLL
        for (int j = 0; j < tiles; j++) acc[j] = _mm512_fmadd_ps(_mm512_set1_ps(vc[j]), w, acc[j]);
    }
    /* Rows of tiles → rows of filters: m's layout, lanes past `tiles` zero. */
    float by_tile[B * B] WR_ALIGNED(64), by_row[B * B] WR_ALIGNED(64);
    WR_UNROLL
    for (int j = 0; j < B; j++) _mm512_store_ps(by_tile + j * B, j < tiles ? acc[j] : _mm512_setzero_ps());
    wr_transpose16_avx512(by_tile, B, rows == B ? m : by_row, B);
    if (rows < B)
        for (int i = 0; i < rows; i++) _mm512_storeu_ps(m + i * B, _mm512_load_ps(by_row + i * B));
}

#define WR_COLUMNS(T) \
    case T: columns_tiles(T, a, height, v, m, C, rows); break;

WR_AVX512_TARGET void wr_product_columns_avx512(const float *a, int height, const float *v, int tiles, float *m, int C,
                                                int rows)
{
    switch (tiles) {
        WR_COLUMNS(1)
        WR_COLUMNS(2)
        WR_COLUMNS(3)
        WR_COLUMNS(4)
        WR_COLUMNS(5)
        WR_COLUMNS(6)
        WR_COLUMNS(7)
        WR_COLUMNS(8)
        WR_COLUMNS(9)
        WR_COLUMNS(10)
        WR_COLUMNS(11)
        WR_COLUMNS(12)
        WR_COLUMNS(13)
        WR_COLUMNS(14)
        WR_COLUMNS(15)
    default: break;
    }
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
