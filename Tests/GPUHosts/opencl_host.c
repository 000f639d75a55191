/* Runs OpenCL C batch kernels on the first OpenCL device (PoCL in the tests);
 * jobs as README.md describes. Builds each source once, with -Werror. */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"

#define CHECK(call)                                                                                \
    do {                                                                                           \
        cl_int status_ = (call);                                                                   \
        if (status_ != CL_SUCCESS) {                                                               \
            fprintf(stderr, "%s failed: %d (line %d)\n", #call, (int)status_, __LINE__);         \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

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
    char built_path[1024] = "";
    struct job job;
    cl_program program = NULL;
    while (read_job(jobs, &job)) {
        if (strcmp(job.source, built_path) != 0) {
            if (program) clReleaseProgram(program);
            size_t size;
            char *text = read_file(job.source, &size);
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
                fprintf(stderr, "%s: build %s:\n%s\n", job.source, built == CL_SUCCESS ? "warned" : "failed", log);
                return 1;
            }
            free(log);
            free(text);
            strcpy(built_path, job.source);
        }
        size_t src_size;
        void *src = read_source(&job, &src_size);
        size_t dst_size = (size_t)job.dst_count * job.element;
        void *dst = calloc(job.dst_count, job.element);
        cl_mem src_buffer = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, src_size, src, &status);
        CHECK(status);
        cl_mem dst_buffer = clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, dst_size, dst, &status);
        CHECK(status);
        cl_kernel kernel = clCreateKernel(program, job.entry, &status);
        CHECK(status);
        CHECK(clSetKernelArg(kernel, 0, sizeof src_buffer, &src_buffer));
        CHECK(clSetKernelArg(kernel, 1, sizeof dst_buffer, &dst_buffer));
        cl_uint batch[13];
        for (int k = 0; k < 13; k++) batch[k] = job.batch[k];
        CHECK(clSetKernelArg(kernel, 2, sizeof batch, batch));
        size_t global = job.work_items;
        CHECK(clEnqueueNDRangeKernel(queue, kernel, 1, NULL, &global, NULL, 0, NULL, NULL));
        CHECK(clEnqueueReadBuffer(queue, dst_buffer, CL_TRUE, 0, dst_size, dst, 0, NULL, NULL));
        write_file(job.dst_path, dst, dst_size);
        printf("ran %s %s on %u tiles\n", job.source, job.entry, job.batch[0]);
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
