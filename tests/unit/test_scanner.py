"""Both decoders on generated webcam frames: clean, blurred, turned, tilted, small, noisy, two codes at once,
and a 1280x720 frame (pyzbar shrinks it first; the corners must still point at the code in the frame)."""

import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from bench.frames import perturbed_frames
from lib.codes import decoding, rendering, tokens

PAYLOADS = [tokens.sign("s", "P", str(n), 1) for n in (101, 202)]


def _frame(size=(640, 480), codes=((PAYLOADS[0], (200, 100), 240),), rotate=0.0, blur=0.0, noise=0.0) -> np.ndarray:
    frame = Image.new("L", size, 180)
    for payload, position, side in codes:
        code = Image.open(io.BytesIO(rendering.png_bytes(payload, scale=6))).convert("L")
        code = code.rotate(rotate, expand=True, fillcolor=255).resize((side, side))
        frame.paste(code, position)
    frame = frame.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(frame, dtype=np.float32) + np.random.default_rng(1).normal(0, noise, (size[1], size[0]))
    return np.clip(pixels, 0, 255).astype(np.uint8)


CASES = {
    "clean": {},
    "blurred": {"blur": 1.2},
    "rotated": {"rotate": 33},
    "small": {"codes": ((PAYLOADS[0], (300, 200), 150),)},
    "noisy": {"noise": 10},
}


@pytest.mark.parametrize("decoder", sorted(decoding.DECODERS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_frames(decoder, case):
    assert decoding.get_decoder(decoder).decode(_frame(**CASES[case])) == [PAYLOADS[0]]


@pytest.mark.parametrize("decoder", sorted(decoding.DECODERS))
def test_two_codes_in_one_frame(decoder):
    gray = _frame(codes=((PAYLOADS[0], (20, 100), 240), (PAYLOADS[1], (360, 100), 240)))
    assert sorted(decoding.get_decoder(decoder).decode(gray)) == sorted(PAYLOADS)


@pytest.mark.parametrize("decoder", sorted(decoding.DECODERS))
def test_hd_frame_corners_in_frame_coordinates(decoder):
    gray = _frame(size=(1280, 720), codes=((PAYLOADS[0], (800, 300), 360),))
    [(text, corners)] = decoding.get_decoder(decoder).locate(gray)
    assert text == PAYLOADS[0]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    assert min(xs) >= 790 and max(xs) <= 1170 and min(ys) >= 290 and max(ys) <= 670


@pytest.mark.parametrize("decoder", sorted(decoding.DECODERS))
def test_empty_and_blank_frames(decoder):
    assert decoding.get_decoder(decoder).decode(np.full((480, 640), 200, np.uint8)) == []


def test_benchmark_frames_are_mostly_readable_by_the_default():
    """The benchmark's perturbed set is hard but fair: the default decoder reads nearly all of a sample."""
    frames = perturbed_frames(20, "1280x720", seed=3)
    decoded = sum(payload in decoding.get_decoder().decode(gray) for gray, payload in frames)
    assert decoded >= 18
