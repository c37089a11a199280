"""Pictures made for tests: photos with GPS in their EXIF, bombs, damaged files."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

# Somewhere a sender must not be found.
LATITUDE = (36.0, 12.0, 5.0)
LONGITUDE = (37.0, 9.0, 30.0)


def photo_with_gps(width: int = 1200, height: int = 800, *, orientation: int = 1) -> bytes:
    """A JPEG as a phone takes it: camera make, GPS position, an orientation tag."""
    picture = Image.new("RGB", (width, height), (180, 40, 40))
    for x in range(0, width, 50):  # something to compress, so sizes differ
        picture.paste((20, 90, 200), (x, 0, x + 10, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "FieldPhone"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=90, comment=b"shot at the north gate")
    return out.getvalue()


def png(width: int = 400, height: int = 300, *, alpha: bool = False) -> bytes:
    mode = "RGBA" if alpha else "RGB"
    picture = Image.new(mode, (width, height), (10, 120, 60, 128) if alpha else (10, 120, 60))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height`: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 40), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()
