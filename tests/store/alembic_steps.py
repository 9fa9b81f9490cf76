"""Taking a test's practice back to an older revision, to test the migration after it."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from practicedesk.store import schema


def downgrade(engine: Engine, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(schema._MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)
