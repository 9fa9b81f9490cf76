"""Who may sign in: accounts, passwords, and the key file's slots."""
