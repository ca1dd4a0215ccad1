// Fake backends for tests.
