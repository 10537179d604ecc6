"""Decoding QR codes from images (uploaded photos, camera snapshots; the webcam station adds frames).

Only the QR symbology is searched, on a grayscale image, which is both faster and avoids misreading
one-dimensional barcodes in a photo.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps
from pyzbar import pyzbar


def decode_image(image: bytes | Image.Image) -> list[str]:
    """Every QR payload found in the image, as text (undecodable bytes replaced); [] when none."""
    if isinstance(image, bytes | bytearray):
        try:
            image = Image.open(io.BytesIO(image))
            image.load()
        except (OSError, ValueError, Image.DecompressionBombError):
            return []
    gray = ImageOps.exif_transpose(image).convert("L")
    found = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8", errors="replace") for symbol in found]
