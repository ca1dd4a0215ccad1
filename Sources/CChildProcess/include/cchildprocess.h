#ifndef CCHILDPROCESS_H
#define CCHILDPROCESS_H
#include <spawn.h>

/// pipe2(O_CLOEXEC): both ends close-on-exec from the start, so a child spawned by another
/// thread in the same moment cannot inherit them (and keep our reads from reaching end-of-file).
int cchild_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc 2.29+), which Swift's Glibc module hides.
int cchild_addchdir(posix_spawn_file_actions_t *actions, const char *directory);

#endif
