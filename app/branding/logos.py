"""Logo uploads: decoded and re-encoded with Pillow, so only clean pixels are stored."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from app.core.errors import DomainError

MAX_BYTES = 500 * 1024
MAX_PIXELS = 25_000_000  # more than any real logo; stops decompression bombs early
ACCEPTED = {"PNG", "JPEG", "WEBP"}
BOX = (640, 240)  # the stored logo fits in this box


class LogoRefused(DomainError):
    status = 422
    message = _l("The logo must be a PNG, JPEG or WebP image of at most 500 KB.")


class LogoTooLarge(LogoRefused):
    message = _l("The logo file is larger than 500 KB. Save it smaller and try again.")


class LogoTooManyPixels(LogoRefused):
    message = _l("The image is too large in pixels. Use a logo of at most 5000 × 5000 pixels.")


@dataclass(frozen=True)
class Logo:
    data: bytes
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def reencode(upload: bytes) -> Logo:
    """A PNG of the uploaded image, fitted in BOX. Anything but a PNG, JPEG or WebP image
    of at most MAX_BYTES and MAX_PIXELS is refused (SVG and other formats included)."""
    if len(upload) > MAX_BYTES:
        raise LogoTooLarge()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(upload), formats=sorted(ACCEPTED)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise LogoTooManyPixels()
                image.seek(0)  # the first frame of an animation
                image.load()
                picture = image.convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise LogoTooManyPixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise LogoRefused() from error
    picture.thumbnail(BOX, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return Logo(out.getvalue(), picture.width, picture.height)
