/* c-consumer: correlates a 10x10 image with a 3x3 Sobel-x filter through the
 * committed Winograd F(4x4,3x3) float kernels, 4x4 output tiles at a time, and
 * checks the result against direct correlation.
 *
 * Correlation, stride 1, no padding: out[i][j] = sum_{a,b} in[i+a][j+b] * g[a][b],
 * so the 10x10 input gives an 8x8 output: 2x2 tiles of 4x4 outputs, each read
 * from a 6x6 input tile (tiles overlap by R - 1 = 2 rows and columns).
 */
#include <stdio.h>

#include "winograd_f4x4_3x3_float.h"

enum {
    M = 4,          /* outputs per tile and axis */
    R = 3,          /* filter taps per axis */
    N = M + R - 1,  /* input tile size per axis: 6 */
    H = 10,         /* input rows */
    W = 10,         /* input columns */
    OH = H - R + 1, /* output rows: 8, a multiple of M */
    OW = W - R + 1  /* output columns: 8, a multiple of M */
};

static const float tolerance = 1e-4f;

int main(void)
{
    static const float sobel_x[R * R] = {
        -1.0f, 0.0f, 1.0f,
        -2.0f, 0.0f, 2.0f,
        -1.0f, 0.0f, 1.0f,
    };
    float image[H * W];
    float winograd[OH * OW];
    float u[N * N], v[N * N], x[N * N];
    double max_difference = 0.0;
    int i, j, k;

    /* A bright 4x6 rectangle on a background ramping up to the right. */
    for (i = 0; i < H; i++) {
        for (j = 0; j < W; j++) {
            int inside = i >= 3 && i <= 6 && j >= 2 && j <= 7;
            image[i * W + j] = (inside ? 1.0f : 0.0f) + 0.125f * (float)j;
        }
    }

    /* The filter is transformed once and reused for every tile. */
    winograd_f4x4_3x3_float_filter_transform(sobel_x, u);

    for (i = 0; i < OH; i += M) {
        for (j = 0; j < OW; j += M) {
            /* Read the 6x6 input tile in place: its rows are W floats apart. */
            winograd_f4x4_3x3_float_input_transform_strided(&image[i * W + j], W, v, 1);
            for (k = 0; k < N * N; k++) {
                x[k] = u[k] * v[k];
            }
            /* Write the 4x4 output tile in place: its rows are OW floats apart. */
            winograd_f4x4_3x3_float_output_transform_strided(x, 1, &winograd[i * OW + j], OW);
        }
    }

    printf("Winograd F(4x4,3x3) float: %dx%d input (*) 3x3 Sobel-x = %dx%d output\n", H, W, OH, OW);
    for (i = 0; i < OH; i++) {
        for (j = 0; j < OW; j++) {
            double shown = winograd[i * OW + j];
            if (shown > -0.0005 && shown < 0.0005) {
                shown = 0.0; /* no "-0.000" for a rounding residue */
            }
            printf("%8.3f", shown);
        }
        printf("\n");
    }

    /* Direct correlation in double, from the same float inputs. */
    for (i = 0; i < OH; i++) {
        for (j = 0; j < OW; j++) {
            double direct = 0.0, difference;
            int a, b;
            for (a = 0; a < R; a++) {
                for (b = 0; b < R; b++) {
                    direct += (double)image[(i + a) * W + (j + b)] * (double)sobel_x[a * R + b];
                }
            }
            difference = (double)winograd[i * OW + j] - direct;
            if (difference < 0.0) {
                difference = -difference;
            }
            if (difference > max_difference) {
                max_difference = difference;
            }
        }
    }

    printf("max |winograd - direct| = %.3g\n", max_difference);
    if (!(max_difference <= tolerance)) {
        printf("FAILED: the difference exceeds %g\n", (double)tolerance);
        return 1;
    }
    printf("OK: within %g\n", (double)tolerance);
    return 0;
}
