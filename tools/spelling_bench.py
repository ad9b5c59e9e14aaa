"""`make bench`: would normalising low-literacy spelling help the NLU? Measured, not assumed.

The candidate normaliser (issue 10) rewrites each word that is neither in the training
data nor in pyspellchecker's Dutch word list to the nearest word (edit distance up to
2) that the training data does contain: 'ferloopt' -> 'verloopt', 'inlogge' ->
'inloggen'. Words the model knows are never touched, and a word is only rewritten
toward a word the model has seen, so nothing is 'corrected' into unknown territory.

Prints the assistant's case-type accuracy per register of the wild set (and the
in-house test set) on the text as sent beside the normalised text, and the words it
changed. The normaliser stays out of the pipeline unless the misspelled register
gains (README, 'Spelling').

    python tools/spelling_bench.py
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spellchecker import SpellChecker

from tools.nlu_eval import labelled
from tools.rasa_processes import rasa_servers
from tools.wild_bench import in_house_cases, read, scored_case, wild_cases

WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
SHORTEST = 4  # 'nie', 'me', 'der': too short to correct without context


class Normaliser:
    def __init__(self, training_texts: list[str]) -> None:
        self.known = Counter(w for t in training_texts for w in WORD.findall(t.lower()))
        self.dutch = SpellChecker(language="nl", distance=2)

    def word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < SHORTEST or lower in self.known or lower in self.dutch:
            return word
        options = [c for c in self.dutch.candidates(lower) or () if c in self.known]
        if not options:
            return word
        return max(options, key=lambda c: (self.known[c], self.dutch.word_usage_frequency(c)))

    def __call__(self, text: str) -> str:
        return WORD.sub(self.word, text)


def main() -> None:
    texts, _ = labelled("intents")
    normalise = Normaliser(texts)
    cases = wild_cases() + in_house_cases()
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    changes: Counter[tuple[str, str]] = Counter()
    with rasa_servers() as servers:
        for case in cases:
            fixed = normalise(case.text)
            as_sent = scored_case(case, read(servers.post("/model/parse", {"text": case.text})))
            as_sent = as_sent == case.gold
            after = as_sent
            if fixed != case.text:
                reading = read(servers.post("/model/parse", {"text": fixed}))
                after = scored_case(case, reading) == case.gold
                before_words, after_words = WORD.findall(case.text), WORD.findall(fixed)
                changes.update(
                    (a, b) for a, b in zip(before_words, after_words, strict=False) if a != b
                )
            row = right[case.register]
            row[0] += 1
            row[1] += as_sent
            row[2] += after
    print("\nspelling normalisation (pyspellchecker nl, toward words the training data has)")
    print(f"  {'register':18} {'n':>4}  as sent  normalised")
    for register, (n, before, after) in sorted(right.items()):
        print(f"  {register:18} {n:4}   {before / n:.3f}     {after / n:.3f}")
    common = ", ".join(f"{a}->{b}" for (a, b), _ in changes.most_common(12))
    print(f"  words changed: {sum(changes.values())}; most often: {common}")


if __name__ == "__main__":
    main()
