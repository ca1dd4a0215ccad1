#ifndef CFILEGUARD_H
#define CFILEGUARD_H
#include <stddef.h>

/// Memory-mapped input files that may shrink under the mapping (log rotation, a file being
/// rewritten). Reading a mapped page past the new end of file raises SIGBUS; for a registered
/// range, the handler maps zero pages over the rest of the range and marks the range, so the
/// read goes on (seeing zeros) and the loader reports "file changed while reading" instead of
/// the process dying. A SIGBUS anywhere else gets the previous disposition back and recurs
/// under it, as if no handler had been installed.

/// Installs the SIGBUS handler (once; later calls do nothing). 0 on success.
int cfileguard_install(void);

/// Registers a mapped range; returns its slot, or -1 when every slot is taken (the caller
/// should then read the file instead of mapping it).
int cfileguard_add(const void *base, size_t length);

/// Forgets a slot (before the range is unmapped).
void cfileguard_remove(int slot);

/// 1 when a read in the slot's range faulted (the file shrank), else 0.
int cfileguard_tripped(int slot);

/// Test hook: how many registered ranges there are.
int cfileguard_count(void);

#endif
