"""Decoding QR codes from images: uploaded photos, camera snapshots and webcam frames.

One small interface, two implementations: pyzbar (named by the user, kept supported and tested) and
zxing-cpp (faster, and reads more blurred, noisy and rotated frames; measured side by side in
`python -m bench.run decoders`). Only the QR symbology is searched, on a grayscale image. The setting
QRCHECKIN_DECODER chooses the default.
"""

from __future__ import annotations

import io
from typing import Protocol

import numpy as np
import zxingcpp
from PIL import Image, ImageOps
from pyzbar import pyzbar

from lib.platform import uploads

Corners = list[tuple[int, int]]


class Decoder(Protocol):
    name: str

    def locate(self, gray: np.ndarray) -> list[tuple[str, Corners]]:
        """Payloads of the QR codes in a 2-D uint8 grayscale array, with the code's corner points."""
        ...

    def decode(self, gray: np.ndarray) -> list[str]:
        """Payloads only."""
        ...


class PyzbarDecoder:
    """zbar misses most codes in noisy frames wider than about 800 px and takes three times longer on them,
    so larger frames are shrunk to 640 px wide first (the corners are scaled back)."""

    name = "pyzbar"
    max_width = 800

    def locate(self, gray: np.ndarray) -> list[tuple[str, Corners]]:
        factor = 1.0
        if gray.shape[1] > self.max_width:
            factor = gray.shape[1] / 640
            gray = np.asarray(Image.fromarray(gray).resize((640, round(gray.shape[0] / factor)), Image.Resampling.BILINEAR))
        height, width = gray.shape
        found = pyzbar.decode((np.ascontiguousarray(gray).tobytes(), width, height), symbols=[pyzbar.ZBarSymbol.QRCODE])
        return [(s.data.decode("utf-8", errors="replace"), [(round(p.x * factor), round(p.y * factor)) for p in s.polygon]) for s in found]

    def decode(self, gray: np.ndarray) -> list[str]:
        return [text for text, _ in self.locate(gray)]


_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)  # what read_barcodes is typed to take


class ZxingDecoder:
    name = "zxing"

    def locate(self, gray: np.ndarray) -> list[tuple[str, Corners]]:
        found = zxingcpp.read_barcodes(gray, formats=_QR_ONLY)
        located = []
        for result in found:
            if result.valid:
                pos = result.position
                corners = [
                    (pos.top_left.x, pos.top_left.y),
                    (pos.top_right.x, pos.top_right.y),
                    (pos.bottom_right.x, pos.bottom_right.y),
                    (pos.bottom_left.x, pos.bottom_left.y),
                ]
                located.append((result.text, corners))
        return located

    def decode(self, gray: np.ndarray) -> list[str]:
        return [text for text, _ in self.locate(gray)]


DECODERS: dict[str, Decoder] = {"pyzbar": PyzbarDecoder(), "zxing": ZxingDecoder()}
DEFAULT_DECODER = "zxing"


def get_decoder(name: str | None = None) -> Decoder:
    """A decoder by name (unknown names fall back to the default)."""
    return DECODERS.get(name or DEFAULT_DECODER, DECODERS[DEFAULT_DECODER])


def to_gray(image: bytes | Image.Image | np.ndarray) -> np.ndarray | None:
    """A 2-D uint8 array from encoded bytes, a PIL image or an RGB/BGR/gray array; None if unreadable."""
    if isinstance(image, np.ndarray):
        return image if image.ndim == 2 else np.asarray(Image.fromarray(image[..., :3]).convert("L"))
    if isinstance(image, bytes | bytearray):
        try:
            image = Image.open(io.BytesIO(image))
            image.load()
        except (OSError, ValueError, Image.DecompressionBombError):
            return None
    return np.asarray(ImageOps.exif_transpose(image).convert("L"))


def decode_upload(raw: bytes, decoder: str | None = None) -> list[str]:
    """Every QR payload in an uploaded photo or snapshot; InvalidInputError when the file is not a photo
    of sane size (checked before decoding, lib.platform.uploads)."""
    return decode_image(uploads.image(raw), decoder)


def decode_image(image: bytes | Image.Image | np.ndarray, decoder: str | None = None) -> list[str]:
    """Every QR payload found in the image, as text; [] when none or the image is unreadable."""
    gray = to_gray(image)
    return [] if gray is None else get_decoder(decoder).decode(gray)
