#include "CWinogradRuntime.h"

static int level_limit = WR_AVX512;

static int detected_level(void)
{
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return WR_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return WR_AVX2;
#endif
    return WR_PORTABLE;
}

int wr_cpu_level(void)
{
    int level = detected_level();
    return level < level_limit ? level : level_limit;
}

void wr_limit_cpu_level(int level) { level_limit = level; }

const char *wr_cpu_level_name(int level)
{
    switch (level) {
    case WR_AVX512: return "avx512";
    case WR_AVX2: return "avx2";
    default: return "portable";
    }
}

long wr_fetch_add(long *counter, long value) { return __atomic_fetch_add(counter, value, __ATOMIC_ACQ_REL); }

long wr_atomic_load(const long *counter) { return __atomic_load_n(counter, __ATOMIC_ACQUIRE); }
