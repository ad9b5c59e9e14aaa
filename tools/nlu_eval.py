"""NLU quality on the held-out test set: metrics, confusions, TF-IDF baseline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from tests.conftest import ROOT, load_examples

FALLBACK = "nlu_fallback"


@dataclass
class Scores:
    accuracy: float
    macro_f1: float
    per_intent: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    confusions: list[tuple[str, str, int]]  # gold, predicted, count
    fallback_rate: float

    def recall(self, intent: str) -> float:
        return self.per_intent[intent][1]


def labelled(folder_or_file: str) -> tuple[list[str], list[str]]:
    examples = load_examples(ROOT / folder_or_file)
    texts, labels = [], []
    for intent, items in sorted(examples.items()):
        texts += items
        labels += [intent] * len(items)
    return texts, labels


def score(gold: list[str], predicted: list[str]) -> Scores:
    """Scores over the gold intents; a fallback counts as a miss (the bot asked instead)."""
    intents = sorted(set(gold))
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=intents, zero_division=0
    )
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return Scores(
        accuracy=accuracy_score(gold, predicted),
        macro_f1=f1_score(gold, predicted, labels=intents, average="macro", zero_division=0),
        per_intent={
            intent: (float(precision[i]), float(recall[i]), float(f1[i]), int(support[i]))
            for i, intent in enumerate(intents)
        },
        confusions=[(g, p, n) for (g, p), n in pairs.most_common()],
        fallback_rate=sum(p == FALLBACK for p in predicted) / len(predicted),
    )


def baseline_predictor(texts: list[str], labels: list[str]) -> Callable[[Iterable[str]], list[str]]:
    model = baseline_model(texts, labels)
    return lambda batch: list(model.predict(list(batch)))


def baseline_model(texts: list[str], labels: list[str]) -> Pipeline:
    """TF-IDF word (1-2) + character (2-5) n-grams, logistic regression."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
        ]
    )
    model = make_pipeline(features, LogisticRegression(C=10.0, max_iter=3000))
    model.fit(texts, labels)
    return model
