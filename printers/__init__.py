"""Ticket printing: layout to a 1-bit image, ESC/POS encoding, and printer transports.

Knows nothing of Flask or the database: the spooler hands in a TicketPrint.
"""

from printers.base import Printer, PrinterState, PrinterStatus
from printers.escpos_job import ticket_commands
from printers.exceptions import (
    PrinterConfigError,
    PrinterError,
    PrinterPaperOut,
    PrinterUnavailable,
)
from printers.layout import WIDTH_58MM, WIDTH_80MM, render_ticket
from printers.raster import decode_raster, decode_tickets
from printers.receipt import ReceiptPrint, render_receipt
from printers.ticket import TicketPrint
from printers.transports import check_printer_uri, open_printer

__all__ = [
    "Printer",
    "PrinterConfigError",
    "PrinterError",
    "PrinterPaperOut",
    "PrinterState",
    "PrinterStatus",
    "PrinterUnavailable",
    "ReceiptPrint",
    "TicketPrint",
    "WIDTH_58MM",
    "WIDTH_80MM",
    "decode_raster",
    "decode_tickets",
    "check_printer_uri",
    "open_printer",
    "render_receipt",
    "render_ticket",
    "ticket_commands",
]
