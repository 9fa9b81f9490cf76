"""E-mail reminders of coming visits: the owner's setup (setup.py, setting_up.py), the queue
kept in step with the book (queue.py), the sending rounds of the one sending PC
(sending.py), and what waits for a person (worklist.py)."""
