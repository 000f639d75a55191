/* Shared by the SIMD kernels: intrinsics and the unrolling hints. Private to
 * CWinogradRuntime (not under include/). */
#ifndef WR_SIMD_H
#define WR_SIMD_H

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define WR_ALWAYS_INLINE inline __attribute__((always_inline))
#if defined(__clang__)
#define WR_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define WR_UNROLL _Pragma("GCC unroll 16")
#else
#define WR_UNROLL
#endif

#endif
