#define _GNU_SOURCE
#include "cfileguard.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// A fixed table, scanned by the handler without locks: only atomics are async-signal-safe.
// Each open input holds one slot for as long as span details may be decoded from it.
#define SLOTS 4096

struct slot {
    _Atomic uintptr_t base;  // 0 = free
    _Atomic size_t length;
    _Atomic int tripped;
};

static struct slot slots[SLOTS];
static struct sigaction previous;
static uintptr_t page_mask;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int installed;

static void on_sigbus(int sig, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t base = atomic_load(&slots[i].base);
        if (base == 0) continue;
        size_t length = atomic_load(&slots[i].length);
        if (address < base || address - base >= length) continue;
        // Zero pages from the faulting page to the end of the range: one fault per range, not
        // one per page. Pages before it that are also past the new end fault later on their own.
        uintptr_t page = address & page_mask;
        void *zeros = mmap((void *)page, base + length - page, PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros != MAP_FAILED) {
            atomic_store(&slots[i].tripped, 1);
            return;  // the faulting read runs again and sees zeros
        }
        break;
    }
    // Not one of ours: back to what was there before (the default action, or the runtime's
    // crash reporter); returning re-runs the access, which faults again under it.
    sigaction(sig, &previous, NULL);
}

int cfileguard_install(void) {
    pthread_mutex_lock(&lock);
    int rc = 0;
    if (!installed) {
        page_mask = ~((uintptr_t)sysconf(_SC_PAGESIZE) - 1);
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_sigbus;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        rc = sigaction(SIGBUS, &action, &previous);
        if (rc == 0) installed = 1;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int cfileguard_add(const void *base, size_t length) {
    if (base == NULL || length == 0) return -1;
    pthread_mutex_lock(&lock);
    int found = -1;
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&slots[i].base) == 0) {
            atomic_store(&slots[i].tripped, 0);
            atomic_store(&slots[i].length, length);
            atomic_store(&slots[i].base, (uintptr_t)base);  // last: the handler checks base first
            found = i;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

void cfileguard_remove(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    atomic_store(&slots[slot].base, 0);
}

int cfileguard_tripped(int slot) {
    if (slot < 0 || slot >= SLOTS) return 0;
    return atomic_load(&slots[slot].tripped);
}

int cfileguard_count(void) {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) n += atomic_load(&slots[i].base) != 0;
    return n;
}
