#include <stddef.h>
#include <stdint.h>

// On Linux SwiftPM links every executable with `--defsym main=<module>_main` (so tests can
// link executables), which takes `main` away from libFuzzer. This is that renamed main: it
// starts libFuzzer's driver, which then calls LLVMFuzzerInitialize and LLVMFuzzerTestOneInput
// as its own main would.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int spanscope_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
