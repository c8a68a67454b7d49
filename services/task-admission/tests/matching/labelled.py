"""The labelled set and the two counties' catalogs it is labelled against (bench, fit and tests)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grassroots.common.catalog import CatalogDocument, validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.matching import calibration, dense, notice
from grassroots.task_admission.matching.engine import CatalogIndex, best_per_item, focus

HERE = Path(__file__).parent
LABELLED = HERE / "labelled_set.json"


def entries(split: str | None = None) -> list[dict[str, Any]]:
    """The labelled texts, all or one part (`tuning` or `held_out`)."""
    found: list[dict[str, Any]] = json.loads(LABELLED.read_text(encoding="utf-8"))
    return [e for e in found if split is None or e["split"] == split]


def _second_county_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(
        (HERE / "texts/second_county_items.json").read_text(encoding="utf-8")
    )
    return items


def document(county: str, examples: dict[str, list[str]] | None = None) -> CatalogDocument:
    """A county's catalog, its items carrying `examples` (code -> phrasings) when given."""
    raw = demo_catalog()
    if county == "second":  # its list on the demo county's units (matching reads only the items)
        lead = next(i["lead_department"] for i in raw["duty_items"] if i["list"] == "assist")
        raw["version"] = "second-2026.1"
        raw["duty_items"] = [
            item | ({"lead_department": lead} if item["list"] in ("assist", "withdrawn") else {})
            for item in _second_county_items()
        ]
    if examples:
        raw["version"] += "+examples"
        for item in raw["duty_items"]:
            item["examples"] = examples.get(item["code"], [])[:50]
    return validate_catalog(raw)


def tuning_examples(county: str) -> dict[str, list[str]]:
    """The tuning part's asks as example phrasings of their items (what reviewers would teach)."""
    out: dict[str, list[str]] = defaultdict(list)
    for entry in entries("tuning"):
        if entry["county"] == county and entry["code"] is not None:
            out[entry["code"]].append(entry["ask"])
    return dict(out)


@dataclass
class Scored:
    """One text's evidence for every item of its level."""

    entry: dict[str, Any]
    codes: list[str]
    lists: list[str]
    lexical: np.ndarray
    cosine: np.ndarray | None  # the similarity standardised per kind (engine.best_per_item)
    raw: np.ndarray | None  # the cosine on the descriptions' scale (engine.best_per_item)

    def ranked(self, scores: np.ndarray) -> list[str]:
        order = sorted(range(len(self.codes)), key=lambda r: (-scores[r], self.codes[r]))
        return [self.codes[r] for r in order]


def score_all(index: CatalogIndex, texts: list[dict[str, Any]]) -> list[Scored]:
    """The lexical scores and cosines of texts against an index, on each text's request as the
    engine judges it (queries embedded in one batch)."""
    found = dense.model()
    asks = [notice.request(e["text"]) for e in texts]
    cosines: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = [None] * len(texts)
    if found is not None and index.vectors is not None:
        idf = index.lexical.word_idf()
        queries = dense.query_vectors(found, [focus(a, idf) for a in asks])
        for k, query in enumerate(queries):
            cosines[k] = best_per_item(
                index.vectors @ query, index.owner, index.is_example, len(index.items)
            )
    out = []
    for k, entry in enumerate(texts):
        rows = index.by_level[entry["level"]]
        nearness = cosines[k]
        out.append(
            Scored(
                entry=entry,
                codes=[index.items[i].code for i in rows],
                lists=[index.items[i].list for i in rows],
                lexical=np.array(index.lexical.scores(asks[k], rows)),
                cosine=None if nearness is None else nearness[0][rows],
                raw=None if nearness is None else nearness[2][rows],
            )
        )
    return out


def hybrid(s: Scored) -> np.ndarray:
    assert s.cosine is not None and s.raw is not None
    return calibration.hybrid(s.lexical, s.cosine, s.raw)
