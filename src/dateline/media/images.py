"""Photos made safe to publish: checked by content, stripped of metadata, resized.

An upload is opened by what its bytes are, never by its name; refused with a
message a reporter can act on when it is too big, damaged, animated or a
decompression bomb; rebuilt from its pixels alone, so EXIF, GPS, XMP and
comments never reach the store (a photo from a besieged city must not say where
its sender stood); and written at a few widths, in its own format and in WebP.
Every file is named by the hash of its bytes, so it can be cached for ever.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED = ("JPEG", "PNG", "WEBP", "GIF")
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}
# Widths (CSS pixels × density) offered in srcset; the original size is always kept too.
WIDTHS = (320, 640, 1024, 1600)
MAX_WIDTH = 2560  # larger originals are brought down to this: nobody's screen needs more


class ImageRejected(Exception):
    """An upload that will not be stored; the message says why, for the person uploading."""


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 20_000_000
    max_pixels: int = 40_000_000


@dataclass(frozen=True)
class Rendition:
    """One stored file: a size of the picture in one format."""

    name: str  # "<hash of the bytes>.<ext>"
    content: bytes
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.name.rsplit(".", 1)[1]]


@dataclass(frozen=True)
class ProcessedImage:
    id: str  # the hash of the clean full-size file: the same picture, the same id
    width: int
    height: int
    original: Rendition  # full size (up to MAX_WIDTH), in the upload's own format
    renditions: tuple[Rendition, ...]  # every width × (own format, WebP), the original included

    @property
    def media_type(self) -> str:
        return self.original.media_type


def process_image(data: bytes, limits: ImageLimits = ImageLimits()) -> ProcessedImage:
    """Check, clean and resize an uploaded picture (CPU-bound: run it off the event loop)."""
    picture, source_format = _open(data, limits)
    own = "jpg" if source_format == "JPEG" else "webp" if source_format == "WEBP" else "png"
    if picture.width > MAX_WIDTH:
        picture = _resized(picture, MAX_WIDTH)
    original = _encode(picture, own)
    renditions: list[Rendition] = []
    for width in (*[w for w in WIDTHS if w < picture.width], picture.width):
        sized = picture if width == picture.width else _resized(picture, width)
        renditions.append(original if sized is picture else _encode(sized, own))
        if own != "webp":
            renditions.append(_encode(sized, "webp"))
    return ProcessedImage(
        id=original.name.split(".")[0],
        width=picture.width,
        height=picture.height,
        original=original,
        renditions=tuple(renditions),
    )


def _open(data: bytes, limits: ImageLimits) -> tuple[Image.Image, str]:
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            f"the file is {_megabytes(len(data))}; the limit is {_megabytes(limits.max_bytes)}"
        )
    if not data:
        raise ImageRejected("the file is empty")
    try:
        opened = Image.open(io.BytesIO(data), formats=ACCEPTED)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        # Pillow's own guard fired first (it reads the size from the header, as we do).
        claimed = re.search(r"\((\d+) pixels\)", str(bomb))
        raise ImageRejected(_bomb(int(claimed.group(1)) if claimed else None, limits)) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageRejected(
            "this file is not a picture Dateline can take: send a JPEG, PNG, WebP or GIF"
        ) from None
    source_format = str(opened.format)
    if opened.width * opened.height > limits.max_pixels:
        raise ImageRejected(_too_many_pixels(opened.size, limits))
    if getattr(opened, "is_animated", False):
        raise ImageRejected("animated pictures are not taken: send a still image, or a video")
    try:
        opened.load()
        # Turn the picture upright as the camera meant, before its EXIF is left behind.
        upright = ImageOps.exif_transpose(opened)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageRejected(
            "the picture is damaged or incomplete; try exporting it again"
        ) from None
    return _pixels_only(upright), source_format


def _pixels_only(picture: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else: no EXIF, GPS, XMP, comments, ICC."""
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    mode = "RGBA" if has_alpha else "L" if picture.mode in ("1", "L") else "RGB"
    converted = picture.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _resized(picture: Image.Image, width: int) -> Image.Image:
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS)


def _encode(picture: Image.Image, ext: str) -> Rendition:
    out = io.BytesIO()
    if ext == "jpg":
        flat = picture.convert("RGB") if picture.mode == "RGBA" else picture
        flat.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif ext == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=80, method=4)
    content = out.getvalue()
    name = f"{hashlib.sha256(content).hexdigest()[:32]}.{ext}"
    return Rendition(name, content, picture.width, picture.height)


def _too_many_pixels(size: tuple[int, int], limits: ImageLimits) -> str:
    width, height = size
    megapixels = f"{width * height / 1e6:,.0f} megapixels"
    limit = f"the limit is {limits.max_pixels / 1e6:g} megapixels"
    return f"the picture is {width:,} × {height:,} pixels ({megapixels}); {limit}"


def _bomb(pixels: int | None, limits: ImageLimits) -> str:
    claimed = f" claims {pixels / 1e6:,.0f} megapixels and" if pixels else ""
    return (
        f"the picture{claimed} may be a decompression bomb; "
        f"the limit is {limits.max_pixels / 1e6:g} megapixels"
    )


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB"
