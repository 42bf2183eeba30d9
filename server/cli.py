"""The ``qms`` command: set up a centre, add users and devices, run the server.

Nothing heavy is imported at module level: ``qms run`` must patch the async runner
before the application and its libraries load.
"""

import os
import secrets
import sys
from pathlib import Path

import click

from .cli_app import command_app, command_session
from .cli_reports import demo, reports
from .cli_simulate import simulate_command
from .device_kinds import DEVICE_KINDS, KINDS


@click.group()
@click.option("--instance", envvar="QMS_INSTANCE", type=click.Path(file_okay=False),
              help="Instance folder (config, SQLite database). Default: ./instance")
def main(instance):
    """qms — hệ thống xếp hàng và đánh giá một cửa."""
    # Everything qms writes (database, WAL, previews, demo.txt, backups) is the service
    # user's alone.
    os.umask(0o077)
    if instance:
        os.environ["QMS_INSTANCE"] = instance


# Tickets a working day in the demo's history: what a ward's two counters get through.
DEMO_PER_DAY = 60


@main.command()
@click.option("--demo", is_flag=True, help="Create the demo centre, staff and devices.")
@click.option("--password", help="Password for the demo staff (default: generated).")
@click.option("--history-days", type=click.IntRange(0, 366), default=21, show_default=True,
              help="With --demo, days of past visits to fill (0: none).")
@click.option("--always-open", is_flag=True,
              help="With --demo, no opening hours, bookings or ward devices: tickets at any "
                   "hour (the centre the test suite starts from).")
def init(demo, password, history_days, always_open):
    """Create or upgrade the database; with --demo, fill it with a demo centre."""
    from .config import instance_path
    from .provision import migrate

    app = command_app()
    migrate(app.config["DATABASE_URL"])
    click.echo(f"Cơ sở dữ liệu sẵn sàng / database ready: {_redact(app.config['DATABASE_URL'])}")
    if not demo:
        return
    from sqlalchemy import select

    from .demo import seed_demo
    from .models import Site

    password = password or secrets.token_urlsafe(9)
    with command_session(app) as session:
        if session.scalar(select(Site)) is not None:
            raise click.ClickException("Cơ sở dữ liệu đã có đơn vị nên không thêm dữ liệu mẫu / "
                                       "the database already has sites; demo not added")
        result = seed_demo(session, password, forms_dir=Path(app.instance_path) / "forms",
                           timetable=not always_open)
    if history_days:
        from .demo_history import generate_history

        with command_session(app) as session:
            generate_history(session, len(result["sites"]), history_days, DEMO_PER_DAY)
    lines = [f"Đơn vị / sites: {', '.join(result['sites'])}",
             f"Tài khoản / users: {', '.join(result['users'])} — mật khẩu / password: {password}"]
    lines += [f"Mã thiết bị {kind} / {kind} token: {token}"
              for kind, token in result["tokens"].items()]
    summary = instance_path() / "demo.txt"
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    click.echo("\n".join(lines))
    click.echo(f"(đã lưu vào / saved to {summary})")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--async-mode", envvar="QMS_ASYNC_MODE", default="auto", show_default=True,
              type=click.Choice(["auto", "eventlet", "gevent", "threading"]),
              help="auto: eventlet with SQLite, gevent with PostgreSQL.")
def run(host, port, async_mode):
    """Run the server (QMS_ASYNC_MODE picks eventlet, gevent or threading)."""
    from .config import instance_path, load_config
    from .runner import BlockingDriverError, choose_async_mode, serve

    try:
        async_mode = choose_async_mode(async_mode, load_config(instance_path())["DATABASE_URL"])
    except BlockingDriverError as error:
        raise click.UsageError(str(error)) from error
    serve(host, port, async_mode)


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Write a consistent copy of the database to PATH, while the server keeps serving."""
    from .backup import BackupError, backup
    from .config import instance_path, load_config

    database_url = load_config(instance_path())["DATABASE_URL"]
    try:
        backup(database_url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã sao lưu / backed up to {path}")


@main.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True))
@click.option("--force", is_flag=True, help="Overwrite a database that holds data.")
def restore_command(path, force):
    """Replace the database with the backup in PATH (stop the server first)."""
    from .backup import BackupError, restore
    from .config import instance_path, load_config
    from .provision import migrate

    database_url = load_config(instance_path())["DATABASE_URL"]
    try:
        restore(database_url, path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    migrate(database_url)  # a backup from an earlier release is brought up to date
    click.echo(f"Đã khôi phục / restored from {path}")


@main.command("purge")
@click.option("--days", type=int, help="Keep this many days (default: PERSONAL_DATA_KEEP_DAYS).")
def purge_command(days):
    """Erase citizens' names and phones whose use ended long ago (also done daily by `run`)."""
    from .engine.privacy import purge_personal_data
    from .models import utcnow

    app = command_app()
    keep_days = app.config["PERSONAL_DATA_KEEP_DAYS"] if days is None else days
    with command_session(app) as session:
        erased = purge_personal_data(session, utcnow(), keep_days)
    click.echo(f"Đã xoá thông tin cá nhân quá {keep_days} ngày / personal data erased: "
               + ", ".join(f"{kind} {count}" for kind, count in erased.items()))


@main.group()
def user():
    """Manage staff users."""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "manager", "clerk"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--full-name", default="")
@click.option("--site", "site_code", help="Site code; omit for staff of every site.")
@click.option("--counter", "counters", type=int, multiple=True,
              help="Counter number a clerk may staff (repeatable; none = any).")
def user_add(username, role, password, full_name, site_code, counters):
    """Add a staff user."""
    from sqlalchemy import select

    from .models import Counter
    from .provision import ProvisionError, add_user, find_site

    app = command_app()
    try:
        with command_session(app) as session:
            site = find_site(session, site_code) if site_code or counters else None
            allowed = [session.scalar(select(Counter).where(Counter.site_id == site.id,
                                                            Counter.number == n))
                       for n in counters]
            if None in allowed:
                raise ProvisionError("Không có quầy số này", "unknown counter number")
            add_user(session, username, password, role, full_name=full_name, site=site,
                     counters=allowed)
    except ProvisionError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã tạo tài khoản / user created: {username} ({role})")


@main.group()
def device():
    """Manage kiosks, displays, vote pads and integrations."""


@device.command("add")
@click.option("--kind", required=True,
              type=click.Choice(DEVICE_KINDS))
@click.option("--name", required=True)
@click.option("--counter", type=int, help="Counter number (vote pads).")
@click.option("--printer", help="Printer URI (kiosks): network://host:9100, usb://VID:PID, "
                                "agent:// (the kiosk PC's print agent), …")
@click.option("--site", "site_code", help="Site code (default: the first site).")
def device_add(kind, name, counter, printer, site_code):
    """Register a device; its token is printed alone on the last line."""
    from .provision import ProvisionError, add_device, find_site

    app = command_app()
    try:
        with command_session(app) as session:
            site = find_site(session, site_code)
            _device, token = add_device(session, site, kind, name, counter_number=counter,
                                        printer_uri=printer,
                                        printer_file_dir=app.config["PRINTER_FILE_DIR"])
    except ProvisionError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã đăng ký thiết bị / device registered: {kind} “{name}” tại {site.code}")
    click.echo(token)


@device.command("revoke")
@click.argument("device_id", type=int)
def device_revoke(device_id):
    """Revoke a device's token."""
    from .models import Device, utcnow

    app = command_app()
    with command_session(app) as session:
        found = session.get(Device, device_id)
        if found is None:
            raise click.ClickException(f"Không có thiết bị số {device_id} / no device {device_id}")
        found.revoked_at = utcnow()
    click.echo(f"Đã thu hồi / revoked: {device_id}")


@device.command("list")
@click.option("--site", "site_code", help="Only this site's devices.")
def device_list(site_code):
    """List devices with their last-seen time (Asia/Ho_Chi_Minh) and settings."""
    import json

    from sqlalchemy import select

    from .engine.days import VIETNAM
    from .models import Device, Site

    app = command_app()
    with command_session(app) as session:
        query = select(Device).join(Site).order_by(Device.id)
        if site_code:
            query = query.where(Site.code == site_code)
        for found in session.scalars(query):
            seen = (found.last_seen_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S")
                    if found.last_seen_at else "chưa kết nối / never")
            state = " (thu hồi / revoked)" if found.revoked_at else ""
            click.echo(f"{found.id}\t{found.kind}\t{found.site.code}\t{found.name}{state}\t"
                       f"{seen}\t{json.dumps(found.settings or {}, ensure_ascii=False)}")


@device.command("set")
@click.argument("device_id", type=int)
@click.argument("assignments", nargs=-1)
@click.option("--printer", help="A kiosk's printer URI; agent:// prints through its agent; "
                                "an empty value removes the printer.")
def device_set(device_id, assignments, printer):
    """Change a kiosk's printer (--printer URI) or a display's settings: counters=1,2,3
    layout=grid|list language=vi|en last_calls=0..10 voice=true|false; ``key=`` resets a
    key to its default."""
    from .models import Device

    if not assignments and printer is None:
        raise click.UsageError("Hãy cho biết --printer URI hoặc cài đặt màn hình khoá=giá trị / "
                               "give --printer URI or display settings key=value")
    app = command_app()
    with command_session(app) as session:
        found = session.get(Device, device_id)
        if found is None:
            raise click.ClickException(f"Không có thiết bị số {device_id} / no device {device_id}")
        if printer is not None:
            _set_printer(found, printer, app.config["PRINTER_FILE_DIR"])
        if assignments:
            _set_display_settings(found, assignments)


def _set_printer(found, printer: str, file_folder: str | None) -> None:
    from sqlalchemy.orm import object_session

    from printers import PrinterConfigError, check_printer_uri

    from .models import PrinterHealth

    if not KINDS[found.kind].prints:
        raise click.ClickException(f"Thiết bị số {found.id} không phải máy lấy số; chỉ máy lấy số "
                                   f"mới in / device {found.id} is not a kiosk; only kiosks print")
    if printer.strip():
        try:
            check_printer_uri(printer, instance_path=".", file_folder=file_folder)
        except PrinterConfigError as error:
            raise click.ClickException(
                f"Địa chỉ máy in không dùng được / unusable printer URI: {error}") from error
    found.printer_uri = printer.strip() or None
    # What the old printer last said is not news of the new one.
    session = object_session(found)
    health = session.get(PrinterHealth, found.id)
    if health is not None:
        session.delete(health)
    click.echo(f"Đã lưu máy in / printer saved: {found.printer_uri or '(không có / none)'}")


def _set_display_settings(found, assignments) -> None:
    from display.settings import apply_assignments

    model = KINDS[found.kind].settings_model()
    if model is None:
        raise click.ClickException(f"Thiết bị số {found.id} không có cài đặt / "
                                   f"device {found.id} has no settings")
    try:
        found.settings = apply_assignments(found.settings, list(assignments), model)
    except ValueError as error:
        raise click.ClickException(
            f"Cài đặt không hợp lệ / invalid settings: {error}") from error
    click.echo(f"Đã lưu / saved: {found.settings}")


@main.command("print-agent")
@click.option("--server", required=True, envvar="QMS_AGENT_SERVER",
              help="The server's address, e.g. https://qms.example.gov.vn")
@click.option("--token", required=True, envvar="QMS_AGENT_TOKEN",
              help="The kiosk's device token (better: the QMS_AGENT_TOKEN variable).")
@click.option("--printer", envvar="QMS_AGENT_PRINTER",
              help="The local slip printer: usb://VID:PID, serial://COM3, win32raw://NAME, "
                   "cups://QUEUE, network://HOST:9100, file:///dev/usb/lp0")
@click.option("--office-printer", envvar="QMS_AGENT_OFFICE_PRINTER",
              help="The office printer for the A4 forms of a counter set to agent://<this "
                   "kiosk device's name>: tcp://HOST:9100, cups://QUEUE, win32raw://NAME")
@click.option("--log", "log_file", envvar="QMS_AGENT_LOG", type=click.Path(dir_okay=False),
              help="Log file, rotated at 1 MB (five old files kept).")
@click.option("--state-dir", envvar="QMS_AGENT_STATE_DIR", type=click.Path(file_okay=False),
              help="Where the journal of printed slips is kept.")
@click.option("--ca-file", envvar="QMS_AGENT_CA_FILE", type=click.Path(dir_okay=False),
              help="Certificate authority of the server's TLS certificate, if not public.")
@click.option("--check-every", default=10.0, show_default=True, type=float,
              help="Seconds between printer status checks while idle.")
@click.option("--verbose", is_flag=True, help="Log every detail.")
def print_agent(server, token, printer, office_printer, log_file, state_dir, ca_file,
                check_every, verbose):
    """Print this kiosk's slips on its own printer (kiosk printer set to agent://), and the
    forms of a counter whose office printer is agent://<name> on --office-printer.

    Exit codes: 2 bad argument or printer URI, 3 token refused, 4 server unreachable.
    """
    from print_agent.main import run

    sys.exit(run(server, token, printer, log_file=log_file, state_dir=state_dir,
                 ca_file=ca_file, check_every_s=check_every, verbose=verbose,
                 office_printer_uri=office_printer))


@main.group()
def procedures():
    """Import and export the procedure catalogue (thủ tục hành chính)."""


@procedures.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--site", "site_code", help="Site code (default: the first site).")
@click.option("--shared-text", is_flag=True,
              help="Also rewrite the text of procedures other sites offer (system admin).")
def procedures_import(path, site_code, shared_text):
    """Import a site's procedures from XLSX, CSV or JSON; a bad row refuses the whole file.

    The site's offer follows the file; procedures other sites offer keep their shared text
    (name, papers, fee…) unless --shared-text is given.
    """
    from pathlib import Path

    from .engine.catalogue_files import CatalogueFileError, file_format, import_catalogue

    def load(session, site):
        return import_catalogue(session, site, Path(path).read_bytes(), file_format(path),
                                shared_text=shared_text)

    summary = _on_site(site_code, load, CatalogueFileError, "Không nhập được / not imported: ")
    click.echo(f"Đã nhập / imported: {summary.created} mới / new, {summary.updated} cập nhật / "
               f"updated, {summary.unchanged} không đổi / unchanged, {summary.offered} nhận từ "
               "danh mục dùng chung / offered from the shared catalogue")
    if summary.kept_shared:
        click.echo(f"{summary.kept_shared} thủ tục dùng chung giữ nguyên nội dung (tệp khác) / "
                   "shared procedures kept their text (the file differs); --shared-text "
                   "rewrites it")
    if summary.touched_sites:
        click.echo("Đã sửa nội dung dùng chung của / shared text rewritten for: "
                   + ", ".join(summary.touched_sites))


def _import_file(site_code, load, refusal: type[Exception]) -> None:
    """Run ``load(session, site)`` in one unit of work and say what it created and updated."""
    summary = _on_site(site_code, load, refusal, "Không nhập được / not imported: ")
    click.echo(f"Đã nhập / imported: {summary.created} mới / new, {summary.updated} cập nhật / "
               f"updated, {summary.unchanged} không đổi / unchanged")


def _on_site(site_code, work, refusal: type[Exception], failure: str = ""):
    """Return ``work(session, site)`` run in one unit of work; a refusal is a clean error."""
    from .provision import ProvisionError, find_site

    app = command_app()
    try:
        with command_session(app) as session:
            return work(session, find_site(session, site_code))
    except (refusal, ProvisionError, OSError) as error:
        raise click.ClickException(f"{failure}{error}") from error


@procedures.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--site", "site_code", help="Site code (default: the first site).")
def procedures_export(path, site_code):
    """Write the site's catalogue to XLSX, CSV or JSON, in the format import reads."""
    from pathlib import Path

    from .engine.catalogue_files import CatalogueFileError, export_catalogue, file_format

    data = _on_site(site_code,
                    lambda session, site: export_catalogue(session, site, file_format(path)),
                    CatalogueFileError)
    Path(path).write_bytes(data)
    click.echo(f"Đã xuất / exported: {path}")


@main.group()
def dossiers():
    """Dossiers from the one-stop software, for centres that can only export spreadsheets."""


@dossiers.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--site", "site_code", help="Site code (default: the first site).")
def dossiers_import(path, site_code):
    """Create or update dossiers from XLSX or CSV; a bad row refuses the whole file."""
    from pathlib import Path

    from .engine.dossier_files import DossierFileError, import_dossiers, parse_rows, read_table

    def load(session, site):
        return import_dossiers(session, site, parse_rows(read_table(Path(path).read_bytes(), path)))

    _import_file(site_code, load, DossierFileError)


@dossiers.command("pull")
@click.option("--source", "source_name", help="Only this source (its mapping file's name).")
@click.option("--since", help="Ask for changes since this time (ISO, e.g. 2026-12-01 or "
                              "2026-12-01T08:00:00+07:00) instead of the stored cursor.")
@click.option("--dry-run", is_flag=True, help="Fetch and check, but write nothing.")
def dossiers_pull(source_name, since, dry_run):
    """Pull dossier changes once from the province systems of the mapping folder."""
    from .dossier_pull import load_sources, run_source
    from .dossier_pull.run import mapping_folder

    app = command_app()
    mappings, refused = load_sources(app)
    for name, reason in refused.items():
        click.echo(f"Tệp ánh xạ bị từ chối / mapping file refused: {name}: {reason}", err=True)
    chosen = [m for m in mappings if source_name in (None, m.name)]
    if not chosen:
        wanted = f" {source_name!r}" if source_name else ""
        raise click.ClickException(f"Không có nguồn / no source{wanted} in {mapping_folder(app)}")
    failed = False
    for mapping in chosen:
        result = run_source(app, mapping, since=_since(since), dry_run=dry_run)
        click.echo(f"{mapping.name}: {'thử / dry run: ' if dry_run else ''}"
                   f"lấy / fetched {result.fetched}, mới / created {result.created}, "
                   f"đổi / changed {result.changed}, bỏ qua / skipped {result.skipped}")
        for error in result.errors:
            click.echo(f"  bỏ qua / skipped: {error}", err=True)
        if result.failure:
            failed = True
            click.echo(f"  lỗi / failed: {result.failure}", err=True)
    if failed:
        raise click.exceptions.Exit(1)


@main.group()
def sync():
    """Exchanges with the province's one-stop system that the server also runs on its own."""


@sync.command("dossiers")
@click.option("--once", is_flag=True, help="Pull once now (the server pulls on its schedule).")
@click.option("--source", "source_name", help="Only this source (its mapping file's name).")
@click.option("--since", help="Ask for changes since this time instead of the cursor.")
@click.option("--dry-run", is_flag=True, help="Fetch and check, but write nothing.")
@click.pass_context
def sync_dossiers(context, once, source_name, since, dry_run):
    """Pull dossier changes once: the same as ``qms dossiers pull``."""
    if not once:
        raise click.UsageError("Máy chủ tự lấy theo lịch; thêm --once để lấy ngay / "
                               "qms run pulls on its schedule; add --once to pull now")
    context.invoke(dossiers_pull, source_name=source_name, since=since, dry_run=dry_run)


def _since(raw: str | None):
    if raw is None:
        return None
    from datetime import UTC, datetime

    from .engine.days import VIETNAM

    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise click.BadParameter(f"not an ISO time: {raw}", param_hint="--since") from error
    return (moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)).astimezone(UTC)


def _redact(url: str) -> str:
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.split('@', 1)[1]}"


main.add_command(demo)
main.add_command(reports)
main.add_command(simulate_command)

if __name__ == "__main__":
    sys.exit(main())
