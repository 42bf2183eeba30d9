"""Printing on kiosk printers: jobs kept in the database (``jobs``, ``receipts``) and the
background worker that sends them (``worker``, started by ``server/tasks.py``)."""
