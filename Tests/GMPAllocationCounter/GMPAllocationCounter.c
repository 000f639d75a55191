#include "GMPAllocationCounter.h"

#include <gmp.h>
#include <stdlib.h>

static _Thread_local long live_blocks;

static void *counted_allocate(size_t size) {
    live_blocks += 1;
    return malloc(size);
}

static void *counted_reallocate(void *pointer, size_t old_size, size_t new_size) {
    (void)old_size;
    return realloc(pointer, new_size);
}

static void counted_free(void *pointer, size_t size) {
    (void)size;
    live_blocks -= 1;
    free(pointer);
}

void gmp_allocation_counter_install(void) {
    mp_set_memory_functions(counted_allocate, counted_reallocate, counted_free);
}

long gmp_allocation_counter_live(void) { return live_blocks; }
