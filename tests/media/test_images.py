"""Uploaded pictures: refused clearly when they must be, stored without their metadata."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from dateline.media.images import ImageLimits, ImageRejected, process_image
from tests.media.pictures import animated_gif, photo_with_gps, png, png_claiming


def read_back(content: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(content))
    picture.load()
    return picture


def test_gps_and_every_other_metadata_is_gone_from_every_stored_file():
    upload = photo_with_gps()
    assert b"FieldPhone" in upload and Image.open(io.BytesIO(upload)).getexif().get_ifd(0x8825)
    processed = process_image(upload)
    for rendition in processed.renditions:
        picture = read_back(rendition.content)
        assert len(picture.getexif()) == 0, rendition.name
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(picture.info), rendition.name
        assert b"FieldPhone" not in rendition.content
        assert b"north gate" not in rendition.content


def test_a_photo_is_kept_in_its_format_and_in_webp_at_several_widths():
    processed = process_image(photo_with_gps(2000, 1000))
    assert (processed.width, processed.height, processed.media_type) == (2000, 1000, "image/jpeg")
    sizes = sorted((r.width, r.media_type) for r in processed.renditions)
    assert [w for w, _ in sizes] == [320, 320, 640, 640, 1024, 1024, 1600, 1600, 2000, 2000]
    assert {t for _, t in sizes} == {"image/jpeg", "image/webp"}
    for rendition in processed.renditions:
        picture = read_back(rendition.content)
        assert picture.size == (rendition.width, rendition.height)
        assert picture.width / picture.height == pytest.approx(2, rel=0.01)
        # Content-addressed: the name is the hash of the bytes, so it may be cached for ever.
        assert rendition.name.startswith(hashlib.sha256(rendition.content).hexdigest()[:32])


def test_the_same_picture_gets_the_same_id_and_a_different_one_does_not():
    assert process_image(png()).id == process_image(png()).id
    assert process_image(png()).id != process_image(png(401)).id


def test_a_photo_taken_sideways_is_stored_upright():
    processed = process_image(photo_with_gps(600, 400, orientation=6))  # rotated 90° in camera
    assert (processed.width, processed.height) == (400, 600)


def test_very_large_photos_are_brought_down_to_the_widest_size_served():
    processed = process_image(png(3000, 1500))
    assert (processed.width, processed.height) == (2560, 1280)


def test_transparency_is_kept():
    processed = process_image(png(alpha=True))
    assert processed.media_type == "image/png"
    assert {read_back(r.content).mode for r in processed.renditions} == {"RGBA"}


def test_a_file_over_the_size_limit_is_refused_saying_both_sizes():
    with pytest.raises(ImageRejected, match=r"the file is 0\.4 MB; the limit is 0\.1 MB"):
        process_image(b"\xff" * 400_000, ImageLimits(max_bytes=100_000))


@pytest.mark.parametrize(
    "content",
    [
        b"this is a text file renamed photo.jpg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"%PDF-1.4\n",
    ],
)
def test_what_is_not_a_picture_is_refused_whatever_its_name(content):
    with pytest.raises(ImageRejected, match="not a picture Dateline can take"):
        process_image(content)


def test_a_damaged_picture_is_refused():
    with pytest.raises(ImageRejected, match="damaged or incomplete"):
        process_image(photo_with_gps()[:3000])


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = r"claims 10,000 megapixels and may be a decompression bomb; the limit is 40 megapixels"
    with pytest.raises(ImageRejected, match=bomb):
        process_image(png_claiming(100_000, 100_000))
    # Over our limit, under Pillow's own guard: our check names the size.
    with pytest.raises(
        ImageRejected, match=r"8,000 × 6,000 pixels \(48 megapixels\); the limit is 40"
    ):
        process_image(png_claiming(8_000, 6_000))


def test_a_picture_over_the_pixel_limit_is_refused_with_its_size():
    with pytest.raises(ImageRejected, match=r"1,200 × 800 pixels .*limit is 0\.5 megapixels"):
        process_image(photo_with_gps(), ImageLimits(max_pixels=500_000))


def test_an_animated_picture_is_refused():
    with pytest.raises(ImageRejected, match="animated"):
        process_image(animated_gif())
