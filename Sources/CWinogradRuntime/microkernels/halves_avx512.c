/* 16-bit filter storage on AVX-512F: 16 values per instruction. Half
 * precision through the hardware's conversions (round to nearest even);
 * bfloat16 with the integer rounding of halves_portable.c. */
#include "../internal.h"

#include <string.h>

#if WR_X86

WR_AVX512_TARGET static WR_ALWAYS_INLINE __m256i narrow16(__m512 x, int format)
{
    if (format == WR_FILTERS_FLOAT16) return _mm512_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512i bits = _mm512_castps_si512(x);
    const __m512i lowest = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
    __m512i rounded =
        _mm512_srli_epi32(_mm512_add_epi32(bits, _mm512_add_epi32(lowest, _mm512_set1_epi32(0x7FFF))), 16);
    const __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
    rounded = _mm512_mask_or_epi32(rounded, nan, _mm512_srli_epi32(bits, 16), _mm512_set1_epi32(0x40));
    return _mm512_cvtepi32_epi16(rounded);
}

WR_AVX512_TARGET static WR_ALWAYS_INLINE __m512 widen16(__m256i h, int format)
{
    if (format == WR_FILTERS_FLOAT16) return _mm512_cvtph_ps(h);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

WR_AVX512_TARGET void wr_narrow_avx512(const float *in, unsigned short *out, size_t count, int format)
{
    size_t i = 0;
    for (; i + 16 <= count; i += 16)
        _mm256_storeu_si256((__m256i *)(out + i), narrow16(_mm512_loadu_ps(in + i), format));
    if (i < count) {
        /* The tail through a vector of 16 (masked 16-bit moves need AVX-512BW). */
        const __mmask16 tail = (__mmask16)((1u << (count - i)) - 1u);
        unsigned short narrowed[16] WR_ALIGNED(32);
        _mm256_store_si256((__m256i *)narrowed, narrow16(_mm512_maskz_loadu_ps(tail, in + i), format));
        memcpy(out + i, narrowed, sizeof(unsigned short) * (count - i));
    }
}

WR_AVX512_TARGET void wr_narrow_rows_avx512(const float *in, size_t in_stride, unsigned short *out, size_t out_stride,
                                            size_t rows, size_t count, int format)
{
    /* A block's full rows are one vector each: inline, with no call per row. */
    if (count == 16) {
        for (size_t r = 0; r < rows; r++)
            _mm256_storeu_si256((__m256i *)(out + r * out_stride),
                                narrow16(_mm512_loadu_ps(in + r * in_stride), format));
        return;
    }
    for (size_t r = 0; r < rows; r++) wr_narrow_avx512(in + r * in_stride, out + r * out_stride, count, format);
}

WR_AVX512_TARGET void wr_widen_avx512(const unsigned short *in, float *out, size_t count, int format)
{
    size_t i = 0;
    for (; i + 16 <= count; i += 16)
        _mm512_storeu_ps(out + i, widen16(_mm256_loadu_si256((const __m256i *)(in + i)), format));
    if (i < count) {
        const __mmask16 tail = (__mmask16)((1u << (count - i)) - 1u);
        unsigned short held[16] WR_ALIGNED(32) = { 0 };
        memcpy(held, in + i, sizeof(unsigned short) * (count - i));
        _mm512_mask_storeu_ps(out + i, tail, widen16(_mm256_load_si256((const __m256i *)held), format));
    }
}

#else
typedef int wr_no_x86_kernels; /* ISO C wants a declaration in every file */
#endif
