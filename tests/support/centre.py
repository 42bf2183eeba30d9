"""Provision a demo centre in an instance folder, in process, and hand back its secrets."""

from dataclasses import dataclass, field
from pathlib import Path

from server.app import create_app
from server.demo import seed_demo
from server.provision import add_device, find_site, migrate
from server.storage import unit_of_work

PASSWORD = "demo-pass-123"


@dataclass
class Centre:
    """What a test needs to talk to a provisioned centre."""

    instance: Path
    database_url: str
    tokens: dict = field(default_factory=dict)
    password: str = PASSWORD

    def app(self, **overrides):
        overrides.setdefault("ASYNC_MODE", "threading")
        return create_app({"DATABASE_URL": self.database_url, **overrides},
                          instance=self.instance)

    def add_device(self, kind: str, name: str, site: str | None = None, **options) -> str:
        """Register another device and return its token."""
        app = self.app()
        with unit_of_work(app) as session:
            _device, token = add_device(session, find_site(session, site), kind, name, **options)
        app.extensions["qms_engine"].dispose()
        return token


def provision_demo(instance: Path, database_url: str | None = None) -> Centre:
    """Migrate the database and seed the demo centre in ``instance``."""
    instance.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{instance / 'qms.sqlite3'}"
    migrate(url)
    centre = Centre(instance=instance, database_url=url)
    app = centre.app()
    with unit_of_work(app) as session:
        centre.tokens = seed_demo(session, PASSWORD)["tokens"]
    app.extensions["qms_engine"].dispose()
    return centre
