"""The learned line classifier: the last word on each line of a page, after the rules.

The rules (`casus.clean.verdicts`) remove what has positive evidence of its own: page
debris, promo, copies, captions with credits. A naive scrape of a real page holds far
more: menus, related headlines, bylines, comment threads, captions without a credit. A
small model trained on real pages (scripts/train_clean.py; data/clean/line_model.json)
weighs the layout features of `casus.clean.layout` together with the rules' verdict, in
two stages: the line alone, then the line with what stage 1 says of its neighbours (an
article is a run of body lines, furniture comes in blocks). Each glued article of a
document is judged on its own lines (`casus.clean.verdicts.relearn` says which). numpy
applies the model; no scikit-learn at run time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

from casus.clean.layout import KINDS, NAMES, features
from casus.clean.lines import Line

CLASSES = KINDS  # the model says of a line what the rules do
CONTEXT_WINDOWS = (1, 3, 10)
CONTEXT = (("log odds of body",) + tuple(f"body within {w}" for w in CONTEXT_WINDOWS)
           + ("body mass above", "body mass below", "title within 3 above", "caption within 2"))
EXPLAIN = 2  # features named in a verdict's reason
FALLBACK = 0.8  # a page with no body line: lines this close to the likeliest body line are body


@lru_cache(maxsize=1)
def model() -> dict:
    path = resources.files("casus") / "data" / "clean" / "line_model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == NAMES and tuple(data["context"]) == CONTEXT, "retrain: features changed"
    for stage in ("stage1", "stage2"):
        data[stage] = {k: np.array(v) for k, v in data[stage].items()}
    return data


def probabilities(X: np.ndarray, stage: dict) -> np.ndarray:
    """Class probabilities (softmax) of a multinomial logistic regression, one row per line."""
    z = X @ np.asarray(stage["coef"]).T + np.asarray(stage["intercept"])
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def context(p: np.ndarray) -> np.ndarray:
    """What stage 1 says around each line of one article: CONTEXT, one row per line."""
    body, title, caption = p[:, 0], p[:, 1], p[:, 2]
    n = len(body)
    cs = np.concatenate([[0.0], np.cumsum(body)])
    total = cs[-1] + 1e-9
    idx = np.arange(n)
    cols = [np.log((body + 1e-6) / (1 - body + 1e-6))]
    for w in CONTEXT_WINDOWS:
        lo, hi = np.maximum(0, idx - w), np.minimum(n, idx + w + 1)
        cols.append((cs[hi] - cs[lo] - body) / np.maximum(1, hi - lo - 1))
    cols += [cs[idx] / total, (total - cs[idx + 1]) / total]
    tc = np.concatenate([[0.0], np.cumsum(title)])
    cols.append(tc[idx] - tc[np.maximum(0, idx - 3)])
    cc = np.concatenate([[0.0], np.cumsum(caption)])
    lo, hi = np.maximum(0, idx - 2), np.minimum(n, idx + 3)
    cols.append(cc[hi] - cc[lo] - caption)
    return np.column_stack(cols)


def classify(lines: list[Line], kinds: list[str]) -> list[tuple[str, np.ndarray, str]]:
    """(class, the probabilities of CLASSES, the features that weighed most for the class) for
    every line of one article."""
    m = model()
    X = np.array(features(lines, kinds))
    X2 = np.hstack([X, context(probabilities(X, m["stage1"]))])
    names = NAMES + CONTEXT
    coef = m["stage2"]["coef"]
    out: list[tuple[str, np.ndarray, str]] = []
    for row, probs in zip(X2, probabilities(X2, m["stage2"])):
        c = int(probs.argmax())
        other = 0 if c else int(np.argsort(probs)[-2])  # against body, or body against the runner-up
        weight = (coef[c] - coef[other]) * row
        top = [names[k] for k in np.argsort(weight)[::-1][:EXPLAIN] if weight[k] > 0]
        out.append((CLASSES[c], probs, ", ".join(top)))
    return out


def likeliest_body(said: list[tuple[str, np.ndarray, str]]) -> list[tuple[str, np.ndarray, str]]:
    """`said` with the lines nearly as likely body as the likeliest made body: for a page where
    no line comes out as body, as it always has its article somewhere."""
    best = max(p[0] for _, p, _ in said)
    return [("body", p, "the likeliest body of the page") if p[0] >= FALLBACK * best else (c, p, why)
            for c, p, why in said]
