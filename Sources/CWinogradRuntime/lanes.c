/* The 16-tile transforms, compiled once per instruction set: the committed
 * lanes kernels of Generated/Lanes (written by `winograd emit --all`) and the
 * dense kernels of the generic backend. */
#include "CWinogradRuntime.h"

#include <string.h>

#define WR_CONCAT2(a, b) a##_##b
#define WR_CONCAT(a, b) WR_CONCAT2(a, b)
#define WINOGRAD_LANES_NAME(name) WR_CONCAT(name, WR_ISA)
#define WR_LANES_NAME(name) WINOGRAD_LANES_NAME(name)


#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WR_ISA avx512
#define WINOGRAD_LANES_QUALIFIER static __attribute__((target("avx512f,fma")))
#define WR_LANES_QUALIFIER WINOGRAD_LANES_QUALIFIER
#include "../../Generated/Lanes/winograd_f2x2_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f6x6_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f2x2_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_searched_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_2x2_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_4x4_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_6x6_float_lanes.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER

#define WR_ISA avx2
#define WINOGRAD_LANES_QUALIFIER static __attribute__((target("avx2,fma")))
#include "../../Generated/Lanes/winograd_f2x2_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f6x6_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f2x2_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_searched_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_2x2_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_4x4_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_6x6_float_lanes.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER
#endif

#define WR_ISA portable
#define WINOGRAD_LANES_QUALIFIER static
#include "../../Generated/Lanes/winograd_f2x2_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f6x6_3x3_float_lanes.h"
#include "../../Generated/Lanes/winograd_f2x2_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_5x5_float_lanes.h"
#include "../../Generated/Lanes/winograd_f4x4_3x3_searched_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_2x2_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_4x4_float_lanes.h"
#include "../../Generated/Lanes/winograd_f3x3_6x6_float_lanes.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER

#define WR_PICK(name) \
    (level == WR_AVX512 ? WR_CONCAT(name, avx512) : level == WR_AVX2 ? WR_CONCAT(name, avx2) : WR_CONCAT(name, portable))

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WR_SELECT(name) WR_PICK(name)
#else
#define WR_SELECT(name) WR_CONCAT(name, portable)
#endif

int wr_committed_lanes(int m, int r, int variant, wr_lanes_kernel *input, wr_lanes_kernel *filter, wr_lanes_kernel *output)
{
    int level = wr_cpu_level();
    (void)level;
#define WR_CASE(M, R, V, prefix) \
    if (m == M && r == R && variant == V) { \
        *input = WR_SELECT(prefix##_input_transform_lanes); \
        *filter = WR_SELECT(prefix##_filter_transform_lanes); \
        *output = WR_SELECT(prefix##_output_transform_lanes); \
        return 1; \
    }
    WR_CASE(2, 3, 0, winograd_f2x2_3x3_float)
    WR_CASE(4, 3, 0, winograd_f4x4_3x3_float)
    WR_CASE(6, 3, 0, winograd_f6x6_3x3_float)
    WR_CASE(2, 5, 0, winograd_f2x2_5x5_float)
    WR_CASE(4, 5, 0, winograd_f4x4_5x5_float)
    WR_CASE(4, 3, 1, winograd_f4x4_3x3_searched_float)
    WR_CASE(3, 2, 0, winograd_f3x3_2x2_float)
    WR_CASE(3, 4, 0, winograd_f3x3_4x4_float)
    WR_CASE(3, 6, 0, winograd_f3x3_6x6_float)
#undef WR_CASE
    return 0;
}

void wr_dense_lanes(const float *T0, int a0, int p0, const float *T1, int a1, int p1,
                    const float *in, size_t in_stride, float *out, size_t out_stride)
{
    int level = wr_cpu_level();
    (void)level;
    WR_SELECT(dense_lanes)(T0, a0, p0, T1, a1, p1, in, in_stride, out, out_stride);
}

void wr_tile_input(const wr_tile_kernels *k, const float *in, size_t in_stride, float *out, size_t out_stride)
{
    if (k->input) k->input(in, in_stride, out, out_stride);
    else wr_dense_lanes(k->BT0, k->t0, k->n0, k->BT1, k->t1, k->n1, in, in_stride, out, out_stride);
}

void wr_tile_output(const wr_tile_kernels *k, const float *in, size_t in_stride, float *out, size_t out_stride)
{
    if (k->output) k->output(in, in_stride, out, out_stride);
    else wr_dense_lanes(k->AT0, k->m0, k->t0, k->AT1, k->m1, k->t1, in, in_stride, out, out_stride);
}
