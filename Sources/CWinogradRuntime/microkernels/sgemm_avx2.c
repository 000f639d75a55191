/* The SGEMM microkernel on AVX2+FMA: 6×16 (12 ymm accumulators), instantiated
 * for each row count so ragged M edges run at full register blocking; ragged
 * N edges are stored with masks or through a small buffer. See drivers/sgemm.c. */
#include <string.h>

#include "../internal.h"

#if WR_X86

/* ---- AVX2 kernel: 6×16 ---- */

#define Y_MR 6
#define Y_NR 16

/* C tile (+)= A · B panel over kc, A's element (i, k) at a[i·a_row + k·a_k],
 * unrolled `unroll` steps (see the AVX-512 kernel). */
__attribute__((target("avx2,fma"))) static WR_ALWAYS_INLINE void
kernel_avx2_loop(const int rows, int kc, const float *a, const size_t a_row, const size_t a_k, const int unroll,
                 const float *b, int ldb, __m256 *c0, __m256 *c1)
{
    int k = 0;
    for (; k + unroll <= kc; k += unroll) {
        WR_UNROLL
        for (int u = 0; u < unroll; u++) {
            const float *bk = b + (size_t)(k + u) * ldb, *ak = a + (size_t)(k + u) * a_k;
            __m256 b0 = _mm256_loadu_ps(bk), b1 = _mm256_loadu_ps(bk + 8);
            WR_UNROLL
            for (int i = 0; i < rows; i++) {
                __m256 ai = _mm256_broadcast_ss(ak + (size_t)i * a_row);
                c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
                c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
            }
        }
    }
    for (; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb, *ak = a + (size_t)k * a_k;
        __m256 b0 = _mm256_loadu_ps(bk), b1 = _mm256_loadu_ps(bk + 8);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            __m256 ai = _mm256_broadcast_ss(ak + (size_t)i * a_row);
            c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
        }
    }
}

__attribute__((target("avx2,fma"))) static WR_ALWAYS_INLINE void kernel_avx2_rows(const int rows, int kc,
                                                                                  const float *a, int a_row, int a_k,
                                                                                  const float *b, int ldb, float *c,
                                                                                  int ldc, int columns, int accumulate)
{
    __m256 c0[Y_MR], c1[Y_MR];
    WR_UNROLL
    for (int i = 0; i < rows; i++) {
        c0[i] = _mm256_setzero_ps();
        c1[i] = _mm256_setzero_ps();
    }
    WR_UNROLL
    for (int i = 0; i < rows; i++) _mm_prefetch((const char *)(c + (size_t)i * ldc), _MM_HINT_T0);

    if (a_row == 1 && a_k == Y_MR)
        kernel_avx2_loop(rows, kc, a, 1, Y_MR, 4, b, ldb, c0, c1);
    else if (a_row == 1)
        kernel_avx2_loop(rows, kc, a, 1, (size_t)a_k, 4, b, ldb, c0, c1);
    else
        kernel_avx2_loop(rows, kc, a, (size_t)a_row, 1, 1, b, ldb, c0, c1);

    if (columns == Y_NR) {
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate) {
                c0[i] = _mm256_add_ps(c0[i], _mm256_loadu_ps(row));
                c1[i] = _mm256_add_ps(c1[i], _mm256_loadu_ps(row + 8));
            }
            _mm256_storeu_ps(row, c0[i]);
            _mm256_storeu_ps(row + 8, c1[i]);
        }
    } else {
        float tile[Y_NR] __attribute__((aligned(32)));
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            _mm256_store_ps(tile, c0[i]);
            _mm256_store_ps(tile + 8, c1[i]);
            if (accumulate)
                for (int j = 0; j < columns; j++) row[j] += tile[j];
            else
                for (int j = 0; j < columns; j++) row[j] = tile[j];
        }
    }
}

#define WR_Y_KERNEL(R)                                                                                          \
    __attribute__((target("avx2,fma"))) static void kernel_avx2_##R(int kc, const float *a, int a_row, int a_k, \
                                                                    const float *b, int ldb, float *c, int ldc, \
                                                                    int columns, int accumulate)                \
    {                                                                                                           \
        kernel_avx2_rows(R, kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate);                            \
    }
// clang-format off
WR_Y_KERNEL(1)
WR_Y_KERNEL(2)
WR_Y_KERNEL(3)
WR_Y_KERNEL(4)
WR_Y_KERNEL(5)
WR_Y_KERNEL(6)
// clang-format on

WR_AVX2_TARGET void wr_sgemm_kernel_avx2(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb,
                                         float *c, int ldc, int columns, int accumulate)
{
    switch (rows) {
    case 6: kernel_avx2_6(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 5: kernel_avx2_5(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 4: kernel_avx2_4(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 3: kernel_avx2_3(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 2: kernel_avx2_2(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    default: kernel_avx2_1(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    }
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
