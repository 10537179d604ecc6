"""Webcam-like frames of personal codes for the decoder benchmark: a phone screen or printed card held in
front of a laptop camera, turned, tilted, out of focus, in a dim room (sensor noise) and behind glare (low
contrast). Deterministic per seed so both decoders see the very same frames."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter

from lib.codes import rendering, tokens

SIZES = {"640x480": (640, 480), "1280x720": (1280, 720)}


def _homography(target: list[tuple[float, float]], source: list[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's PERSPECTIVE coefficients mapping output points `target` back to input points `source`."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    return tuple(np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


def _perspective(code: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Tilt the code up to about 35 degrees about its vertical or horizontal axis: a true projective view
    (straight lines stay straight) in which the far edge is up to 20 % shorter, never cropped."""
    w, h = code.size
    k = float(rng.uniform(0, 0.2)) / 2
    corners = [(0, 0), (w, 0), (w, h), (0, h)]  # top-left, top-right, bottom-right, bottom-left
    far = int(rng.integers(4))  # which edge moves away from the camera
    shrunk = list(corners)
    a, b = far, (far + 1) % 4
    (ax, ay), (bx, by) = corners[a], corners[b]
    shrunk[a] = (ax + (bx - ax) * k, ay + (by - ay) * k)
    shrunk[b] = (bx + (ax - bx) * k, by + (ay - by) * k)
    return code.transform((w, h), Image.Transform.PERSPECTIVE, _homography(shrunk, corners), Image.Resampling.BILINEAR, fillcolor=255)


def perturbed_frames(count: int, size: str, seed: int = 7) -> list[tuple[np.ndarray, str]]:
    """(grayscale frame, expected payload) pairs. A code held 30-50 cm from the camera covers 30-55 % of
    the frame height; turned up to 45 degrees, tilted (above), out of focus (Gaussian blur up to 1.2 px
    at 480 lines, scaled with the frame), sensor noise up to sigma 12 and glare (contrast down to 45 %)."""
    width, height = SIZES[size]
    rng = np.random.default_rng(seed)
    frames = []
    for n in range(count):
        payload = tokens.sign("bench", "P", str(100_000 + n), 1)
        code = Image.open(io.BytesIO(rendering.png_bytes(payload, scale=8))).convert("L")
        code = _perspective(code, rng).rotate(float(rng.uniform(-45, 45)), expand=True, fillcolor=255)
        side = int(height * rng.uniform(0.30, 0.55))
        code = code.resize((side, side), Image.Resampling.BILINEAR)
        frame = Image.new("L", (width, height), int(rng.uniform(120, 220)))
        frame.paste(code, (int(rng.uniform(0, width - side)), int(rng.uniform(0, height - side))))
        frame = frame.filter(ImageFilter.GaussianBlur(float(rng.uniform(0, 1.2)) * height / 480))
        pixels = np.asarray(frame, dtype=np.float32)
        contrast = float(rng.uniform(0.45, 1.0))
        pixels = 128 + (pixels - 128) * contrast + rng.normal(0, rng.uniform(0, 12), pixels.shape)
        frames.append((np.clip(pixels, 0, 255).astype(np.uint8), payload))
    return frames
