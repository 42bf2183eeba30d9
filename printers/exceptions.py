"""Exceptions raised by the printers package."""


class PrinterError(Exception):
    """Base class for every printer failure."""


class PrinterConfigError(PrinterError):
    """The printer URI or its options are invalid."""


class PrinterUnavailable(PrinterError):
    """The printer cannot be reached: offline, unplugged, or its driver is missing."""


class PrinterPaperOut(PrinterError):
    """The printer reports that it has no paper."""
