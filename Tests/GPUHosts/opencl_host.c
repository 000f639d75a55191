/* Runs OpenCL C batch kernels on the first OpenCL device (PoCL in the tests);
 * jobs as README.md describes. Builds each source once, with -Werror. */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                                                \
    do {                                                                                           \
        cl_int status_ = (call);                                                                   \
        if (status_ != CL_SUCCESS) {                                                               \
            fprintf(stderr, "%s failed: %d (line %d)\n", #call, (int)status_, __LINE__);         \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static void *read_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *data = malloc((size_t)length + 1);
    if (fread(data, 1, (size_t)length, file) != (size_t)length) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    data[length] = 0;
    fclose(file);
    *size = (size_t)length;
    return data;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: opencl_host JOBS\n");
        return 2;
    }
    cl_platform_id platform;
    cl_device_id device;
    cl_int status;
    CHECK(clGetPlatformIDs(1, &platform, NULL));
    CHECK(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, NULL));
    char name[256];
    CHECK(clGetDeviceInfo(device, CL_DEVICE_NAME, sizeof name, name, NULL));
    printf("device: %s\n", name);
    cl_context context = clCreateContext(NULL, 1, &device, NULL, NULL, &status);
    CHECK(status);
    cl_command_queue queue = clCreateCommandQueue(context, device, 0, &status);
    CHECK(status);

    FILE *jobs = fopen(argv[1], "r");
    if (!jobs) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    char source_path[1024] = "", built_path[1024] = "", entry[256], src_path[1024], dst_path[1024];
    unsigned element, src_count, dst_count, work_items;
    cl_uint batch[10];
    cl_program program = NULL;
    while (fscanf(jobs, "%1023s %255s %u %1023s %u %1023s %u %u %u %u %u %u %u %u %u %u %u %u", source_path, entry,
                  &element, src_path, &src_count, dst_path, &dst_count, &work_items, &batch[0], &batch[1],
                  &batch[2], &batch[3], &batch[4], &batch[5], &batch[6], &batch[7], &batch[8], &batch[9]) == 18) {
        if (strcmp(source_path, built_path) != 0) {
            if (program) clReleaseProgram(program);
            size_t size;
            char *text = read_file(source_path, &size);
            const char *texts[1] = {text};
            program = clCreateProgramWithSource(context, 1, texts, &size, &status);
            CHECK(status);
            cl_int built = clBuildProgram(program, 1, &device, "-cl-std=CL1.2 -Werror", NULL, NULL);
            size_t log_size = 0;
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, NULL, &log_size);
            char *log = malloc(log_size + 1);
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log_size, log, NULL);
            log[log_size] = 0;
            if (built != CL_SUCCESS || strstr(log, "warning")) {
                fprintf(stderr, "%s: build %s:\n%s\n", source_path, built == CL_SUCCESS ? "warned" : "failed", log);
                return 1;
            }
            free(log);
            free(text);
            strcpy(built_path, source_path);
        }
        size_t src_size;
        void *src = read_file(src_path, &src_size);
        if (src_size != (size_t)src_count * element) {
            fprintf(stderr, "%s holds %zu bytes, not %u elements\n", src_path, src_size, src_count);
            return 1;
        }
        size_t dst_size = (size_t)dst_count * element;
        void *dst = calloc(dst_count, element);
        cl_mem src_buffer = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, src_size, src, &status);
        CHECK(status);
        cl_mem dst_buffer = clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, dst_size, dst, &status);
        CHECK(status);
        cl_kernel kernel = clCreateKernel(program, entry, &status);
        CHECK(status);
        CHECK(clSetKernelArg(kernel, 0, sizeof src_buffer, &src_buffer));
        CHECK(clSetKernelArg(kernel, 1, sizeof dst_buffer, &dst_buffer));
        CHECK(clSetKernelArg(kernel, 2, sizeof batch, batch));
        size_t global = work_items;
        CHECK(clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &global, NULL, 0, NULL, NULL));
        CHECK(clEnqueueReadBuffer(queue, dst_buffer, CL_TRUE, 0, dst_size, dst, 0, NULL, NULL));
        FILE *out = fopen(dst_path, "wb");
        if (!out || fwrite(dst, 1, dst_size, out) != dst_size) {
            fprintf(stderr, "cannot write %s\n", dst_path);
            return 1;
        }
        fclose(out);
        printf("ran %s %s on %u tiles\n", source_path, entry, batch[0]);
        clReleaseKernel(kernel);
        clReleaseMemObject(src_buffer);
        clReleaseMemObject(dst_buffer);
        free(src);
        free(dst);
    }
    fclose(jobs);
    if (program) clReleaseProgram(program);
    clReleaseCommandQueue(queue);
    clReleaseContext(context);
    return 0;
}
