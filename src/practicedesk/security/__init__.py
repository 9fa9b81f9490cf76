"""Keys, the keystore, passwords, roles and the audit hash chain. No database access here:
services/ bring these rules and the store together."""
