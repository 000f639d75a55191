/* The transformed-domain product's block, in plain C: the reference the
 * vector kernels are tested against, and the kernel of CPUs without them. */
#include "../internal.h"

#define B WR_TILE_BLOCK

static void block(const int transposed, const float *a, int stride, int height, const float *v, float *m, int C,
                  int rows)
{
    float acc[WR_FILTER_ROWS][B] = { { 0 } };
    for (int c = 0; c < C; c++) {
        const float *ac = WR_REDUCTION_ROW(transposed, a, stride, c), *vc = v + (size_t)c * B;
        for (int i = 0; i < height; i++)
            for (int j = 0; j < B; j++) acc[i][j] += WR_ROW_VALUE(transposed, ac, i) * vc[j];
    }
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < B; j++) m[i * B + j] = acc[i][j];
}

void wr_product_block_portable(const float *a, int stride, int height, const float *v, float *m, int C, int rows)
{
    block(0, a, stride, height, v, m, C, rows);
}

void wr_product_block_t_portable(const float *a, int stride, int height, const float *v, float *m, int C, int rows)
{
    block(1, a, stride, height, v, m, C, rows);
}
