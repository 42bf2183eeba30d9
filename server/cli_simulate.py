"""``qms simulate``: replay a day through the real queue engine, never touching the centre."""

from datetime import date, datetime
from pathlib import Path

import click

from .cli_app import command_app, command_session


def _policy(_ctx, _param, value: str) -> tuple[str, int]:
    if value == "strict":
        return "strict", 3
    kind, _colon, ratio = value.partition(":")
    if kind != "ratio" or not ratio.isdigit() or int(ratio) < 1:
        raise click.BadParameter("strict hoặc/or ratio:N")
    return "ratio", int(ratio)


@click.command("simulate")
@click.option("--arrivals", "arrivals_path", type=click.Path(exists=True, dir_okay=False),
              help="Arrivals CSV: arrived_at, service, priority, appointment_at, service_s, "
                   "no_show.")
@click.option("--counters", "counters_path", type=click.Path(exists=True, dir_okay=False),
              help="Counters CSV: counter, services (a;b), open (07:30-11:30;13:30-17:00).")
@click.option("--from-history", "site_code", help="Replay this site's own day (read only).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]),
              help="The day replayed (with --from-history), or the date given to the arrivals.")
@click.option("--policy", callback=_policy, default="strict", show_default=True,
              help="Priority policy: strict, or ratio:N (N normal calls per priority one).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="Write one CSV row per ticket here (default: standard output).")
def simulate_command(arrivals_path, counters_path, site_code, day, policy, out_path):
    """Replay a day through the queue engine on a virtual clock; print waits and accuracy."""
    from .engine.day_files import (
        DayFileError,
        check_fields,
        read_arrivals,
        read_counters,
        summarise,
        summary_lines,
        write_outcomes,
    )
    from .engine.days import VIETNAM  # the engine loads the models: not at the CLI's import
    from .simulation import simulate

    day = day.date() if day else datetime.now(VIETNAM).date()
    try:
        if site_code:
            arrivals, desks, fields = _history(site_code, day, counters_path)
            check_fields(arrivals, desks, {field.code for field in fields})
        else:
            if not (arrivals_path and counters_path):
                raise click.UsageError("--arrivals và/and --counters, hoặc/or --from-history")
            arrivals = read_arrivals(Path(arrivals_path).read_text(encoding="utf-8"))
            desks = read_counters(Path(counters_path).read_text(encoding="utf-8"))
            fields = None
            check_fields(arrivals, desks, None)
    except DayFileError as error:
        raise click.ClickException(str(error)) from None
    outcomes = simulate(arrivals, desks, day=day, policy=policy[0], ratio=policy[1],
                        fields=fields)
    table = write_outcomes(outcomes)
    if out_path:
        Path(out_path).write_text(table, encoding="utf-8")
    else:
        click.echo(table, nl=False)
    for line in summary_lines(summarise(outcomes)):
        click.echo(line, err=True)


def _history(site_code: str, day: date, counters_path: str | None):
    from .engine.day_files import read_counters
    from .engine.day_history import history_day
    from .provision import ProvisionError, find_site

    app = command_app()
    with command_session(app) as session:
        try:
            site = find_site(session, site_code)
        except ProvisionError as error:
            raise click.ClickException(str(error)) from None
        arrivals, desks, fields, _tickets = history_day(session, site, day)
        session.expunge_all()
    if counters_path:
        desks = read_counters(Path(counters_path).read_text(encoding="utf-8"))
    if not arrivals:
        raise click.ClickException(f"Không có số nào ngày {day:%d/%m/%Y} / no tickets that day")
    return arrivals, desks, fields
