// Placeholder; filled in by the Reports work.
