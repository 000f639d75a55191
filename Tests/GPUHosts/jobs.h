/* What the test hosts share: reading files and the jobs of README.md. */
#ifndef WINOGRAD_TEST_JOBS_H
#define WINOGRAD_TEST_JOBS_H

#include <stdio.h>
#include <stdlib.h>

/* One line of a jobs file. */
struct job {
    char source[1024], entry[256], src_path[1024], dst_path[1024];
    unsigned element, src_count, dst_count, work_items;
    unsigned batch[13];
};

/* The next job of `jobs`; 0 at the end. */
static int read_job(FILE *jobs, struct job *job)
{
    if (fscanf(jobs, "%1023s %255s %u %1023s %u %1023s %u %u", job->source, job->entry, &job->element, job->src_path,
               &job->src_count, job->dst_path, &job->dst_count, &job->work_items) != 8)
        return 0;
    for (int k = 0; k < 13; k++) {
        if (fscanf(jobs, "%u", &job->batch[k]) != 1) {
            fprintf(stderr, "a job has fewer than 13 layout fields\n");
            exit(1);
        }
    }
    return 1;
}

/* The whole file, with a terminating zero past its `size` bytes; exits when it cannot. */
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
    char *data = malloc((size_t)length + 4);
    if (!data || fread(data, 1, (size_t)length, file) != (size_t)length) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    data[length] = 0;
    fclose(file);
    *size = (size_t)length;
    return data;
}

/* The job's source array, checked against its element count. */
static void *read_source(const struct job *job, size_t *size)
{
    void *data = read_file(job->src_path, size);
    if (*size != (size_t)job->src_count * job->element) {
        fprintf(stderr, "%s holds %zu bytes, not %u elements\n", job->src_path, *size, job->src_count);
        exit(1);
    }
    return data;
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *out = fopen(path, "wb");
    if (!out || fwrite(data, 1, size, out) != size) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fclose(out);
}

#endif
