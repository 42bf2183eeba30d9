"""Write an Alembic revision from the difference between the models and the schema.

Usage:
    python -m tools.make_migration "what changed"   # a new revision on top of head
    python -m tools.make_migration --initial        # rewrite 0001 (before the first release)
"""

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from server.provision import MIGRATIONS, migrate
from tools.fix_cyclic_fks import main as fix_cyclic_fks

INITIAL = MIGRATIONS / "versions" / "0001_initial_schema.py"


def main(args: list[str]) -> None:
    initial = args[:1] == ["--initial"]
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'head.sqlite3'}"
        if initial:
            INITIAL.unlink(missing_ok=True)
        else:
            migrate(url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url)
        script = command.revision(config, message="initial schema" if initial else
                                  " ".join(args) or "schema change", autogenerate=True,
                                  rev_id="0001" if initial else None)
    fix_cyclic_fks(script.path)


if __name__ == "__main__":
    main(sys.argv[1:])
