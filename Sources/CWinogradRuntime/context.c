/* The context: which instruction set the kernels use and which
 * microkernels that means, chosen once per plan. The only place that
 * decides by instruction set; drivers read the context. */
#include "internal.h"

#include <unistd.h>

/* Bytes of packed filters the product keeps in L2 while tile blocks stream
 * past: 3/16 of this CPU's L2 (192 KiB of a 1 MiB L2, measured best on Zen
 * 4), within 64–512 KiB; 192 KiB where the size is not known. */
static long l2_bytes(void)
{
    long l2 = -1;
#ifdef _SC_LEVEL2_CACHE_SIZE
    l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
    return l2;
}

static size_t product_filter_bytes(void)
{
    const long l2 = l2_bytes();
    if (l2 <= 0) return 192 * 1024;
    const size_t bytes = (size_t)l2 * 3 / 16;
    return bytes < 64 * 1024 ? 64 * 1024 : bytes > 512 * 1024 ? 512 * 1024 : bytes;
}

/* An SGEMM result written once and larger than twice one core's L2 (2 MiB
 * where the size is not known) goes past the caches: streaming it saved
 * about 10% of the filter gradient on the 7² and 14² layers and 18% of
 * im2col on (1,3,64,224²) on Zen 4; at 1.4 MB (8,3,16,150²) it cost 5%. */
static size_t sgemm_stream_bytes(void)
{
    const long l2 = l2_bytes();
    return 2 * (l2 > 0 ? (size_t)l2 : 1024 * 1024);
}

int wr_detected_isa(void)
{
#if WR_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return WR_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return WR_AVX2;
#endif
    return WR_PORTABLE;
}

wr_context wr_make_context(int isa)
{
    const int detected = wr_detected_isa();
    wr_context ctx = { 0 };
    ctx.isa = isa < WR_PORTABLE ? WR_PORTABLE : isa < detected ? isa : detected;
    ctx.dense_lanes = wr_dense_lanes_for(ctx.isa);
    ctx.product_block = wr_product_block_portable;
    ctx.product_block_t = wr_product_block_t_portable;
    ctx.narrow = wr_narrow_portable;
    ctx.narrow_rows = wr_narrow_rows_portable;
    ctx.widen = wr_widen_portable;
    ctx.direct_filters = 1;
    ctx.product_filter_bytes = product_filter_bytes();
    ctx.sgemm = (wr_sgemm_config){ 4, 16, 256, 128, 2048, 0, 32, 0, wr_sgemm_kernel_portable };
    switch (ctx.isa) {
#if WR_X86
    case WR_AVX512:
        ctx.sgemm = (wr_sgemm_config){ 12, 32, 384, 144, 2048, 144, 32, sgemm_stream_bytes(), wr_sgemm_kernel_avx512 };
        ctx.direct = wr_direct_avx512;
        ctx.direct_filters = 6;
        ctx.gather_columns = 8;
        ctx.scatter_columns = WR_RUN_COLUMNS;
        ctx.product_pair = wr_product_pair_avx512;
        ctx.product_block = wr_product_block_avx512;
        ctx.product_half = wr_product_half_avx512;
        ctx.product_columns = wr_product_columns_avx512;
        ctx.product_pair_t = wr_product_pair_t_avx512;
        ctx.product_block_t = wr_product_block_t_avx512;
        ctx.product_half_t = wr_product_half_t_avx512;
        ctx.gather_block = wr_gather_block_avx512;
        ctx.scatter_run = wr_scatter_run_avx512;
        ctx.transpose16 = wr_transpose16_avx512;
        ctx.gather_filters = wr_gather_filters_avx512;
        ctx.narrow = wr_narrow_avx512;
        ctx.narrow_rows = wr_narrow_rows_avx512;
        ctx.widen = wr_widen_avx512;
        break;
    case WR_AVX2:
        ctx.sgemm = (wr_sgemm_config){ 6, 16, 256, 144, 2048, 144, 32, 0, wr_sgemm_kernel_avx2 };
        ctx.direct = wr_direct_avx2;
        ctx.direct_filters = 6;
        ctx.product_block = wr_product_block_avx2;
        ctx.product_block_t = wr_product_block_t_avx2;
        break;
#endif
    default: break;
    }
    return ctx;
}

const char *wr_isa_name(int isa)
{
    switch (isa) {
    case WR_AVX512: return "avx512";
    case WR_AVX2: return "avx2";
    default: return "portable";
    }
}

long wr_fetch_add(long *counter, long value) { return __atomic_fetch_add(counter, value, __ATOMIC_ACQ_REL); }

long wr_atomic_load(const long *counter) { return __atomic_load_n(counter, __ATOMIC_ACQUIRE); }
