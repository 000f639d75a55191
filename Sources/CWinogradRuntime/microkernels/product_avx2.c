/* The transformed-domain product's block on AVX2+FMA: 6 or 4 filter rows ×
 * 16 tiles (two ymm per row) per pass, inlined with a constant row count;
 * `stride` is the packed block's height, the `first` row's offset in it. */
#include "../internal.h"

#if WR_X86

#define B WR_TILE_BLOCK

WR_AVX2_TARGET static WR_ALWAYS_INLINE void rows_avx2(const int transposed, const int count, const float *a, int height,
                                                      int first, const float *v, float *m, int C, int rows)
{
    __m256 p[6], q[6];
    WR_UNROLL
    for (int i = 0; i < count; i++) p[i] = q[i] = _mm256_setzero_ps();
    for (int c = 0; c < C; c++) {
        const float *ac = WR_REDUCTION_ROW(transposed, a, height, c) + WR_ROW_OFFSET(transposed, first);
        _mm_prefetch((const char *)WR_REDUCTION_PREFETCH(transposed, a, height, c), _MM_HINT_T0);
        const __m256 b0 = _mm256_loadu_ps(v + (size_t)c * B), b1 = _mm256_loadu_ps(v + (size_t)c * B + 8);
        WR_UNROLL
        for (int i = 0; i < count; i++) {
            const __m256 w = _mm256_broadcast_ss(&WR_ROW_VALUE(transposed, ac, i));
            p[i] = _mm256_fmadd_ps(w, b0, p[i]);
            q[i] = _mm256_fmadd_ps(w, b1, q[i]);
        }
    }
    WR_UNROLL
    for (int i = 0; i < count; i++)
        if (first + i < rows) {
            _mm256_storeu_ps(m + (first + i) * B, p[i]);
            _mm256_storeu_ps(m + (first + i) * B + 8, q[i]);
        }
}

WR_AVX2_TARGET static WR_ALWAYS_INLINE void block(const int transposed, const float *a, int stride, int height,
                                                  const float *v, float *m, int C, int rows)
{
    /* 6 rows at a time unless that leaves 2 (16 = 6 + 6 + 4, 12 = 6 + 6, 8 = 4 + 4), then 4. */
    int first = 0;
    for (; height - first >= 6 && height - first - 6 != 2; first += 6)
        rows_avx2(transposed, 6, a, stride, first, v, m, C, rows);
    for (; first < height; first += 4) rows_avx2(transposed, 4, a, stride, first, v, m, C, rows);
}

WR_AVX2_TARGET void wr_product_block_avx2(const float *a, int stride, int height, const float *v, float *m, int C,
                                          int rows)
{
    block(0, a, stride, height, v, m, C, rows);
}

WR_AVX2_TARGET void wr_product_block_t_avx2(const float *a, int stride, int height, const float *v, float *m, int C,
                                            int rows)
{
    block(1, a, stride, height, v, m, C, rows);
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
