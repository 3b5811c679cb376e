// Counts malloc calls; preload it to let strata-bench report heap allocations per gradient:
//   gcc -shared -fPIC -O2 Benchmarks/Support/malloc_counter.c -o /tmp/libmc.so -ldl
//   LD_PRELOAD=/tmp/libmc.so .build/release/strata-bench
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
static atomic_long count;
static void *(*real_malloc)(size_t);
void *malloc(size_t n) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&count, 1); return real_malloc(n); }
long strata_malloc_count(void) { return atomic_load(&count); }
