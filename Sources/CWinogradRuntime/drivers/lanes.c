/* The 16-tile transforms, compiled once per instruction set: the committed
 * lanes kernels of Generated/Lanes (their registry is written by `winograd
 * emit --all` from the kernel catalogue) and the dense kernels for every
 * other tile. */
#include "../internal.h"

#include <string.h>

#define WR_CONCAT2(a, b) a##_##b
#define WR_CONCAT(a, b) WR_CONCAT2(a, b)
#define WINOGRAD_LANES_NAME(name) WR_CONCAT(name, WR_ISA)
#define WR_LANES_NAME(name) WINOGRAD_LANES_NAME(name)
#define WR_LANES_QUALIFIER WINOGRAD_LANES_QUALIFIER

/* Each inclusion defines the registry and dense_lanes under a suffix. */
#if WR_X86
#define WR_ISA avx512
#define WINOGRAD_LANES_QUALIFIER static WR_AVX512_TARGET
#include "../../../Generated/Lanes/winograd_lanes_registry.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER

#define WR_ISA avx2
#define WINOGRAD_LANES_QUALIFIER static WR_AVX2_TARGET
#include "../../../Generated/Lanes/winograd_lanes_registry.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER
#endif

#define WR_ISA portable
#define WINOGRAD_LANES_QUALIFIER static
#include "../../../Generated/Lanes/winograd_lanes_registry.h"
#include "dense_lanes.inc"
#undef WR_ISA
#undef WINOGRAD_LANES_QUALIFIER

static const winograd_lanes_entry *registry_for(int isa)
{
#if WR_X86
    if (isa == WR_AVX512) return winograd_lanes_registry_avx512;
    if (isa == WR_AVX2) return winograd_lanes_registry_avx2;
#endif
    (void)isa;
    return winograd_lanes_registry_portable;
}

wr_dense_lanes_kernel wr_dense_lanes_for(int isa)
{
#if WR_X86
    if (isa == WR_AVX512) return dense_lanes_avx512;
    if (isa == WR_AVX2) return dense_lanes_avx2;
#endif
    (void)isa;
    return dense_lanes_portable;
}

int wr_find_lanes(const wr_context *ctx, int m0, int m1, int r0, int r1, const char *points0, const char *points1,
                  wr_lanes_kernel *input, wr_lanes_kernel *filter, wr_lanes_kernel *output, const char **name)
{
    const winograd_lanes_entry *entries = registry_for(ctx->isa);
    for (int i = 0; i < WINOGRAD_LANES_REGISTRY_COUNT; i++) {
        const winograd_lanes_entry *e = &entries[i];
        if (e->m0 == m0 && e->m1 == m1 && e->r0 == r0 && e->r1 == r1 && strcmp(e->points0, points0) == 0
            && strcmp(e->points1, points1) == 0) {
            *input = e->input;
            *filter = e->filter;
            *output = e->output;
            *name = e->name;
            return 1;
        }
    }
    return 0;
}

int wr_committed_lanes_count(void) { return WINOGRAD_LANES_REGISTRY_COUNT; }

const char *wr_committed_lanes_name(int index)
{
    return index >= 0 && index < WINOGRAD_LANES_REGISTRY_COUNT ? winograd_lanes_registry_portable[index].name : "";
}

void wr_tile_input(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                   size_t out_stride)
{
    if (k->input)
        k->input(in, in_stride, out, out_stride);
    else
        ctx->dense_lanes(k->BT0, k->t0, k->n0, k->BT1, k->t1, k->n1, in, in_stride, out, out_stride);
}

void wr_tile_filter(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                    size_t out_stride)
{
    if (k->filter)
        k->filter(in, in_stride, out, out_stride);
    else
        ctx->dense_lanes(k->G0, k->t0, k->r0, k->G1, k->t1, k->r1, in, in_stride, out, out_stride);
}

void wr_tile_output(const wr_context *ctx, const wr_tile_kernels *k, const float *in, size_t in_stride, float *out,
                    size_t out_stride)
{
    if (k->output)
        k->output(in, in_stride, out, out_stride);
    else
        ctx->dense_lanes(k->AT0, k->m0, k->t0, k->AT1, k->m1, k->t1, in, in_stride, out, out_stride);
}
