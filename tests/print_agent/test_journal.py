"""The agent's journal: what reached the printer survives a crash, and stays small."""

from print_agent.journal import PRINTED, SENDING, Journal


def test_records_survive_reopening(tmp_path):
    path = tmp_path / "journal.log"
    journal = Journal(path)
    journal.mark_sending(7)
    journal.mark_printed(7)
    journal.mark_sending(8)
    journal.mark_sending(9)
    journal.mark_unsent(9)  # the printer refused it: it may go again
    # Read while the first is still open, as after a kill: a killed agent never closes it.
    reopened = Journal(path)
    assert reopened.state(7) == PRINTED
    assert reopened.state(8) == SENDING
    assert reopened.state(9) is None
    assert reopened.state(10) is None
    journal.close()
    reopened.close()


def test_a_line_cut_short_by_a_crash_is_ignored(tmp_path):
    path = tmp_path / "journal.log"
    path.write_text("printed 3\nsending 4\nprin", encoding="ascii")
    journal = Journal(path)
    assert (journal.state(3), journal.state(4)) == (PRINTED, SENDING)
    journal.mark_printed(4)
    journal.close()
    reopened = Journal(path)
    assert reopened.state(4) == PRINTED
    reopened.close()


def test_reopening_keeps_only_the_latest_jobs(tmp_path):
    path = tmp_path / "journal.log"
    journal = Journal(path)
    for job_id in range(1, 51):
        journal.mark_sending(job_id)
        journal.mark_printed(job_id)
    journal.close()
    compacted = Journal(path, keep_last=10)
    assert compacted.state(40) is None and compacted.state(41) == PRINTED
    compacted.close()
    assert len(path.read_text(encoding="ascii").splitlines()) == 10
