#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "cchildprocess.h"

int cchild_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cchild_addchdir(posix_spawn_file_actions_t *actions, const char *directory) {
    return posix_spawn_file_actions_addchdir_np(actions, directory);
}
