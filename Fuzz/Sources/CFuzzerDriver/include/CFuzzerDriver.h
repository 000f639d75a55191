#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver (libclang_rt.fuzzer): parses libFuzzer's flags and runs
 * `callback` on every input. The fuzz targets call it from their entry point,
 * which SwiftPM names itself, so libFuzzer's own main is never linked. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
