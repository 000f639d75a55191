/* Direct float32 correlation in plain C: out row += w · in row. */
#include "../internal.h"

#define imax wr_imax
#define imin wr_imin

/* ---- float32, portable: out row += w · in row ---- */

void wr_direct_portable_run(const float *input, const float *filters, const float *bias, float *output, int N, int C,
                            int H, int W, int K, int R, int S, int pad_top, int pad_left, int H_out, int W_out,
                            int k_begin, int k_end)
{
    for (int n = 0; n < N; n++)
        for (int k = k_begin; k < k_end; k++) {
            float *plane = output + ((size_t)n * K + k) * H_out * W_out;
            const float b = bias ? bias[k] : 0.0f;
            for (size_t i = 0; i < (size_t)H_out * W_out; i++) plane[i] = b;
            for (int c = 0; c < C; c++)
                for (int r = 0; r < R; r++)
                    for (int s = 0; s < S; s++) {
                        const float w = filters[(((size_t)k * C + c) * R + r) * S + s];
                        const int x_lo = imax(0, pad_left - s), x_hi = imin(W_out, W + pad_left - s);
                        const int y_lo = imax(0, pad_top - r), y_hi = imin(H_out, H + pad_top - r);
                        for (int y = y_lo; y < y_hi; y++) {
                            const float *in =
                                input + (((size_t)n * C + c) * H + (y + r - pad_top)) * W + (s - pad_left);
                            float *out = plane + (size_t)y * W_out;
                            for (int x = x_lo; x < x_hi; x++) out[x] += w * in[x];
                        }
                    }
        }
}
