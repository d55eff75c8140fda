"""Train the clean stage's line classifier (src/casus/data/clean/line_model.json).

Data: the tuning half of the real-page set, bench/pages/pages.jsonl.gz (see
bench/pages/README.md); the blind half is never read here. Each article the clean stage
would hand to the model (a scraped page: see casus.clean.verdicts.relearn) is one training
unit; each of its lines, as the stage reads it (hard-wrapped paragraphs joined), gets the
label most of its raw lines have: body, title, caption, or removed (navigation, related links, promo, comments,
bylines and the rest), and weighs as many raw lines as it joins (the benchmark counts raw lines: a
hard-wrapped paragraph is several).

Two multinomial logistic regressions (scikit-learn, standardised features):
1. on the line's own features (`casus.clean.layout.features`, which include the rules'
   verdict);
2. on the same features plus what stage 1 says of the line's neighbourhood
   (`casus.clean.learned.context`), with stage 1's probabilities taken out of fold (by page)
   so that stage 2 learns from the errors stage 1 makes on pages it has not seen.
C is chosen by body F1 over raw lines with both stages trained without the scored pages
(`nested`).
The package applies them with numpy alone (`casus.clean.learned`); scikit-learn is only
needed here: `pip install -e ".[train]"`.

    .venv/bin/python scripts/train_clean.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from clean import load_pages, page_document  # noqa: E402  (bench/clean.py: the page as the stage reads it)
from halves import half  # noqa: E402

from casus.clean import learned  # noqa: E402
from casus.clean.layout import NAMES, features  # noqa: E402
from casus.clean.lines import read_lines  # noqa: E402
from casus.clean.verdicts import article_span, articles, judge, scraped_page  # noqa: E402

OUT = ROOT / "src" / "casus" / "data" / "clean" / "line_model.json"
CLASSES = learned.CLASSES
GRID = (0.03, 0.1, 0.3, 1.0)  # inverse regularisation, chosen by cross-validation by page on the tuning half
FOLDS = 5


def page_articles(page: dict) -> list[tuple[list[list[float]], list[str], list[int]]]:
    """(features, labels, weights) of each article of a page that the stage would hand to the
    model (see casus.clean.verdicts.relearn): a line's label is the one most of its raw lines
    have, its weight how many raw lines it joins."""
    doc, gold = page_document(page)
    verdicts = judge(read_lines(doc.text), None, None, learn=False)
    out = []
    for mine in articles(verdicts).values():
        if not scraped_page(verdicts, mine, article_span(verdicts, mine)):
            continue
        labels, weights = [], []
        for i in mine:
            ln = verdicts[i].line
            raw = [g for s, e, g in gold if s < ln.end and ln.start < e]
            lab = Counter(raw).most_common(1)[0][0]
            labels.append(lab if lab in CLASSES else "removed")
            weights.append(len(raw))
        out.append((features([verdicts[i].line for i in mine], [verdicts[i].kind for i in mine]), labels, weights))
    return out


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> dict:
    """A standardised multinomial logistic regression (lines weighed by `w`), folded into
    raw-feature weights."""
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=10000).fit((X - scaler.mean_) / scale, y, sample_weight=w)
    order = [list(model.classes_).index(k) for k in CLASSES]
    coef = model.coef_[order] / scale
    intercept = model.intercept_[order] - coef @ scaler.mean_
    return {"coef": coef.round(6).tolist(), "intercept": intercept.round(6).tolist()}


def out_of_fold(X: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """Class probabilities of every line from a model trained on the other pages' folds."""
    p = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(FOLDS).split(X, y, groups):
        p[test] = learned.probabilities(X[test], fit(X[train], y[train], w[train], c))
    return p


def with_context(X: np.ndarray, p: np.ndarray, arts: np.ndarray) -> np.ndarray:
    """X with `learned.context` of stage 1's probabilities `p`, article by article (`arts`: each
    line's article, the lines of one article in a row)."""
    cuts = np.flatnonzero(np.diff(arts)) + 1
    return np.hstack([X, np.vstack([learned.context(q) for q in np.split(p, cuts)])])


def stages(X: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, arts: np.ndarray,
           c: float) -> tuple[dict, dict]:
    """Stage 1 on all these lines; stage 2 on them with stage 1's probabilities taken out of fold."""
    return fit(X, y, w, c), fit(with_context(X, out_of_fold(X, y, w, groups, c), arts), y, w, c)


def nested(X: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, arts: np.ndarray,
           c: float) -> np.ndarray:
    """Stage 2's probabilities of every line from both stages trained on the other pages' folds,
    as the stage meets a new page (stage 2's own out-of-fold training inside the fold; with the
    stage-1 folds shared across, the estimate came out 0.06 F1 too high)."""
    p = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(FOLDS).split(X, y, groups):
        one, two = stages(X[train], y[train], w[train], groups[train], arts[train], c)
        p[test] = learned.probabilities(with_context(X[test], learned.probabilities(X[test], one), arts[test]), two)
    return p


def body_f1(y: np.ndarray, w: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    """Body precision, recall and F1 over raw lines."""
    gold, pred = y == "body", p.argmax(axis=1) == 0
    tp = w[gold & pred].sum()
    pr, rc = tp / max(1, w[pred].sum()), tp / max(1, w[gold].sum())
    return pr, rc, 2 * pr * rc / max(1e-9, pr + rc)


def main() -> None:
    pages = [p for p in load_pages() if half(p["id"]) == "tuning"]
    X, y, w, groups, arts = [], [], [], [], []
    for g, page in enumerate(pages):
        for rows, labels, weights in page_articles(page):
            arts += [arts[-1] + 1 if arts else 0] * len(rows)
            X += rows
            y += labels
            w += weights
            groups += [g] * len(rows)
    X, y, w, groups, arts = (np.array(X), np.array(y), np.array(w, dtype=float), np.array(groups),
                             np.array(arts))
    print(f"{len(pages)} tuning pages, {len(y)} lines {dict(Counter(y.tolist()))}")
    scores = {}
    for c in GRID:
        scores[c] = body_f1(y, w, nested(X, y, w, groups, arts, c))
        print(f"  C {c:<5} both stages out of fold: body P {scores[c][0]:.4f} R {scores[c][1]:.4f} F1 {scores[c][2]:.4f}")
    c = max(GRID, key=lambda k: scores[k][2])
    one, two = stages(X, y, w, groups, arts, c)
    OUT.write_text(json.dumps({
        "about": "clean-stage line classifier; trained by scripts/train_clean.py on the tuning half of "
                 "bench/pages (scrapinghub article-extraction benchmark pages, MIT)",
        "C": c, "classes": list(CLASSES), "features": list(NAMES), "context": list(learned.CONTEXT),
        "stage1": one, "stage2": two}) + "\n", encoding="utf-8")
    print(f"C {c} -> {OUT}")


if __name__ == "__main__":
    main()
