"""Dossier changes pulled on a schedule from the province's one-stop system, as a mapping file
(``server/engine/dossier_feed.py``) describes its feed: fetched here, applied through the same
engine as the push API, with a cursor and the last run's result per source."""

from .run import PullResult, load_sources, pull_due_sources, run_source, start_dossier_pull

__all__ = ["PullResult", "load_sources", "pull_due_sources", "run_source", "start_dossier_pull"]
