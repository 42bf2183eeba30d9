"""Write a new Alembic revision from the difference between the models and the schema.

Usage: python -m tools.make_migration "what changed"
"""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from server.provision import MIGRATIONS, migrate


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'head.sqlite3'}"
        migrate(url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url)
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
