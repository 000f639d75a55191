/* The filter gradient's rearrangements between the stages and the batched
 * product, and its output transform (see CWinogradRuntime.h). */
#include "CWinogradRuntime.h"

#include "simd.h"

#define B WR_TILE_BLOCK

void wr_pack_blocked_filters(const float *u, int K, int T, float *packed)
{
    const int blocks = wr_filter_blocks(K);
    int kb, tile, i, first, height;
    for (kb = 0; kb < blocks; kb++)
        for (height = wr_filter_block(K, kb, &first), tile = 0; tile < T; tile++) {
            const float *column = u + (size_t)(tile / B) * K * B + tile % B;
            for (i = 0; i < height; i++) {
                const int k = first + i;
                *packed++ = k < K ? column[(size_t)k * B] : 0.0f;
            }
        }
}

#if defined(__x86_64__)
/* One 16×16 block: rows c of 16 tiles to rows tile of 16 channels, in
 * registers (four rounds of unpacks and lane shuffles). */
__attribute__((target("avx512f")))
static void transpose16_avx512(const float *in, size_t in_stride, float *out, size_t out_stride)
{
    __m512 r[16], t[16];
    int i;
    for (i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(in + (size_t)i * in_stride);
    for (i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    }
    /* Now r[4q + s] holds, in each 128-bit lane L, element s of rows 4q…4q+3 at columns 4L + s. */
    for (i = 0; i < 4; i++) {
        const __m512 a = r[i], b = r[4 + i], c = r[8 + i], d = r[12 + i];
        const __m512 ab_lo = _mm512_shuffle_f32x4(a, b, 0x44), ab_hi = _mm512_shuffle_f32x4(a, b, 0xEE);
        const __m512 cd_lo = _mm512_shuffle_f32x4(c, d, 0x44), cd_hi = _mm512_shuffle_f32x4(c, d, 0xEE);
        t[i] = _mm512_shuffle_f32x4(ab_lo, cd_lo, 0x88);
        t[4 + i] = _mm512_shuffle_f32x4(ab_lo, cd_lo, 0xDD);
        t[8 + i] = _mm512_shuffle_f32x4(ab_hi, cd_hi, 0x88);
        t[12 + i] = _mm512_shuffle_f32x4(ab_hi, cd_hi, 0xDD);
    }
    for (i = 0; i < 16; i++) _mm512_storeu_ps(out + (size_t)i * out_stride, t[i]);
}
#endif

void wr_transpose_blocked(const float *v, int C, int T, float *transposed)
{
    const int channel_blocks = (C + B - 1) / B, tile_blocks = (T + B - 1) / B;
    const int level = wr_cpu_level();
    int cb, b, l, j;
    (void)level;
    for (cb = 0; cb < channel_blocks; cb++) {
        float *out = transposed + (size_t)cb * T * B;
        for (b = 0; b < tile_blocks; b++) {
            const float *in = v + (size_t)b * C * B + (size_t)cb * B * B;
            const int tiles = T - b * B < B ? T - b * B : B, channels = C - cb * B < B ? C - cb * B : B;
#if defined(__x86_64__)
            if (level == WR_AVX512 && tiles == B && channels == B) {
                transpose16_avx512(in, B, out + (size_t)b * B * B, B);
                continue;
            }
#endif
            for (j = 0; j < tiles; j++)
                for (l = 0; l < B; l++)
                    out[(size_t)(b * B + j) * B + l] = l < channels ? in[(size_t)l * B + j] : 0.0f;
        }
    }
}

void wr_gradient_output(const wr_tile_kernels *k, const float *m, size_t m_position_stride, int K, int C,
                        float *gradient, int unit_begin, int unit_end)
{
    const int outputs = k->m0 * k->m1;
    float buffer[WR_MAX_SIDE * WR_MAX_SIDE * B];
    int unit, l, e;
    for (unit = unit_begin; unit < unit_end; unit++) {
        const int filter = unit % K, cb = unit / K;
        const int channels = C - cb * B < B ? C - cb * B : B;
        const float *x = m + (size_t)cb * K * B + (size_t)filter * B;
        wr_tile_output(k, x, m_position_stride, buffer, B);
        for (l = 0; l < channels; l++) {
            float *target = gradient + ((size_t)filter * C + cb * B + l) * outputs;
            for (e = 0; e < outputs; e++) target[e] = buffer[e * B + l];
        }
    }
}
