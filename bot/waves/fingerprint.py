"""A near-duplicate fingerprint of a scam message: MinHash (datasketch) over character
shingles of the normalised text, cut into bands for locality-sensitive hashing.

Normalised the way campaigns vary: links, e-mail addresses and anything with a digit
(codes, amounts, dates, numbers) become one placeholder each, case and accents go, and a
short greeting line ('Beste klant,', 'Hoi Anna,') is left out. Character shingles keep a
typo or a changed word from breaking more than a few shingles.

Two messages whose Jaccard similarity is s share at least one of BANDS bands of ROWS rows
with probability 1 - (1 - s^ROWS)^BANDS: 0.12 at s = 0.25, 0.56 at 0.4, 0.87 at 0.5, 0.99 at
0.65. One pair near the thresholds can be missed; a message of a wave is compared with
every stored member that shares a band, and a wave has many near members. Fewer rows per
band (42 x 3) found no more on the team's stream and makes more candidates per lookup."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from common.link_facts import URL_PATTERN
from common.masking import EMAIL_PATTERN

NUM_PERM = 128
BANDS, ROWS = 32, 4
SHINGLE = 5
SEED = 15
# A first line this short that ends in ',' or ':' is a greeting.
GREETING_WORDS = 4

_GREETING = re.compile(r"^\s*([^\n.!?]{1,40})[,:]\s*\n", re.U)
_DIGITS = re.compile(r"\S*\d\S*")
_NOT_LETTERS = re.compile(r"[^a-z<>]+")


@dataclass(frozen=True)
class Fingerprint:
    signature: np.ndarray  # NUM_PERM uint32 values
    bands: tuple[int, ...]  # one signed 64-bit key per band
    words: int  # words in the message as sent

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def normalise(text: str) -> str:
    text = EMAIL_PATTERN.sub(" <m> ", text)
    text = URL_PATTERN.sub(" <l> ", text)
    greeting = _GREETING.match(text)
    if greeting and len(greeting.group(1).split()) <= GREETING_WORDS:
        text = text[greeting.end() :]
    text = _DIGITS.sub(" <n> ", text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_LETTERS.sub(" ", folded).split())


def shingles(text: str) -> set[bytes]:
    plain = normalise(text)
    if len(plain) <= SHINGLE:
        return {plain.encode()} if plain else set()
    return {plain[i : i + SHINGLE].encode() for i in range(len(plain) - SHINGLE + 1)}


def fingerprint(text: str) -> Fingerprint:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    grams = shingles(text)
    if grams:
        minhash.update_batch(list(grams))
    signature = minhash.hashvalues.astype(np.uint32)
    return Fingerprint(signature, band_keys(signature), len(text.split()))


def band_keys(signature: np.ndarray) -> tuple[int, ...]:
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return tuple(keys)


def from_bytes(stored: bytes) -> np.ndarray:
    return np.frombuffer(stored, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two messages' shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)
