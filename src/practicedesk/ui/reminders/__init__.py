"""E-mail reminders in the window: the background sending rounds."""
