"""Read GS v 0 raster images and cuts back out of an ESC/POS byte stream."""

from collections.abc import Iterator

from PIL import Image, ImageOps

GS = 0x1D
RASTER = bytes((GS, ord("v"), ord("0")))
CUT = bytes((GS, ord("V")))
# GS V m n carries a feed amount n after these function codes; GS V m has none.
CUT_WITH_FEED = {65, 66, 97, 98, 103, 104}


def decode_raster(data: bytes) -> list[Image.Image]:
    """Decode every GS v 0 block in `data` into a 1-bit image, black ink on white."""
    return [image for kind, image in _commands(data, strict=True) if kind == "raster"]


def decode_tickets(data: bytes) -> list[Image.Image]:
    """Decode `data` into one image per cut ticket, joining its raster blocks."""
    tickets: list[Image.Image] = []
    blocks: list[Image.Image] = []
    for kind, image in _commands(data, strict=True):
        if kind == "raster":
            blocks.append(image)
        elif blocks:
            tickets.append(join_vertically(blocks))
            blocks = []
    return tickets


def join_vertically(images: list[Image.Image]) -> Image.Image:
    """Stack images of equal width top to bottom."""
    joined = Image.new("1", (images[0].width, sum(i.height for i in images)), 255)
    top = 0
    for image in images:
        joined.paste(image, (0, top))
        top += image.height
    return joined


def _commands(data: bytes, *, strict: bool, decode: bool = True) -> Iterator[tuple[str, object]]:
    # Walk command by command so bytes inside image data are never mistaken
    # for a cut or another image header.
    pos = 0
    while True:
        raster_at, cut_at = data.find(RASTER, pos), data.find(CUT, pos)
        if raster_at < 0 and cut_at < 0:
            return
        if cut_at >= 0 and (raster_at < 0 or cut_at < raster_at):
            has_feed = cut_at + 2 < len(data) and data[cut_at + 2] in CUT_WITH_FEED
            pos = cut_at + (4 if has_feed else 3)
            yield "cut", None
            continue
        header = data[raster_at + 3 : raster_at + 8]
        if len(header) == 5:
            mode, width_bytes, height = header[0], _u16(header, 1), _u16(header, 3)
            end = raster_at + 8 + width_bytes * height
        if len(header) < 5 or end > len(data):
            if strict:
                raise ValueError(f"truncated GS v 0 block at byte {raster_at}")
            return
        pixels = data[raster_at + 8 : end]
        yield "raster", _to_image(pixels, width_bytes, height, mode) if decode else None
        pos = end


def _u16(data: bytes, at: int) -> int:
    return data[at] | data[at + 1] << 8


def _to_image(pixels: bytes, width_bytes: int, height: int, mode: int) -> Image.Image:
    # In ESC/POS a set bit burns a dot; in a PIL "1" image 0 is black.
    image = ImageOps.invert(Image.frombytes("1", (width_bytes * 8, height), pixels).convert("L"))
    # m = 1, 2, 3 double the dots horizontally, vertically, or both.
    scale_x, scale_y = (2 if mode & 1 else 1), (2 if mode & 2 else 1)
    if scale_x > 1 or scale_y > 1:
        image = image.resize(
            (image.width * scale_x, image.height * scale_y), Image.Resampling.NEAREST
        )
    return image.convert("1")
