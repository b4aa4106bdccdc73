"""Avatars: what a member uploads, checked, decoded and drawn again as two clean squares.

Nothing of the uploaded file is ever served: Pillow decodes it (whatever its name or claimed
type says), and what is stored is a new WebP drawn from the decoded pixels, centred and cropped
square, at 96 and 192 pixels (the second for high-density screens), with no metadata (EXIF,
GPS, ICC, comments). Files go through Django's storage API (``default_storage``): the local
file system by default, an S3-compatible store with django-storages. Each upload gets a new
random name, so a name is never reused and the files may be cached for good.

A file is refused, with a message saying why, when it is larger than
``FORUM_AVATAR_MAX_BYTES``, not a PNG, JPEG, GIF or WebP that decodes whole, larger than
``FORUM_AVATAR_MAX_PIXELS`` (a decompression bomb), animated over ``FORUM_AVATAR_MAX_FRAMES``
frames, or also something else (a polyglot: markup or a script inside, data after the image's
end, an archive appended), which a browser or another program could be talked into reading.
"""

import hashlib
import io
import re
import secrets
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

AVATAR_SMALL = 96
AVATAR_LARGE = 192
SIZES = (AVATAR_SMALL, AVATAR_LARGE)
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")

# What a browser would read as a page or a script, or another program as its own file, if it
# were ever tricked into treating the upload as something other than an image.
_FOREIGN = re.compile(
    rb"<\s*(?:script|html|svg|body|iframe|object|embed|!doctype)\b|<\?(?:php|xml)|javascript:",
    re.IGNORECASE,
)
# An archive's end-of-directory record (a zip appended to an image: "GIFAR").
_ZIP_END = b"PK\x05\x06"

NOT_AN_IMAGE = "This file is not an image we can read. Upload a PNG, JPEG, GIF or WebP picture."
DAMAGED = "This image is damaged or incomplete, so it cannot be used. Try saving it again."
FOREIGN = (
    "This file holds something besides a picture (markup, a script or another file), "
    "so it cannot be used. Save the picture again from an image editor."
)


class AvatarError(ValueError):
    """Why an upload cannot be an avatar, in words for the member."""


def avatar_url(stem, size):
    return default_storage.url(f"{stem}-{size}.webp")


def file_names(stem):
    return [f"{stem}-{size}.webp" for size in SIZES]


def megabytes(size):
    """``size`` in bytes as people read file sizes: "2 MB", "10.5 MB" (of 1,048,576 bytes)."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _too_large_message(size):
    return (
        f"This file is {megabytes(size)}; an avatar may be at most "
        f"{megabytes(settings.FORUM_AVATAR_MAX_BYTES)}."
    )


def _check_envelope(data):
    if _FOREIGN.search(data) or _ZIP_END in data[-65_557:]:
        raise AvatarError(FOREIGN)


def _trailing_data(data, image_format):
    """Whether bytes follow the image's own end (PNG and GIF say exactly where it is)."""
    if image_format == "PNG":
        end = data.rfind(b"IEND")
        # No end at all: a cut-off file, which decoding has refused as damaged already.
        return end != -1 and len(data) > end + 8
    if image_format == "GIF":
        return not data.rstrip(b"\0").endswith(b";")
    return False


def _open(data):
    from PIL import Image

    with warnings.catch_warnings():
        # Pillow warns (rather than refuses) between MAX_IMAGE_PIXELS and twice that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise AvatarError(_bomb_message()) from None
        except Exception:
            raise AvatarError(NOT_AN_IMAGE) from None
    if image.width * image.height > settings.FORUM_AVATAR_MAX_PIXELS:
        raise AvatarError(_bomb_message(image))
    return image


def _bomb_message(image=None):
    size = f" ({image.width:,} × {image.height:,} pixels)" if image is not None else ""
    return (
        f"This image is too large{size}; an avatar may have at most "
        f"{settings.FORUM_AVATAR_MAX_PIXELS:,} pixels."
    )


def _frames(image):
    """The decoded frames of ``image`` (one for a still picture), each fully read."""
    from PIL import ImageOps, ImageSequence

    count = getattr(image, "n_frames", 1)
    if count > settings.FORUM_AVATAR_MAX_FRAMES:
        raise AvatarError(
            f"This animation has {count} frames; an avatar may have at most "
            f"{settings.FORUM_AVATAR_MAX_FRAMES}."
        )
    if count * image.width * image.height > settings.FORUM_AVATAR_MAX_PIXELS:
        # Every frame is decoded: an animation's frames together are what costs memory.
        raise AvatarError(_bomb_message(image))
    frames, durations = [], []
    try:
        for frame in ImageSequence.Iterator(image):
            frame.load()
            durations.append(frame.info.get("duration", 100))
            # Phones store a photo sideways and say so in EXIF, which goes: turn it first.
            frames.append(ImageOps.exif_transpose(frame).convert("RGBA"))
    except Exception:
        raise AvatarError(DAMAGED) from None
    return frames, durations


def _square(frame, size):
    from PIL import Image, ImageOps

    # A new image of the pixels alone: nothing of the upload's info (EXIF, ICC...) comes along.
    drawn = ImageOps.fit(frame, (size, size), method=Image.Resampling.LANCZOS)
    clean = Image.new("RGBA", drawn.size)
    clean.paste(drawn)
    return clean


def _encode(frames, durations, size):
    squares = [_square(frame, size) for frame in frames]
    out = io.BytesIO()
    options = {"format": "WEBP", "quality": 85, "method": 4, "exif": b"", "icc_profile": None}
    if len(squares) > 1:
        options.update(save_all=True, append_images=squares[1:], duration=durations, loop=0)
    squares[0].save(out, **options)
    return out.getvalue()


def make_avatar_files(upload):
    """``{size: WebP bytes}`` drawn from ``upload`` (a file), or AvatarError saying why not."""
    if upload.size > settings.FORUM_AVATAR_MAX_BYTES:
        raise AvatarError(_too_large_message(upload.size))
    upload.seek(0)
    data = upload.read(settings.FORUM_AVATAR_MAX_BYTES + 1)
    if len(data) > settings.FORUM_AVATAR_MAX_BYTES:
        raise AvatarError(_too_large_message(len(data)))
    if not data:
        raise AvatarError(NOT_AN_IMAGE)
    _check_envelope(data)
    image = _open(data)
    frames, durations = _frames(image)
    if _trailing_data(data, image.format):
        raise AvatarError(FOREIGN)
    return {size: _encode(frames, durations, size) for size in SIZES}


def store_avatar_files(files):
    """Save ``files`` (from ``make_avatar_files``) under a new random name; returns its stem."""
    # Random, and never reused: a stored file never changes, so it may be cached for good.
    token = secrets.token_hex(8)
    digest = hashlib.blake2b(files[AVATAR_LARGE], digest_size=6).hexdigest()
    stem = f"avatars/{token[:2]}/{token}{digest}"
    for size, data in files.items():
        default_storage.save(f"{stem}-{size}.webp", ContentFile(data))
    return stem


def delete_avatar_files(stem):
    for name in file_names(stem):
        default_storage.delete(name)
