"""Duty-item matching (事项匹配): the lexical score and the sentence-vector similarity, fused.

Both engines read the text's request (notice.py: the formulas a notice wraps it in left out). A
candidate's score is the calibrated probability that it is the text's item (logistic over the
lexical score, the similarity standardised against the same catalog level and the cosine itself,
coefficients in calibration.py), so a policy threshold means the same in every county's catalog. Without the
sentence model the score is the lexical-only calibration (and the fallback is counted).

Each catalog version is indexed once per process (keyed by county and version; versions never
change); its item vectors once per content on disk (dense.py); a query is embedded once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from grassroots.common.catalog import CatalogDocument
from grassroots.common.catalog.models import DutyItem
from grassroots.task_admission.matching import calibration, dense, notice
from grassroots.task_admission.matching.lexical import LexicalIndex, words

_CLAUSE = re.compile(r"[^,，。;；:：!！?？\n]+")


@dataclass(frozen=True)
class Match:
    """A ranked duty item for a text, with what explains its rank."""

    code: str
    title: str
    list: str
    level: str
    score: float
    matched_terms: tuple[str, ...]
    similarity: float | None  # cosine of the text and the item's nearest phrasing; None: no model
    lexical: float


def item_passages(item: DutyItem, lead: str = "") -> list[str]:
    """What an item's vectors are made of: its description (title, keywords, duties and the name
    of its lead department, which says whose field it is), then each example phrasing."""
    duties = f"{item.township_duties or ''}{lead}{item.department_duties or ''}"
    head = f"{item.title}。{'、'.join(item.keywords)}。{duties}"
    return [head, *item.examples]


class CatalogIndex:
    """The duty items of one catalog version, ready to rank texts against."""

    def __init__(self, document: CatalogDocument) -> None:
        self.items = list(document.duty_items)
        self.lexical = LexicalIndex(self.items)
        self.by_level = {
            level: [i for i, item in enumerate(self.items) if item.level == level]
            for level in ("township", "village")
        }
        self.vectors: np.ndarray | None = None
        self.owner: np.ndarray = np.zeros(0, dtype=np.int32)  # vector row -> item
        self.is_example: np.ndarray = np.zeros(0, dtype=bool)
        found = dense.model()
        if found is not None:
            units = {unit.code: unit.name for unit in document.org_units}
            passages = [
                (i, k > 0, p)
                for i, item in enumerate(self.items)
                for k, p in enumerate(
                    item_passages(item, units.get(item.lead_department or "", ""))
                )
            ]
            self.vectors = dense.passage_vectors(found, [p for _, _, p in passages])
            self.owner = np.array([i for i, _, _ in passages], dtype=np.int32)
            self.is_example = np.array([e for _, e, _ in passages], dtype=bool)

    def similarities(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Each item's nearness to a request (notice.request), as best_per_item measures it
        (None without the model)."""
        found = dense.model()
        if found is None or self.vectors is None:
            return None
        query = dense.query_vector(found, focus(text, self.lexical.word_idf()))
        return best_per_item(self.vectors @ query, self.owner, self.is_example, len(self.items))

    def match(self, text: str, level: str | None = None, limit: int = 5) -> list[Match]:
        """The best `limit` items of a level for a text, best first, judged on its request."""
        rows = self.by_level[level] if level else list(range(len(self.items)))
        if not rows:
            return []
        asked = notice.request(text)
        lexical = np.array(self.lexical.scores(asked, rows))
        found = self.similarities(asked)
        similar: np.ndarray | None = None
        if found is None:
            dense.FALLBACKS.inc()
            scores = calibration.lexical_only(lexical)
        else:
            standard, cosine, on_scale = found
            similar = cosine[rows]
            scores = calibration.hybrid(lexical, standard[rows], on_scale[rows])
        order = sorted(range(len(rows)), key=lambda r: (-scores[r], self.items[rows[r]].code))
        return [
            self._match(rows[r], float(scores[r]), float(lexical[r]), similar, r, asked)
            for r in order[:limit]
        ]

    def _match(
        self, i: int, score: float, lexical: float, similar: np.ndarray | None, r: int, text: str
    ) -> Match:
        item = self.items[i]
        return Match(
            code=item.code,
            title=item.title,
            list=item.list,
            level=item.level,
            score=round(score, 4),
            matched_terms=self.lexical.terms(i, text),
            similarity=None if similar is None else round(float(similar[r]), 4),
            lexical=round(lexical, 4),
        )


# the formulas notices open and close with, whatever they ask: never what a duty is about
_FORMULA_TEXT = """高度重视 专人 负责 联系人 电话 时限 规定 报送 通报 考核 书面 逾期 对接 部署 精神 研究 决定
    结合 实际 贯彻 职责 履行 通知 如下 落地 见效 督导 巩固 成果 常态 长效 党组 压实 责任 原则 纳入
    目标 抓好 方案 另行 下发 提前 安排 总结 材料 进展 反馈 文件 上级 县委 县政府 政府 务必"""
FORMULAS = frozenset(_FORMULA_TEXT.split())


MIN_EXAMPLES = 30  # example phrasings a catalog needs before they are standardised on their own


def best_per_item(
    cosines: np.ndarray, owner: np.ndarray, is_example: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per item: the best z-score of its phrasings, the cosine of that phrasing (what a reviewer
    is shown), and the cosine a description with that z-score would have (what calibration
    reads, so that a catalog's examples do not make its scores overconfident).

    Descriptions and example phrasings are standardised apart, each kind over its own rows: a
    demand resembles every demand-worded example more than any description."""
    standard = np.empty_like(cosines)
    heads = cosines[~is_example]
    examples = cosines[is_example]
    mean, spread = float(heads.mean()), float(heads.std()) or 1.0
    standard[~is_example] = (heads - mean) / spread
    if len(examples) >= MIN_EXAMPLES:
        standard[is_example] = (examples - examples.mean()) / (float(examples.std()) or 1.0)
    elif len(examples):  # too few to have a distribution of their own: judged as descriptions
        standard[is_example] = (examples - mean) / spread
    best = np.full(n, -np.inf, dtype=np.float64)
    np.maximum.at(best, owner, standard)
    chosen = np.full(n, -1.0, dtype=np.float64)
    hit = standard == best[owner]
    np.maximum.at(chosen, owner[hit], cosines[hit])
    return best, chosen, mean + best * spread


def focus(text: str, vocabulary: Mapping[str, float], budget: int = dense.QUERY_CHARS) -> str:
    """The clauses of a text that say most about duties, in their order, within `budget` chars.

    A clause's weight is how many of its words the duty list uses, per character; the formulas
    notices open and close with (高度重视、明确专人…) count for nothing. Embedding the ask alone is
    faster (the model's cost grows with length) and ranks better.
    """
    clauses = [c.strip() for c in _CLAUSE.findall(text) if c.strip()]
    if sum(len(c) for c in clauses) <= budget:
        return "，".join(clauses)

    def weight(clause: str) -> float:
        found = [w for w in words(clause) if w in vocabulary and w not in FORMULAS]
        return len(found) / (len(clause) + 4)

    weights = [weight(c) for c in clauses]
    chosen: set[int] = set()
    used = 0
    for k in sorted(range(len(clauses)), key=lambda k: (-weights[k], k)):
        if not chosen or (weights[k] > 0 and used + len(clauses[k]) <= budget):
            chosen.add(k)
            used += len(clauses[k])
    return "，".join(clauses[k] for k in sorted(chosen))[: budget * 2]


_INDEXES: dict[tuple[str, str], CatalogIndex] = {}
_LOCK = threading.Lock()


def index_for(document: CatalogDocument) -> CatalogIndex:
    """The index of a catalog version, built once per process."""
    key = (document.county.code, document.version)
    index = _INDEXES.get(key)
    if index is None:
        with _LOCK:
            index = _INDEXES.get(key)
            if index is None:
                index = CatalogIndex(document)
                _INDEXES[key] = index
    return index


def forget_indexes() -> None:
    """Drops every built index (after the model changes: tests, a fallback recovered)."""
    with _LOCK:
        _INDEXES.clear()
