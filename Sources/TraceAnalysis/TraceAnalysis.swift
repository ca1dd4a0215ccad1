// Placeholder; filled in by the TraceAnalysis work.
