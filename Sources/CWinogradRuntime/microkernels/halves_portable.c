/* 16-bit storage of the transformed filters: float32 to bfloat16 or IEEE
 * half, rounded to nearest even (overflow to infinity, half's subnormals
 * kept), and back, exactly. Plain C, bit for bit what the vector kernels
 * do for finite values; a NaN stays a (quiet) NaN. */
#include "../internal.h"

#include <math.h>
#include <string.h>

static unsigned bits_of(float f)
{
    unsigned x;
    memcpy(&x, &f, sizeof x);
    return x;
}

static float float_of(unsigned x)
{
    float f;
    memcpy(&f, &x, sizeof f);
    return f;
}

unsigned short wr_float_to_bfloat16(float f)
{
    const unsigned x = bits_of(f);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u) return (unsigned short)((x >> 16) | 0x40u);
    /* Adding 0x7FFF plus the kept bit's lowest rounds to nearest, ties to
     * even; a carry into the exponent is the right result, up to infinity. */
    return (unsigned short)((x + 0x7FFFu + ((x >> 16) & 1u)) >> 16);
}

unsigned short wr_float_to_half(float f)
{
    const unsigned x = bits_of(f), sign = (x >> 16) & 0x8000u, magnitude = x & 0x7FFFFFFFu;
    if (magnitude > 0x7F800000u) return (unsigned short)(sign | 0x7E00u);
    /* From halfway between 65504 (the largest half) and 65536 up: infinity. */
    if (magnitude >= 0x477FF000u) return (unsigned short)(sign | 0x7C00u);
    if (magnitude >= 0x38800000u) {
        /* Normal: rebias the exponent (127 → 15), round off 13 bits. */
        const unsigned rebiased = magnitude - 0x38000000u;
        return (unsigned short)(sign | ((rebiased + 0xFFFu + ((rebiased >> 13) & 1u)) >> 13));
    }
    /* Subnormal or zero: units of 2^-24, rounded to nearest even by rintf
     * (the scaling is exact); 1024 units is the smallest normal's code. */
    return (unsigned short)(sign | (unsigned)rintf(float_of(magnitude) * 0x1p24f));
}

float wr_bfloat16_to_float(unsigned short h) { return float_of((unsigned)h << 16); }

float wr_half_to_float(unsigned short h)
{
    const unsigned sign = (unsigned)(h & 0x8000u) << 16, exponent = (h >> 10) & 0x1Fu, mantissa = h & 0x3FFu;
    if (exponent == 0) {
        const float magnitude = (float)mantissa * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 31) return float_of(sign | 0x7F800000u | (mantissa << 13));
    return float_of(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

void wr_narrow_portable(const float *in, unsigned short *out, size_t count, int format)
{
    for (size_t i = 0; i < count; i++)
        out[i] = format == WR_FILTERS_FLOAT16 ? wr_float_to_half(in[i]) : wr_float_to_bfloat16(in[i]);
}

void wr_narrow_rows_portable(const float *in, size_t in_stride, unsigned short *out, size_t out_stride, size_t rows,
                             size_t count, int format)
{
    for (size_t r = 0; r < rows; r++) wr_narrow_portable(in + r * in_stride, out + r * out_stride, count, format);
}

void wr_widen_portable(const unsigned short *in, float *out, size_t count, int format)
{
    for (size_t i = 0; i < count; i++)
        out[i] = format == WR_FILTERS_FLOAT16 ? wr_half_to_float(in[i]) : wr_bfloat16_to_float(in[i]);
}
