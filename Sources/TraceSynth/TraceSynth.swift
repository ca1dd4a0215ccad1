// Placeholder; filled in by the TraceSynth work.
