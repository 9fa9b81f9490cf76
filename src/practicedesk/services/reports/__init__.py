"""The owner's reports: what the program records, turned into pictures and tables."""
