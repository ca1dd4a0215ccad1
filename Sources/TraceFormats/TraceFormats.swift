// Placeholder; filled in by the TraceFormats work.
