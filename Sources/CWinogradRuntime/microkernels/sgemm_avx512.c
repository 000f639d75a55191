/* The SGEMM microkernel on AVX-512: 12×32 (24 zmm accumulators, A broadcast, B loaded), instantiated
 * for each row count so ragged M edges run at full register blocking, and for A
 * packed or read in place (its rows or Aᵀ's); ragged
 * N edges are stored with masks or through a small buffer. See drivers/sgemm.c. */
#include <string.h>

#include "../internal.h"

#if WR_X86

/* ---- AVX-512 kernel: 12×32 ---- */

#define Z_MR 12
#define Z_NR 32

/* C tile (+)= A · B panel over kc, with A's element (i, k) at a[i·a_row + k·a_k]:
 * packed (a_row = 1, a_k = Z_MR), read in place from Aᵀ (a_row = 1, a_k = lda)
 * or from A's rows (a_row = lda, a_k = 1); inlined with those constants, so
 * each is its own loop. The rows loop is not unrolled: clang hoists the
 * unrolled steps' broadcasts, which then spill. */
__attribute__((target("avx512f,fma"))) static WR_ALWAYS_INLINE void
kernel_avx512_loop(const int rows, int kc, const float *a, const size_t a_row, const size_t a_k, const int unroll,
                   const float *b, int ldb, __m512 *c0, __m512 *c1)
{
    int k = 0;
    for (; k + unroll <= kc; k += unroll) {
        WR_UNROLL
        for (int u = 0; u < unroll; u++) {
            const float *bk = b + (size_t)(k + u) * ldb, *ak = a + (size_t)(k + u) * a_k;
            __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
            WR_UNROLL
            for (int i = 0; i < rows; i++) {
                __m512 ai = _mm512_set1_ps(ak[(size_t)i * a_row]);
                c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
                c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
            }
        }
    }
    for (; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb, *ak = a + (size_t)k * a_k;
        __m512 b0 = _mm512_loadu_ps(bk), b1 = _mm512_loadu_ps(bk + 16);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            __m512 ai = _mm512_set1_ps(ak[(size_t)i * a_row]);
            c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
            c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
        }
    }
}

__attribute__((target("avx512f,fma"))) static WR_ALWAYS_INLINE void
kernel_avx512_rows(const int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                   int ldc, int columns, int accumulate)
{
    __m512 c0[Z_MR], c1[Z_MR];
    WR_UNROLL
    for (int i = 0; i < rows; i++) {
        c0[i] = _mm512_setzero_ps();
        c1[i] = _mm512_setzero_ps();
    }
    /* C's lines are wanted in cache unless they are streamed past it. */
    if (accumulate != WR_SGEMM_STORE_STREAM) {
        WR_UNROLL
        for (int i = 0; i < rows; i++) _mm_prefetch((const char *)(c + (size_t)i * ldc), _MM_HINT_T0);
    }

    if (a_row == 1 && a_k == Z_MR)
        kernel_avx512_loop(rows, kc, a, 1, Z_MR, 4, b, ldb, c0, c1);
    else if (a_row == 1)
        kernel_avx512_loop(rows, kc, a, 1, (size_t)a_k, 4, b, ldb, c0, c1);
    else
        kernel_avx512_loop(rows, kc, a, (size_t)a_row, 1, 1, b, ldb, c0, c1);

    if (columns == Z_NR && accumulate == WR_SGEMM_STORE_STREAM) {
        /* The driver asks for this with 64-byte-aligned rows of a C too large
         * to stay in cache: no reading of the lines before writing them. */
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            _mm512_stream_ps(row, c0[i]);
            _mm512_stream_ps(row + 16, c1[i]);
        }
    } else if (columns == Z_NR) {
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate == WR_SGEMM_STORE_ADD) {
                c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(row));
                c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(row + 16));
            }
            _mm512_storeu_ps(row, c0[i]);
            _mm512_storeu_ps(row + 16, c1[i]);
        }
    } else {
        __mmask16 m0 = columns >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << columns) - 1);
        __mmask16 m1 = columns <= 16 ? (__mmask16)0 : (__mmask16)((1u << (columns - 16)) - 1);
        WR_UNROLL
        for (int i = 0; i < rows; i++) {
            float *row = c + (size_t)i * ldc;
            if (accumulate == WR_SGEMM_STORE_ADD) {
                c0[i] = _mm512_add_ps(c0[i], _mm512_maskz_loadu_ps(m0, row));
                c1[i] = _mm512_add_ps(c1[i], _mm512_maskz_loadu_ps(m1, row + 16));
            }
            _mm512_mask_storeu_ps(row, m0, c0[i]);
            _mm512_mask_storeu_ps(row + 16, m1, c1[i]);
        }
    }
}

#define WR_Z_KERNEL(R)                                                                                               \
    __attribute__((target("avx512f,fma"))) static void kernel_avx512_##R(int kc, const float *a, int a_row, int a_k, \
                                                                         const float *b, int ldb, float *c, int ldc, \
                                                                         int columns, int accumulate)                \
    {                                                                                                                \
        kernel_avx512_rows(R, kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate);                               \
    }
// clang-format off
WR_Z_KERNEL(1)
WR_Z_KERNEL(2)
WR_Z_KERNEL(3)
WR_Z_KERNEL(4)
WR_Z_KERNEL(5)
WR_Z_KERNEL(6)
WR_Z_KERNEL(7)
WR_Z_KERNEL(8)
WR_Z_KERNEL(9)
WR_Z_KERNEL(10)
WR_Z_KERNEL(11)
WR_Z_KERNEL(12)
// clang-format on

WR_AVX512_TARGET void wr_sgemm_kernel_avx512(int rows, int kc, const float *a, int a_row, int a_k, const float *b,
                                             int ldb, float *c, int ldc, int columns, int accumulate)
{
    switch (rows) {
    case 12: kernel_avx512_12(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 11: kernel_avx512_11(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 10: kernel_avx512_10(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 9: kernel_avx512_9(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 8: kernel_avx512_8(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 7: kernel_avx512_7(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 6: kernel_avx512_6(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 5: kernel_avx512_5(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 4: kernel_avx512_4(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 3: kernel_avx512_3(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    case 2: kernel_avx512_2(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    default: kernel_avx512_1(kc, a, a_row, a_k, b, ldb, c, ldc, columns, accumulate); break;
    }
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
