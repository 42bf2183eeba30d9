"""Turn a rendered ticket image into the ESC/POS bytes that print and cut it."""

from escpos.printer import Dummy
from PIL import Image

# Thermal heads print from a buffer; python-escpos splits taller images into
# several GS v 0 blocks of this many rows.
FRAGMENT_HEIGHT = 960


def ticket_commands(image: Image.Image, *, full_cut: bool = False) -> bytes:
    """Build initialise, raster image (GS v 0), feed and cut for one ticket."""
    # Raster, not text: Vietnamese tone marks are missing or wrong in the code
    # pages that ESC/POS printers ship with.
    printer = Dummy()
    _set_media_width(printer, image.width)
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_HEIGHT)
    printer.cut(mode="FULL" if full_cut else "PART")
    return printer.output


def _set_media_width(printer: Dummy, width_px: int) -> None:
    # The default profile has an unknown media width, which makes
    # python-escpos print a warning to stdout on every image. The profile
    # data is shared by class, so replace it on this instance only.
    media = {"dpi": 203, "width": {"mm": round(width_px * 25.4 / 203), "pixels": width_px}}
    profile = printer.profile
    profile.profile_data = {**profile.profile_data, "media": media}
