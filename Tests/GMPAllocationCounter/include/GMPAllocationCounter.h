// Counts GMP's live allocations made and freed on the calling thread, so a
// test can run heavy arithmetic and check that nothing was left behind while
// other tests run on other threads.
#ifndef GMP_ALLOCATION_COUNTER_H
#define GMP_ALLOCATION_COUNTER_H

/// Routes GMP's memory functions through the counter (idempotent).
void gmp_allocation_counter_install(void);

/// Blocks allocated minus blocks freed by the calling thread since install.
long gmp_allocation_counter_live(void);

#endif
