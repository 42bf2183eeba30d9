"""Fixtures of the kiosk suites."""

