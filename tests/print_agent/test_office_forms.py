"""The agent prints a form (reason ``document``) on its office printer as it came, a slip on its
slip printer, and refuses a form when it has no office printer: never the slip printer."""

import pytest

from print_agent.agent import NO_OFFICE_PRINTER, PrintAgent
from print_agent.journal import Journal
from printers.simple import DummyPrinter

pytestmark = []  # the fast tier: in process

PDF = b"%PDF-1.7\n...\n%%EOF\n"


class FakeLink:
    """Record acknowledgements instead of sending them."""

    def __init__(self) -> None:
        self.done: list[tuple[int, str, str]] = []

    def job_done(self, job_id: int, outcome: str, message: str = "") -> None:
        self.done.append((job_id, outcome, message))

    def report_status(self, state: str, message: str) -> None:
        pass


@pytest.fixture
def journal(tmp_path):
    opened = Journal(tmp_path / "journal.log")
    yield opened
    opened.close()


def test_a_form_goes_to_the_office_printer_and_a_slip_to_the_slip_printer(journal):
    slips, office, link = DummyPrinter("dummy://"), DummyPrinter("dummy://"), FakeLink()
    agent = PrintAgent(link, slips, journal, office_printer=office)
    agent.handle({"id": 1, "number": "261207-K7M3QX9P", "reason": "document", "data": PDF})
    agent.handle({"id": 2, "number": "A001", "reason": "issue", "data": b"\x1b@slip"})
    assert office.jobs == [PDF] and slips.jobs == [b"\x1b@slip"]
    assert [outcome for _id, outcome, _message in link.done] == ["printed", "printed"]


def test_an_agent_without_an_office_printer_refuses_a_form(journal):
    slips, link = DummyPrinter("dummy://"), FakeLink()
    agent = PrintAgent(link, slips, journal)
    agent.handle({"id": 3, "number": "form", "reason": "document", "data": PDF})
    assert slips.jobs == []
    assert link.done == [(3, "failed", NO_OFFICE_PRINTER)]


def test_an_agent_needs_one_printer_or_the_other(journal):
    with pytest.raises(ValueError):
        PrintAgent(FakeLink(), None, journal)
