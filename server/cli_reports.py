"""``qms demo history`` and ``qms reports rebuild``: report data for demos, benches and fixes."""

import time
from datetime import date

import click

from .cli_app import command_app, command_session


@click.group()
def demo():
    """Demo data beyond ``qms init --demo``."""


@demo.command("history")
@click.option("--sites", type=click.IntRange(1, 1000), default=2, show_default=True,
              help="Fill this many sites; missing ones are created as commune-level centres.")
@click.option("--days", type=click.IntRange(1, 3660), default=21, show_default=True,
              help="Calendar days before today to fill (working days only).")
@click.option("--per-day", type=click.IntRange(1, 999), default=150, show_default=True,
              help="Tickets per site and working day.")
@click.option("--seed", type=int, default=1, show_default=True)
def demo_history(sites, days, per_day, seed):
    """Fill past days with made-up but realistic tickets, votes and their rollups."""
    from .demo_history import generate_history

    app = command_app()
    started = time.perf_counter()

    def progress(summary):
        click.echo(f"  … {summary.tickets:,} số / tickets, {summary.site_days:,} ngày-đơn vị / "
                   f"site-days, {time.perf_counter() - started:.0f} s")

    with command_session(app) as session:
        summary = generate_history(session, sites, days, per_day, seed, progress=progress)
    first, last = summary.days
    click.echo(f"Đã thêm / added: {summary.tickets:,} số / tickets, {summary.votes:,} lượt đánh "
               f"giá / votes, {summary.site_days:,} ngày làm việc / working site-days "
               f"({first:%d/%m/%Y}–{last:%d/%m/%Y}), {summary.sites_created} đơn vị mới / new "
               f"sites, {time.perf_counter() - started:.1f} s")


@click.group()
def reports():
    """Report maintenance."""


@reports.command("rebuild")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]),
              help="First service day (YYYY-MM-DD); default: the first day with tickets.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]),
              help="Last service day (YYYY-MM-DD); default: the last day with tickets.")
def reports_rebuild(start, end):
    """Recompute the report rollups from the tickets (after an import, a fix or an upgrade)."""
    from .engine.rollups import rebuild

    start, end = _day(start), _day(end)
    if start and end and start > end:
        raise click.BadParameter("“Từ ngày” phải trước “Đến ngày” / --from must not be after "
                                 "--to", param_hint="--from")
    app = command_app()
    started = time.perf_counter()
    with command_session(app) as session:
        read = rebuild(session, start, end)
    click.echo(f"Đã tính lại / rebuilt: {read:,} số đã xong / closed tickets, "
               f"{time.perf_counter() - started:.1f} s")


def _day(value) -> date | None:
    return value.date() if value else None
