/* The SGEMM microkernel in plain C: 4×16. See drivers/sgemm.c. */
#include <string.h>

#include "../internal.h"

/* ---- Portable kernel: 4×16 ---- */

#define P_MR 4
#define P_NR 16

void wr_sgemm_kernel_portable(int rows, int kc, const float *a, int a_row, int a_k, const float *b, int ldb, float *c,
                              int ldc, int columns, int accumulate)
{
    float acc[P_MR][P_NR];
    memset(acc, 0, sizeof acc);
    for (int k = 0; k < kc; k++) {
        const float *bk = b + (size_t)k * ldb;
        for (int i = 0; i < rows; i++) {
            float ai = a[(size_t)i * a_row + (size_t)k * a_k];
            for (int j = 0; j < P_NR; j++) acc[i][j] += ai * bk[j];
        }
    }
    for (int i = 0; i < rows; i++) {
        float *row = c + (size_t)i * ldc;
        if (accumulate)
            for (int j = 0; j < columns; j++) row[j] += acc[i][j];
        else
            for (int j = 0; j < columns; j++) row[j] = acc[i][j];
    }
}
