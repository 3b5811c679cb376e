// Heap-allocation counter for tests and benchmarks (see allocation_counter.c).
#ifndef STRATA_ALLOCATION_COUNTER_H
#define STRATA_ALLOCATION_COUNTER_H

/// Heap allocations (malloc, calloc, realloc and the aligned variants, on every thread) since the process started.
long strata_malloc_count(void);

#endif
