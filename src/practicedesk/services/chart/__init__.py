"""One patient's chart: reading and changing it, its items, insurance, documents,
communications and tasks, the worklists, and the record's export."""
