"""Pure rules on plain values. No Qt, no database, no files: everything here is fast to test."""
