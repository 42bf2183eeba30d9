"""Provision a demo centre in an instance folder, in process, and hand back its secrets."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.security import generate_password_hash

from server.app import create_app
from server.auth import passwords
from server.db import make_engine, make_session_factory
from server.demo import seed_demo
from server.provision import add_device, add_user, find_site, migrate
from server.storage import unit_of_work

PASSWORD = "demo-pass-123"
DATABASE_FILE = "qms.sqlite3"
FORMS = "forms"  # the instance's folder of form files (server.storage.forms_folder)
_template: tuple[Path, dict] | None = None  # the demo centre built once per run, and its tokens


# scrypt at 1/32 of the production cost (n=2**10 instead of 2**15): a test's password is no
# secret, and the full cost (~0.1 s of CPU a hash or a login) was seconds of every run.
TEST_HASH_METHOD = "scrypt:1024:8:1"


def cheap_password_hashes() -> None:
    """Hash the passwords the tests create at a small scrypt cost; checking follows the hash."""
    passwords.generate_password_hash = lambda password, method="", salt_length=16: (
        generate_password_hash(password, method=TEST_HASH_METHOD, salt_length=salt_length))


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

    @contextmanager
    def session(self) -> Iterator:
        """A session on the centre's database, committed on success, without building an app
        (an app binds the Socket.IO server to itself, leaving earlier test clients deaf)."""
        engine = make_engine(self.database_url)
        try:
            with make_session_factory(engine)() as session:
                yield session
                session.commit()
        finally:
            engine.dispose()

    def add_device(self, kind: str, name: str, site: str | None = None, **options) -> str:
        """Register another device and return its token."""
        with self.session() as session:
            _device, token = add_device(session, find_site(session, site), kind, name, **options)
        return token

    def add_user(self, username: str, role: str, site: str | None = None, **fields) -> None:
        """Add a staff account signing in with the centre's password; ``site`` a site code."""
        app = self.app()
        with unit_of_work(app) as session:
            add_user(session, username, self.password, role,
                     site=find_site(session, site) if site else None, **fields)
        app.extensions["qms_engine"].dispose()


def provision_demo(instance: Path, database_url: str | None = None) -> Centre:
    """Migrate the database and seed the demo centre in ``instance``.

    On SQLite the first centre of the run is built once and copied after: migrating and
    hashing the demo passwords is most of a suite's start-up time.
    """
    instance.mkdir(parents=True, exist_ok=True)
    if database_url is not None:
        return _provision(instance, database_url)
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="qms-demo-template-"))
        _template = folder, _provision(folder, _sqlite_url(folder)).tokens
    folder, tokens = _template
    for path in folder.glob(f"{DATABASE_FILE}*"):  # the database and any WAL beside it
        shutil.copyfile(path, instance / path.name)
    shutil.copytree(folder / FORMS, instance / FORMS, dirs_exist_ok=True)
    return Centre(instance=instance, database_url=_sqlite_url(instance), tokens=dict(tokens))


def _sqlite_url(instance: Path) -> str:
    return f"sqlite:///{instance / DATABASE_FILE}"


def _provision(instance: Path, url: str) -> Centre:
    migrate(url)
    centre = Centre(instance=instance, database_url=url)
    app = centre.app()
    with unit_of_work(app) as session:
        # Services without opening hours: the suite takes tickets at any hour of the day.
        centre.tokens = seed_demo(session, PASSWORD, forms_dir=instance / FORMS,
                                  timetable=False)["tokens"]
    app.extensions["qms_engine"].dispose()
    return centre
