"""The encrypted database: SQLAlchemy models, the SQLCipher engine, migrations, change capture.

Only services/ import from here; ORM objects never travel further up than services/.
"""
