/* temporary hand-written registry; emit --all will write it */
#include <stddef.h>
#include "winograd_f2x2_3x3_float_lanes.h"
#include "winograd_f4x4_3x3_float_lanes.h"
#include "winograd_f6x6_3x3_float_lanes.h"
#include "winograd_f2x2_5x5_float_lanes.h"
#include "winograd_f4x4_5x5_float_lanes.h"
#include "winograd_f4x4_3x3_searched_float_lanes.h"
#include "winograd_f3x3_2x2_float_lanes.h"
#include "winograd_f3x3_4x4_float_lanes.h"
#include "winograd_f3x3_6x6_float_lanes.h"
#ifndef WINOGRAD_LANES_ENTRY_TYPE
#define WINOGRAD_LANES_ENTRY_TYPE
typedef void (*winograd_lanes_kernel)(const float *in, size_t in_stride, float *out, size_t out_stride);
typedef struct {
    const char *name;
    int m0, m1, r0, r1;
    const char *points0, *points1;
    winograd_lanes_kernel input, filter, output;
} winograd_lanes_entry;
#define WINOGRAD_LANES_REGISTRY_COUNT 9
#endif
static const winograd_lanes_entry WINOGRAD_LANES_NAME(winograd_lanes_registry)[WINOGRAD_LANES_REGISTRY_COUNT] = {
    { "winograd_f2x2_3x3_float", 2, 2, 3, 3, "0, 1, -1, inf", "0, 1, -1, inf", WINOGRAD_LANES_NAME(winograd_f2x2_3x3_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f2x2_3x3_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f2x2_3x3_float_output_transform_lanes) },
    { "winograd_f4x4_3x3_float", 4, 4, 3, 3, "0, 1, -1, 2, -2, inf", "0, 1, -1, 2, -2, inf", WINOGRAD_LANES_NAME(winograd_f4x4_3x3_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_3x3_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_3x3_float_output_transform_lanes) },
    { "winograd_f6x6_3x3_float", 6, 6, 3, 3, "0, 1, -1, 2, -2, 1/2, -1/2, inf", "0, 1, -1, 2, -2, 1/2, -1/2, inf", WINOGRAD_LANES_NAME(winograd_f6x6_3x3_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f6x6_3x3_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f6x6_3x3_float_output_transform_lanes) },
    { "winograd_f2x2_5x5_float", 2, 2, 5, 5, "0, 1, -1, 2, -2, inf", "0, 1, -1, 2, -2, inf", WINOGRAD_LANES_NAME(winograd_f2x2_5x5_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f2x2_5x5_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f2x2_5x5_float_output_transform_lanes) },
    { "winograd_f4x4_5x5_float", 4, 4, 5, 5, "0, 1, -1, 2, -2, 1/2, -1/2, inf", "0, 1, -1, 2, -2, 1/2, -1/2, inf", WINOGRAD_LANES_NAME(winograd_f4x4_5x5_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_5x5_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_5x5_float_output_transform_lanes) },
    { "winograd_f4x4_3x3_searched_float", 4, 4, 3, 3, "0, 5/8, -5/8, 7/4, -7/4, inf", "0, 5/8, -5/8, 7/4, -7/4, inf", WINOGRAD_LANES_NAME(winograd_f4x4_3x3_searched_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_3x3_searched_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f4x4_3x3_searched_float_output_transform_lanes) },
    { "winograd_f3x3_2x2_float", 3, 3, 2, 2, "0, 1, -1, inf", "0, 1, -1, inf", WINOGRAD_LANES_NAME(winograd_f3x3_2x2_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_2x2_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_2x2_float_output_transform_lanes) },
    { "winograd_f3x3_4x4_float", 3, 3, 4, 4, "0, 1, -1, 2, -2, inf", "0, 1, -1, 2, -2, inf", WINOGRAD_LANES_NAME(winograd_f3x3_4x4_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_4x4_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_4x4_float_output_transform_lanes) },
    { "winograd_f3x3_6x6_float", 3, 3, 6, 6, "0, 1, -1, 2, -2, 1/2, -1/2, inf", "0, 1, -1, 2, -2, 1/2, -1/2, inf", WINOGRAD_LANES_NAME(winograd_f3x3_6x6_float_input_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_6x6_float_filter_transform_lanes), WINOGRAD_LANES_NAME(winograd_f3x3_6x6_float_output_transform_lanes) },
};
