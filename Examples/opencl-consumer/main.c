/* opencl-consumer: a 3-channel 18x18 image convolved with 4 filters of 3x3 by
 * Winograd F(4x4,3x3) on an OpenCL device, with the committed kernels of
 * Generated/GPU/opencl: one dispatch transforms every filter, one every input
 * tile of every channel, a small kernel of this program multiplies in the
 * transformed domain (M = U.V per position, summed over channels), and one
 * dispatch transforms every output tile back into the 4 output images. The
 * result is compared with direct correlation in double. */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C = 3, K = 4, M = 4, R = 3, N = M + R - 1, TILES_Y = 4, TILES_X = 4 };
enum { H = TILES_Y * M + R - 1, W = TILES_X * M + R - 1, OUT_H = TILES_Y * M, OUT_W = TILES_X * M };
enum { P = TILES_Y * TILES_X, POSITIONS = N * N };

/* The layout of every emitted batch kernel, field for field (P_batch). */
typedef struct {
    cl_uint tiles, tiles_per_image, tiles_per_row;
    cl_uint src_image_stride, src_tile_row_stride, src_tile_stride, src_row_stride, src_column_stride;
    cl_uint dst_image_stride, dst_tile_row_stride, dst_tile_stride, dst_row_stride, dst_column_stride;
} batch_layout;

/* m[pos][k][p] = sum over c of u[pos][k][c] * v[pos][c][p]: one work item per (pos, k, p). */
static const char *product_source =
    "__kernel void product(__global const float *u, __global const float *v, __global float *m,\n"
    "                      uint channels, uint filters, uint tiles)\n"
    "{\n"
    "    const uint id = get_global_id(0);\n"
    "    const uint p = id % tiles, k = id / tiles % filters, pos = id / tiles / filters;\n"
    "    float sum = 0.0f;\n"
    "    for (uint c = 0; c < channels; ++c)\n"
    "        sum += u[(pos * filters + k) * channels + c] * v[(pos * channels + c) * tiles + p];\n"
    "    m[id] = sum;\n"
    "}\n";

#define CHECK(call)                                                                                                  \
    do {                                                                                                             \
        cl_int status_ = (call);                                                                                     \
        if (status_ != CL_SUCCESS) {                                                                                 \
            fprintf(stderr, "%s failed: %d\n", #call, (int)status_);                                                 \
            exit(1);                                                                                                 \
        }                                                                                                            \
    } while (0)

static char *read_text(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)length + 1);
    if (!text || fread(text, 1, (size_t)length, file) != (size_t)length) exit(1);
    text[length] = 0;
    fclose(file);
    return text;
}

static cl_context context;
static cl_device_id device;
static cl_command_queue queue;

static cl_program build(const char *source)
{
    cl_int status;
    cl_program program = clCreateProgramWithSource(context, 1, &source, NULL, &status);
    CHECK(status);
    if (clBuildProgram(program, 1, &device, "-cl-std=CL1.2", NULL, NULL) != CL_SUCCESS) {
        char log[16384];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, sizeof log, log, NULL);
        fprintf(stderr, "build failed:\n%s\n", log);
        exit(1);
    }
    return program;
}

static cl_mem buffer(size_t floats, const float *data)
{
    cl_int status;
    cl_mem memory = clCreateBuffer(context, CL_MEM_READ_WRITE | (data ? CL_MEM_COPY_HOST_PTR : 0),
                                   floats * sizeof(float), (void *)data, &status);
    CHECK(status);
    return memory;
}

/* Runs one batch kernel of the emitted program over `layout.tiles` tiles. */
static void transform(cl_program program, const char *name, cl_mem src, cl_mem dst, batch_layout layout)
{
    cl_int status;
    cl_kernel kernel = clCreateKernel(program, name, &status);
    CHECK(status);
    CHECK(clSetKernelArg(kernel, 0, sizeof src, &src));
    CHECK(clSetKernelArg(kernel, 1, sizeof dst, &dst));
    CHECK(clSetKernelArg(kernel, 2, sizeof layout, &layout));
    size_t global = layout.tiles;
    CHECK(clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &global, NULL, 0, NULL, NULL));
    clReleaseKernel(kernel);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../../Generated/GPU/opencl/winograd_f4x4_3x3_float.cl";
    static float image[C * H * W], filters[K * C * R * R], output[K * OUT_H * OUT_W];
    unsigned long long state = 42;
    for (int k = 0; k < C * H * W; k++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        image[k] = (float)((double)(state >> 11) * 0x1p-53 * 2.0 - 1.0);
    }
    for (int k = 0; k < K * C * R * R; k++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        filters[k] = (float)((double)(state >> 11) * 0x1p-53 * 2.0 - 1.0);
    }

    cl_platform_id platform;
    cl_int status;
    CHECK(clGetPlatformIDs(1, &platform, NULL));
    CHECK(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, NULL));
    char name[256];
    CHECK(clGetDeviceInfo(device, CL_DEVICE_NAME, sizeof name, name, NULL));
    context = clCreateContext(NULL, 1, &device, NULL, NULL, &status);
    CHECK(status);
    queue = clCreateCommandQueue(context, device, 0, &status);
    CHECK(status);
    char *source = read_text(path);
    cl_program winograd = build(source);
    cl_program multiply = build(product_source);

    cl_mem g = buffer(K * C * R * R, filters), d = buffer(C * H * W, image);
    cl_mem u = buffer(POSITIONS * K * C, NULL), v = buffer(POSITIONS * C * P, NULL);
    cl_mem m = buffer(POSITIONS * K * P, NULL), y = buffer(K * OUT_H * OUT_W, NULL);

    /* Filters (KCRS, one after another) -> U position-major: u[pos][k][c]. */
    batch_layout filter_layout = {K * C, K * C, K * C, 0, 0, R * R, R, 1, 0, 0, 1, N * K * C, K * C};
    transform(winograd, "winograd_f4x4_3x3_float_filter_transform_batch", g, u, filter_layout);
    /* Input tiles of every channel (overlapping, from CHW) -> V position-major: v[pos][c][p]. */
    batch_layout input_layout = {C * P, P, TILES_X, H * W, M * W, M, W, 1, P, TILES_X, 1, N * C * P, C * P};
    transform(winograd, "winograd_f4x4_3x3_float_input_transform_batch", d, v, input_layout);
    /* M = U.V per position. */
    cl_kernel product = clCreateKernel(multiply, "product", &status);
    CHECK(status);
    cl_uint channels = C, count = K, tiles = P;
    CHECK(clSetKernelArg(product, 0, sizeof u, &u));
    CHECK(clSetKernelArg(product, 1, sizeof v, &v));
    CHECK(clSetKernelArg(product, 2, sizeof m, &m));
    CHECK(clSetKernelArg(product, 3, sizeof channels, &channels));
    CHECK(clSetKernelArg(product, 4, sizeof count, &count));
    CHECK(clSetKernelArg(product, 5, sizeof tiles, &tiles));
    size_t items = POSITIONS * K * P;
    CHECK(clEnqueueNDRangeKernel(queue, product, 1, NULL, &items, NULL, 0, NULL, NULL));
    /* M position-major (m[pos][k][p]) -> output tiles of the K images (KHW). */
    batch_layout output_layout = {K * P, P, TILES_X, P, TILES_X, 1, N * K * P, K * P,
                                  OUT_H * OUT_W, M * OUT_W, M, OUT_W, 1};
    transform(winograd, "winograd_f4x4_3x3_float_output_transform_batch", m, y, output_layout);
    CHECK(clEnqueueReadBuffer(queue, y, CL_TRUE, 0, sizeof output, output, 0, NULL, NULL));

    double worst = 0, largest = 0;
    for (int k = 0; k < K; k++) {
        for (int i = 0; i < OUT_H; i++) {
            for (int j = 0; j < OUT_W; j++) {
                double sum = 0;
                for (int c = 0; c < C; c++)
                    for (int a = 0; a < R; a++)
                        for (int b = 0; b < R; b++)
                            sum += (double)image[(c * H + i + a) * W + j + b] *
                                   (double)filters[((k * C + c) * R + a) * R + b];
                double difference = fabs(output[(k * OUT_H + i) * OUT_W + j] - sum);
                if (difference > worst) worst = difference;
                if (fabs(sum) > largest) largest = fabs(sum);
            }
        }
    }
    printf("Winograd F(4x4,3x3) on OpenCL (%s): %dx%dx%d input (*) %dx%dx3x3 filters = %dx%dx%d output\n", name, C,
           H, W, K, C, K, OUT_H, OUT_W);
    printf("max |winograd - direct| = %.3g (largest |output| %.3g)\n", worst, largest);
    int ok = worst <= 1e-4;
    printf(ok ? "OK: within 0.0001\n" : "FAILED: beyond 0.0001\n");
    clReleaseMemObject(g), clReleaseMemObject(d), clReleaseMemObject(u), clReleaseMemObject(v);
    clReleaseMemObject(m), clReleaseMemObject(y);
    clReleaseKernel(product), clReleaseProgram(winograd), clReleaseProgram(multiply);
    clReleaseCommandQueue(queue), clReleaseContext(context);
    free(source);
    return ok ? 0 : 1;
}
