"""Train the clean stage's line classifier (src/casus/data/clean/line_model.json).

Data: the tuning half of the real-page set, bench/pages/pages.jsonl.gz (see
bench/pages/README.md); the blind half is never read here. Each article the clean stage
would hand to the model (a scraped page: see casus.clean.verdicts.relearn) is one training
unit; each of its lines, as the stage reads it (hard-wrapped paragraphs joined), gets the
label most of its raw lines have: body, title, caption, or removed (navigation, related links, promo, comments,
bylines and the rest).

Two multinomial logistic regressions (scikit-learn, standardised features):
1. on the line's own features (`casus.clean.layout.features`, which include the rules'
   verdict);
2. on the same features plus what stage 1 says of the line's neighbourhood
   (`casus.clean.learned.context`), with stage 1's probabilities taken out of fold (by page)
   so that stage 2 learns from the errors stage 1 makes on pages it has not seen.
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


def page_articles(page: dict) -> list[tuple[list[list[float]], list[str]]]:
    """(features, labels) of each article of a page that the stage would hand to the model
    (see casus.clean.verdicts.relearn): a line's label is the one most of its raw lines have."""
    doc, gold = page_document(page)
    verdicts = judge(read_lines(doc.text), None, None, learn=False)
    out = []
    for mine in articles(verdicts).values():
        if not scraped_page(verdicts, mine, article_span(verdicts, mine)):
            continue
        labels = []
        for i in mine:
            ln = verdicts[i].line
            lab = Counter(g for s, e, g in gold if s < ln.end and ln.start < e).most_common(1)[0][0]
            labels.append(lab if lab in CLASSES else "removed")
        out.append((features([verdicts[i].line for i in mine], [verdicts[i].kind for i in mine]), labels))
    return out


def fit(X: np.ndarray, y: np.ndarray, c: float) -> dict:
    """A standardised multinomial logistic regression, folded into raw-feature weights."""
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=10000).fit((X - scaler.mean_) / scale, y)
    order = [list(model.classes_).index(k) for k in CLASSES]
    coef = model.coef_[order] / scale
    intercept = model.intercept_[order] - coef @ scaler.mean_
    return {"coef": coef.round(6).tolist(), "intercept": intercept.round(6).tolist()}


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """Class probabilities of every line from a model trained on the other pages' folds."""
    p = np.zeros((len(y), len(CLASSES)))
    for train, test in GroupKFold(FOLDS).split(X, y, groups):
        p[test] = learned.probabilities(X[test], fit(X[train], y[train], c))
    return p


def with_context(X: np.ndarray, p: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    return np.vstack([np.hstack([X[a:b], learned.context(p[a:b])]) for a, b in spans])


def body_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float]:
    gold, pred = y == "body", p.argmax(axis=1) == 0
    tp = (gold & pred).sum()
    pr, rc = tp / max(1, pred.sum()), tp / max(1, gold.sum())
    return pr, rc, 2 * pr * rc / max(1e-9, pr + rc)


def main() -> None:
    pages = [p for p in load_pages() if half(p["id"]) == "tuning"]
    X, y, groups, spans = [], [], [], []
    for g, page in enumerate(pages):
        for rows, labels in page_articles(page):
            spans.append((len(X), len(X) + len(rows)))
            X += rows
            y += labels
            groups += [g] * len(rows)
    X, y, groups = np.array(X), np.array(y), np.array(groups)
    print(f"{len(pages)} tuning pages, {len(y)} lines {dict(Counter(y.tolist()))}")
    scores = {}
    for c in GRID:  # both stages out of fold, by page
        X2 = with_context(X, out_of_fold(X, y, groups, c), spans)
        scores[c] = body_f1(y, out_of_fold(X2, y, groups, c))
        print(f"  C {c:<5} stage 2 out of fold: body P {scores[c][0]:.4f} R {scores[c][1]:.4f} F1 {scores[c][2]:.4f}")
    c = max(GRID, key=lambda k: scores[k][2])
    X2 = with_context(X, out_of_fold(X, y, groups, c), spans)
    OUT.write_text(json.dumps({
        "about": "clean-stage line classifier; trained by scripts/train_clean.py on the tuning half of "
                 "bench/pages (scrapinghub article-extraction benchmark pages, MIT)",
        "C": c, "classes": list(CLASSES), "features": list(NAMES), "context": list(learned.CONTEXT),
        "stage1": fit(X, y, c), "stage2": fit(X2, y, c)}) + "\n", encoding="utf-8")
    print(f"C {c} -> {OUT}")


if __name__ == "__main__":
    main()
