"""List held-out test messages (the in-house set and both wild sets) that (nearly) repeat
a training example.

Prints only the test-set side, so whoever fixes the test set never reads the
training data. Exit code 1 when there is any overlap.
"""

from __future__ import annotations

import sys

from tests.conftest import ROOT, load_examples
from tests.test_nlu_data import skeleton

NEAR = 0.85


def overlaps() -> list[tuple[str, str]]:
    train = [skeleton(e) for ex in load_examples(ROOT / "intents").values() for e in ex]
    train_set = set(train)
    train_words = [set(s.split()) for s in train]
    found = []
    held_out = [ROOT / "tests" / "nlu" / name for name in ("test_set.yml", "wild", "wild_blind")]
    for intent, examples in (
        item for source in held_out if source.exists() for item in load_examples(source).items()
    ):
        for example in examples:
            s = skeleton(example)
            w = set(s.split())
            near = len(w) >= 5 and any(len(w & t) / len(w | t) >= NEAR for t in train_words)
            if s in train_set or near:
                found.append((intent, example))
    return found


if __name__ == "__main__":
    found = overlaps()
    for intent, example in found:
        print(f"{intent}: {example}")
    print(f"{len(found)} test messages overlap the training data")
    sys.exit(1 if found else 0)
