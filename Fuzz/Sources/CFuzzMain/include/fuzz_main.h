// Intentionally empty: the module only supplies the entry point in fuzz_main.c.
