"""Matching benchmark on the HELD-OUT part of the labelled set, both counties (python, not pytest).

Every engine is run in the same process on the same texts: the lexical engine alone (the
baseline), pure BM25 hand-written and from `bm25s`, the sentence vectors alone, reciprocal-rank
fusion, the fitted blend (what the gate uses) and the fitted blend on catalogs carrying the
tuning part's asks as examples (the catalog after its reviewers' lessons). Then the gate itself:
disguised withdrawn/negative demands flagged, legitimate ones wrongly rejected, calibration.

python services/task-admission/tests/matching/bench_matching.py [--json]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from grassroots.task_admission.demands.rules import (
    CheckContext,
    DemandDraft,
    effective_item,
    rule_text_match,
)
from grassroots.task_admission.matching import dense
from grassroots.task_admission.matching.engine import CatalogIndex, Match
from grassroots.task_admission.matching.lexical import words

sys.path.insert(0, str(Path(__file__).parent))
from labelled import Scored, document, entries, hybrid, score_all, tuning_examples

Scorer = Callable[[Scored], np.ndarray]


def _ranks(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(-values))


def rrf(s: Scored, k: int = 60) -> np.ndarray:
    assert s.cosine is not None
    return 1 / (k + _ranks(s.lexical)) + 1 / (k + _ranks(s.cosine))


def _rates(rows: list[Scored], scorer: Scorer) -> dict[str, float | int]:
    """Top-1 and top-3 of the texts that have an item (the unlisted are judged by the gate)."""
    ranked = [(s.entry["code"], s.ranked(scorer(s))) for s in rows if s.entry["code"]]
    n = len(ranked) or 1
    return {
        "n": len(ranked),
        "top1": round(sum(r[:1] == [c] for c, r in ranked) / n, 3),
        "top3": round(sum(c in r[:3] for c, r in ranked) / n, 3),
    }


def _subsets(rows: list[Scored], scorer: Scorer) -> dict[str, dict[str, float | int]]:
    return {
        "overall": _rates(rows, scorer),
        "no_shared_keyword": _rates([s for s in rows if not s.entry["shares_keyword"]], scorer),
        "paraphrase": _rates([s for s in rows if s.entry["paraphrase"]], scorer),
        "demo": _rates([s for s in rows if s.entry["county"] == "demo"], scorer),
        "second": _rates([s for s in rows if s.entry["county"] == "second"], scorer),
    }


class PureBM25:
    """Plain BM25 over an index's word documents: the hand-written one and bm25s's, side by side."""

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        docs = [list(d.elements()) for d in index.lexical.words.docs]
        self.bm25s = bm25s.BM25(k1=1.2, b=0.75)
        self.bm25s.index(docs, show_progress=False)

    def hand(self, s: Scored) -> np.ndarray:
        query = dict.fromkeys(words(s.entry["text"]), 1)
        rows = self.index.by_level[s.entry["level"]]
        return np.array([self.index.lexical.words.bm25(i, query) for i in rows])  # type: ignore[arg-type]

    def library(self, s: Scored) -> np.ndarray:
        every = self.bm25s.get_scores(words(s.entry["text"]))
        return np.asarray(every)[self.index.by_level[s.entry["level"]]]


def _matches(s: Scored, scores: np.ndarray, index: CatalogIndex) -> list[Match]:
    order = np.argsort(-scores)[:5]
    rows = index.by_level[s.entry["level"]]
    out = []
    for r in order:
        item = index.items[rows[r]]
        out.append(
            Match(item.code, item.title, item.list, item.level, float(scores[r]), (), None, 0.0)
        )
    return out


def _gate_sees(
    s: Scored, scores: np.ndarray, index: CatalogIndex, named: str | None
) -> tuple[DemandDraft, CheckContext]:
    """The draft and context the gate would judge a labelled text by."""
    draft = DemandDraft(
        submitter="-", kind="task", title="", description=s.entry["text"],
        target_level=s.entry["level"], targets=(), deadline=date(2026, 12, 31), duty_item_code=named,
    )  # fmt: skip
    ctx = CheckContext(
        catalog=index_document[id(index)],
        matches=_matches(s, scores, index),
        today=date(2026, 12, 1),
    )
    return draft, ctx


def _refused(s: Scored, scores: np.ndarray, index: CatalogIndex, named: str | None) -> bool:
    draft, ctx = _gate_sees(s, scores, index, named)
    return any(r.effect == "reject" for r in rule_text_match(draft, ctx))


def _placed(s: Scored, scores: np.ndarray, index: CatalogIndex) -> bool:
    """Whether the gate would take an unlisted text for some item (no reviewer would see it)."""
    draft, ctx = _gate_sees(s, scores, index, None)
    return effective_item(draft, ctx) is not None or any(
        r.effect == "reject" for r in rule_text_match(draft, ctx)
    )


index_document: dict[int, Any] = {}


def _gate(rows: list[tuple[Scored, CatalogIndex]], scorer: Scorer) -> dict[str, Any]:
    disguised = [(s, i) for s, i in rows if s.entry["disguised"]]
    named = [(s, i) for s, i in disguised if s.entry["named"]]
    legit = [(s, i) for s, i in rows if s.entry["list"] in ("basic", "assist", "main")]
    unlisted = [(s, i) for s, i in rows if s.entry["list"] == "unlisted"]

    def share(
        pairs: list[tuple[Scored, CatalogIndex]], named_as: Callable[[Scored], str | None]
    ) -> float:
        hits = sum(_refused(s, scorer(s), i, named_as(s)) for s, i in pairs)
        return round(hits / (len(pairs) or 1), 3)

    return {
        "disguised_n": len(disguised),
        "disguised_flagged": share(disguised, lambda s: s.entry["named"]),
        "disguised_named_n": len(named),
        "disguised_named_flagged": share(named, lambda s: s.entry["named"]),
        "legit_n": len(legit),
        "legit_rejected_named": share(legit, lambda s: s.entry["code"]),
        "legit_rejected_unnamed": share(legit, lambda s: None),
        "unlisted_n": len(unlisted),
        "unlisted_placed": round(
            sum(_placed(s, scorer(s), i) for s, i in unlisted) / (len(unlisted) or 1), 3
        ),
        "unlisted_rejected": share(unlisted, lambda s: None),
    }


def _calibration(rows: list[Scored], scorer: Scorer) -> dict[str, float]:
    """Expected calibration error of the top score, per county (10 bins)."""
    out = {}
    for county in ("demo", "second"):
        tops = [(float(scorer(s).max()), s.ranked(scorer(s))[0] == s.entry["code"]) for s in rows
                if s.entry["county"] == county]  # fmt: skip
        error = 0.0
        for low in np.linspace(0, 0.9, 10):
            inside = [(p, ok) for p, ok in tops if low <= p < low + 0.1 + (low >= 0.9)]
            if inside:
                gap = abs(np.mean([p for p, _ in inside]) - np.mean([ok for _, ok in inside]))
                error += len(inside) / len(tops) * gap
        out[county] = round(float(error), 3)
    return out


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rewrapped(texts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Held-out asks in openings and closings no county of the set uses (texts/unseen_wrappers)."""
    wrappers = json.loads((Path(__file__).parent / "texts/unseen_wrappers.json").read_text("utf-8"))
    openings, closings = wrappers["openings"], wrappers["closings"]
    return [
        e | {"text": f"{openings[k % len(openings)]}{e['ask'].rstrip('。')}。"
                     f"{closings[(k * 5) % len(closings)]}"}
        for k, e in enumerate(texts)
    ]  # fmt: skip


def main() -> dict[str, Any]:
    held = entries("held_out")
    before = _rss_mib()
    started = time.perf_counter()
    found = dense.model()
    if found is not None:
        found.query(["加载"])  # the weights are read on first use
    model_mib = _rss_mib() - before
    plain, learned, pairs, pairs_learned, unseen = [], [], [], [], []
    for county in ("demo", "second"):
        texts = [e for e in held if e["county"] == county]
        for docs, into, pair in (
            (None, plain, pairs),
            (tuning_examples(county), learned, pairs_learned),
        ):
            doc = document(county, docs)
            index = CatalogIndex(doc)
            index_document[id(index)] = doc
            scored = score_all(index, texts)
            into += scored
            pair += [(s, index) for s in scored]
            if docs is None:
                unseen += score_all(index, rewrapped(texts))
                bm25 = PureBM25(index)
                for s in scored:
                    s.entry["_hand"], s.entry["_lib"] = bm25.hand(s), bm25.library(s)
    built = time.perf_counter() - started
    per_text = []
    index = CatalogIndex(document("demo"))
    for entry in held[:40]:
        t = time.perf_counter()
        index.match(entry["text"] + "。", level=entry["level"])  # not in the query memo
        per_text.append((time.perf_counter() - t) * 1000)
    return {
        "model": found is not None,
        "model_rss_mib": round(model_mib, 1),
        "index_and_score_s": round(built, 1),
        "match_ms_p50": round(float(np.percentile(per_text, 50)), 1),
        "match_ms_p95": round(float(np.percentile(per_text, 95)), 1),
        "tuning_n": len(entries("tuning")),
        "engines": {
            "lexical (baseline)": _subsets(plain, lambda s: s.lexical),
            "bm25 hand-written": _subsets(plain, lambda s: s.entry["_hand"]),
            "bm25 bm25s": _subsets(plain, lambda s: s.entry["_lib"]),
            "dense": _subsets(plain, lambda s: s.cosine),
            "rrf": _subsets(plain, rrf),
            "fitted blend": _subsets(plain, hybrid),
            "fitted blend + examples": _subsets(learned, hybrid),
        },
        "unseen_wrappers": {
            "lexical (baseline)": _rates(unseen, lambda s: s.lexical),
            "fitted blend": _rates(unseen, hybrid),
        },
        "gate": {
            "lexical (baseline)": _gate(pairs, lambda s: s.lexical),
            "fitted blend": _gate(pairs, hybrid),
            "fitted blend + examples": _gate(pairs_learned, hybrid),
        },
        "calibration_error": {
            "fitted blend": _calibration(plain, hybrid),
            "fitted blend + examples": _calibration(learned, hybrid),
        },
    }


if __name__ == "__main__":
    result = main()
    print(json.dumps(result, ensure_ascii=False, indent=1))
