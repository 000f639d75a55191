/* The stages' AVX-512 microkernels: gathering a block of 16 tiles from the
 * image by masked row loads and in-register transposes, scattering a run
 * of output tiles by permutes and masked stores, and the 16×16 transpose of
 * the filter gradient. The drivers plan what they read and write
 * (wr_block_reads, wr_run_scatter). */
#include "../internal.h"

#if WR_X86

#define B WR_TILE_BLOCK

/* Tiles up to 8 columns wide. Per patch row, each register takes that row's
 * 8 elements of tile j in its low half and of tile j + 8 in its high half
 * (masked loads: zeros outside the image, and nothing outside it read); an
 * 8×8 transpose in each half then leaves column c of all 16 tiles in one
 * register, tile j in lane j. */
WR_AVX512_TARGET static void gather8(const wr_block_reads *reads, const float *channel_input, int n0, int n1, int W,
                                     float *gathered)
{
    const __m512i low = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    const __m512i high = _mm512_setr_epi32(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    for (int i = 0; i < n0; i++) {
        __m512 r[8], t[8], s[8], o[8];
        const ptrdiff_t row = (ptrdiff_t)i * W;
        for (int j = 0; j < 8; j++) {
            r[j] = _mm512_maskz_loadu_ps(reads->inside[i][j], channel_input + reads->origin[j] + row);
            /* Lanes 8…15 from the row of tile j + 8 (the pointer is 8 before it; lanes 0…7 are masked off). */
            r[j] = _mm512_mask_loadu_ps(r[j], (__mmask16)(reads->inside[i][j + 8] << 8),
                                        channel_input + reads->origin[j + 8] + row - 8);
        }
        for (int j = 0; j < 8; j += 2) {
            t[j] = _mm512_unpacklo_ps(r[j], r[j + 1]);
            t[j + 1] = _mm512_unpackhi_ps(r[j], r[j + 1]);
        }
        for (int j = 0; j < 8; j += 4) {
            s[j] = _mm512_shuffle_ps(t[j], t[j + 2], 0x44);
            s[j + 1] = _mm512_shuffle_ps(t[j], t[j + 2], 0xEE);
            s[j + 2] = _mm512_shuffle_ps(t[j + 1], t[j + 3], 0x44);
            s[j + 3] = _mm512_shuffle_ps(t[j + 1], t[j + 3], 0xEE);
        }
        for (int j = 0; j < 4; j++) {
            o[j] = _mm512_permutex2var_ps(s[j], low, s[j + 4]);
            o[j + 4] = _mm512_permutex2var_ps(s[j], high, s[j + 4]);
        }
        for (int j = 0; j < 8; j++)
            if (j < n1) _mm512_storeu_ps(gathered + (i * n1 + j) * B, o[j]);
    }
}

/* Tiles up to 4 columns wide: register q takes tiles q, q + 4, q + 8, q + 12
 * in its four 128-bit lanes, and a 4×4 transpose in each lane leaves column
 * c of tile 4L + q in lane 4L + q of register c. */
WR_AVX512_TARGET static void gather4(const wr_block_reads *reads, const float *channel_input, int n0, int n1, int W,
                                     float *gathered)
{
    for (int i = 0; i < n0; i++) {
        __m512 r[4], t[4], o[4];
        const ptrdiff_t row = (ptrdiff_t)i * W;
        for (int q = 0; q < 4; q++) {
            r[q] = _mm512_setzero_ps();
            for (int l = 0; l < 4; l++) {
                const int j = 4 * l + q;
                r[q] = _mm512_mask_loadu_ps(r[q], (__mmask16)((reads->inside[i][j] & 0xF) << (4 * l)),
                                            channel_input + reads->origin[j] + row - 4 * l);
            }
        }
        t[0] = _mm512_unpacklo_ps(r[0], r[1]);
        t[1] = _mm512_unpackhi_ps(r[0], r[1]);
        t[2] = _mm512_unpacklo_ps(r[2], r[3]);
        t[3] = _mm512_unpackhi_ps(r[2], r[3]);
        o[0] = _mm512_shuffle_ps(t[0], t[2], 0x44);
        o[1] = _mm512_shuffle_ps(t[0], t[2], 0xEE);
        o[2] = _mm512_shuffle_ps(t[1], t[3], 0x44);
        o[3] = _mm512_shuffle_ps(t[1], t[3], 0xEE);
        for (int q = 0; q < 4; q++)
            if (q < n1) _mm512_storeu_ps(gathered + (i * n1 + q) * B, o[q]);
    }
}

WR_AVX512_TARGET void wr_gather_block_avx512(const wr_block_reads *reads, const float *channel_input, int n0, int n1,
                                             int W, float *gathered)
{
    (n1 <= 4 ? gather4 : gather8)(reads, channel_input, n0, n1, W, gathered);
}

/* One run's tiles into their stretch of each output row (row points at the
 * run's first element), plus the bias: per vector of the stretch, permutes
 * pick its elements out of the tile columns, and a masked store writes it. */
WR_AVX512_TARGET void wr_scatter_run_avx512(const wr_run_scatter *plan, int m1, int rows, float *row, int W_out,
                                            const float *buffer, float offset)
{
    const int pairs = (m1 + 1) / 2;
    const __m512 bias = _mm512_set1_ps(offset);
    for (int i = 0; i < rows; i++, row += W_out) {
        const float *tile_row = buffer + (size_t)i * m1 * B;
        /* All 8 columns (those past m1 are never picked), with constant
         * trip counts so they stay in registers. */
        __m512 columns[WR_RUN_COLUMNS];
        for (int q = 0; q < WR_RUN_COLUMNS; q++) columns[q] = _mm512_loadu_ps(tile_row + q * B);
        for (int v = 0; v < plan->vectors; v++) {
            const __m512i index = _mm512_loadu_si512(plan->index[v]);
            __m512 value = _mm512_permutex2var_ps(columns[0], index, columns[1]);
            for (int q = 1; q < WR_RUN_COLUMNS / 2; q++)
                if (q < pairs)
                    value = _mm512_mask_mov_ps(value, plan->pair[v][q],
                                               _mm512_permutex2var_ps(columns[2 * q], index, columns[2 * q + 1]));
            _mm512_mask_storeu_ps(row + 16 * v, plan->store[v], _mm512_add_ps(value, bias));
        }
    }
}

/* r[i][j] → r[j][i] for a 16×16 block in registers (four rounds of
 * unpacks and lane shuffles). */
WR_AVX512_TARGET static inline void transpose16(__m512 r[16])
{
    __m512 t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i]), _mm512_castps_pd(t[i + 2])));
        r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
        r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(t[i + 1]), _mm512_castps_pd(t[i + 3])));
    }
    /* Now r[4q + s] holds, in each 128-bit lane L, element s of rows 4q…4q+3 at columns 4L + s. */
    for (int i = 0; i < 4; i++) {
        const __m512 a = r[i], b = r[4 + i], c = r[8 + i], d = r[12 + i];
        const __m512 ab_lo = _mm512_shuffle_f32x4(a, b, 0x44), ab_hi = _mm512_shuffle_f32x4(a, b, 0xEE);
        const __m512 cd_lo = _mm512_shuffle_f32x4(c, d, 0x44), cd_hi = _mm512_shuffle_f32x4(c, d, 0xEE);
        t[i] = _mm512_shuffle_f32x4(ab_lo, cd_lo, 0x88);
        t[4 + i] = _mm512_shuffle_f32x4(ab_lo, cd_lo, 0xDD);
        t[8 + i] = _mm512_shuffle_f32x4(ab_hi, cd_hi, 0x88);
        t[12 + i] = _mm512_shuffle_f32x4(ab_hi, cd_hi, 0xDD);
    }
    for (int i = 0; i < 16; i++) r[i] = t[i];
}

/* One 16×16 block: rows c of 16 tiles to rows tile of 16 channels. */
WR_AVX512_TARGET void wr_transpose16_avx512(const float *in, size_t in_stride, float *out, size_t out_stride)
{
    __m512 r[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(in + (size_t)i * in_stride);
    transpose16(r);
    for (int i = 0; i < 16; i++) _mm512_storeu_ps(out + (size_t)i * out_stride, r[i]);
}

/* 16 filter rows' taps side by side: each row's taps read by masked
 * loads, 16 at a time (nothing past the last tap), then transposed. */
WR_AVX512_TARGET void wr_gather_filters_avx512(const float *first, size_t row_stride, int taps, int reversed,
                                               float *gathered)
{
    for (int c0 = 0; c0 < taps; c0 += 16) {
        const int columns = wr_imin(16, taps - c0);
        const __mmask16 mask = (__mmask16)((1u << columns) - 1u);
        __m512 r[16];
        for (int j = 0; j < 16; j++) r[j] = _mm512_maskz_loadu_ps(mask, first + (size_t)j * row_stride + c0);
        transpose16(r);
        for (int t = 0; t < columns; t++) {
            const int i = reversed ? taps - 1 - (c0 + t) : c0 + t;
            _mm512_storeu_ps(gathered + 16 * i, r[t]);
        }
    }
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
