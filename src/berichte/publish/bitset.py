"""Boolean vectors as compact text (base64 of their bits), for data embedded in pages."""

from __future__ import annotations

import base64

import numpy as np


def encode_bits(flags: np.ndarray) -> str:
    """A boolean vector as base64 of its bits (little-endian within each byte); "" if none is set."""
    if not flags.any():
        return ""
    return base64.b64encode(np.packbits(flags.astype(bool), bitorder="little").tobytes()).decode("ascii")


def decode_bits(text: str, n: int) -> np.ndarray:
    """The inverse of :func:`encode_bits` for ``n`` areas."""
    if not text:
        return np.zeros(n, dtype=bool)
    raw = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)
