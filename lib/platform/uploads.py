"""Uploaded files are checked for what they really are before anything parses them: photos must be PNG, JPEG
or WebP of sane size (a 50 MB photo or a decompression bomb is refused before decoding), tables must be
small CSV text or a real .xlsx whose unpacked size is bounded (a zip bomb is refused before openpyxl opens
it) and a table may hold at most MAX_TABLE_ROWS rows. Streamlit's own limit (server.maxUploadSize in
.streamlit/config.toml) stops larger files earlier.
"""

from __future__ import annotations

import io
import zipfile

from PIL import Image

from lib.platform.errors import InvalidInputError
from lib.platform.i18n import format_number

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "MPO"}  # MPO: JPEG from some phone cameras
MAX_TABLE_BYTES = 10 * 1024 * 1024
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_TABLE_ROWS = 2_000  # rows per imported file (a city's whole register fits in one or two files)


def image(raw: bytes) -> Image.Image:
    """A decoded photo; InvalidInputError when too large, not a photo, or with too many pixels."""
    if len(raw) > MAX_IMAGE_BYTES:
        raise InvalidInputError("upload.too_big", field="file", mb=MAX_IMAGE_BYTES // 2**20)
    try:
        opened = Image.open(io.BytesIO(raw))  # reads the header only
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInputError("upload.not_image", field="file") from None
    if opened.format not in IMAGE_FORMATS:
        raise InvalidInputError("upload.not_image", field="file")
    if opened.width * opened.height > MAX_IMAGE_PIXELS:
        raise InvalidInputError("upload.too_many_pixels", field="file")
    try:
        opened.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInputError("upload.not_image", field="file") from None
    return opened


def table(name: str, raw: bytes) -> None:
    """Refuse a table upload that is too large, an .xlsx that is not a zip, or one that unpacks too far."""
    if len(raw) > MAX_TABLE_BYTES:
        raise InvalidInputError("upload.too_big", field="file", mb=MAX_TABLE_BYTES // 2**20)
    if not name.lower().endswith(".xlsx"):
        return
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InvalidInputError("upload.not_xlsx", field="file")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
        packed = max(1, sum(item.compress_size for item in archive.infolist()))
    if unpacked > MAX_XLSX_UNPACKED or unpacked / packed > MAX_XLSX_RATIO:
        raise InvalidInputError("upload.zip_bomb", field="file")


def table_rows(rows: int, cap: int | None) -> None:
    """Refuse a table with more than `cap` rows below its header (None: no cap), saying how many it has."""
    if cap is not None and rows > cap:
        raise InvalidInputError("imp.too_many_rows", field="file", n=format_number(rows), max=format_number(cap))
