"""Files for the avatar tests: pictures of each accepted type and the ones an avatar refuses."""

import io
import os
import struct
import zipfile
import zlib

from PIL import ExifTags, Image


def picture(image_format, size=(300, 200), **options):
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def photo_with_gps():
    """A JPEG whose EXIF names the camera and where it was."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCamera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    return picture("JPEG", exif=exif.tobytes())


def animation(frames):
    images = [Image.new("RGB", (64, 64), (i * 40 % 256, 0, 0)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=100)
    return out.getvalue()


def noisy_png():
    image = Image.frombytes("RGB", (256, 256), os.urandom(256 * 256 * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A tiny PNG file whose header claims ``width`` × ``height`` pixels (a decompression bomb
    once decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + _chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def png_with_html():
    """A PNG that a browser sniffing its content could also read as a page."""
    return picture("PNG") + b"<html><script>alert(1)</script></html>"


def gif_with_zip():
    """A GIF with a zip archive after it ("GIFAR")."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Main.class", b"\xca\xfe\xba\xbe")
    return picture("GIF") + archive.getvalue()
