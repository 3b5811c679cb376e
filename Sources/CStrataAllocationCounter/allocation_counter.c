// Counts every heap allocation made through the C allocator (malloc, calloc, realloc, the aligned variants) for the
// allocation checks of tests and strata-bench; never linked into the Strata library or the `strata` executable.
//
// Linked into an executable, these definitions interpose glibc's for the whole process (libswiftCore, libc itself and
// every other shared library call them through the PLT). Built as a shared object it works as an LD_PRELOAD library:
//   gcc -shared -fPIC -O2 Sources/CStrataAllocationCounter/allocation_counter.c -o /tmp/libmc.so
//   LD_PRELOAD=/tmp/libmc.so .build/release/strata bench MODEL.stan --data DATA.json
// The real allocator is reached through glibc's exported __libc_* entry points, so no dlsym (which may allocate) is
// needed. Not seen: memory obtained with mmap/sbrk directly (OpenBLAS's buffer pool), and allocators that bypass
// malloc altogether; Swift's runtime (swift_slowAlloc), C++ operator new and Foundation all go through malloc here.
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

static atomic_long allocations;

static inline void count_one(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

long strata_malloc_count(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }

void *malloc(size_t size) { count_one(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { count_one(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { count_one(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }
void *valloc(size_t size) { count_one(); return __libc_valloc(size); }
void *pvalloc(size_t size) { count_one(); return __libc_pvalloc(size); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}
