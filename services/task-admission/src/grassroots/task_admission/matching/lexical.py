"""The lexical score of a text against every duty item: jieba words with the catalog's own terms,
plus character bigrams. In [0, 1], the weighted mean of
- coverage: the IDF-weighted share of the item's title and keywords the text contains, on jieba
  words (with the catalog's own terms) and on character bigrams (which catch paraphrases that
  segment differently);
- BM25 over title, keywords, duties and examples, divided by the item's BM25 against itself.
The BM25 is written here: `bm25s` ranked no better on the labelled set (see the admission bench).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import jieba

from grassroots.common.catalog.models import DutyItem

_K1 = 1.2
_B = 0.75
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# Words every department writes whatever it asks: they carry no signal about the duty.
_STOP_TEXT = """的 和 与 及 或 等 各 为 对 在 由 将 把 并 请 于 了 是 有 按 按照 根据 要求 工作 开展 做好 组织
    落实 加强 推进 进一步 切实 认真 全面 相关 有关 情况 乡镇 街道 村 社区 各乡镇 各村 县 全县 本
    通知 文件 部署 精神 确保 及时 务必 报送 上报 以下 如下 事项 任务 一 二 三 负责 做
    好 辖区 日常 我局 局 部门 单位 需要 需 进行 实施 做到 具体 安排 期间 前 后 月 日 年"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_LOCK = threading.Lock()
_ADDED: set[str] = set()


def _add_words(words: set[str]) -> None:
    with _LOCK:
        for word in words - _ADDED:
            jieba.add_word(word, freq=2000)
            _ADDED.add(word)


def words(text: str) -> list[str]:
    """Search-mode jieba tokens without stopwords and punctuation."""
    return [
        w
        for w in jieba.cut_for_search(text)
        if len(w) > 1 and w not in STOPWORDS and _WORD.search(w)
    ]


def bigrams(text: str) -> list[str]:
    """Character bigrams of the Chinese runs of a text."""
    out: list[str] = []
    for run in _CJK.findall(text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _item_fields(item: DutyItem) -> tuple[str, str]:
    strong = " ".join([item.title, item.title, *item.keywords, *item.keywords])
    weak = " ".join(
        s
        for s in (item.category, item.township_duties, item.department_duties, *item.examples)
        if s and not (item.list == "withdrawn" and s == item.department_duties)
    )
    return strong, weak


@dataclass
class _Field:
    """One token view (words or bigrams) of every item: term weights, IDF, lengths."""

    docs: list[Counter[str]]
    idf: dict[str, float] = field(default_factory=dict)
    avg_len: float = 1.0

    def __post_init__(self) -> None:
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs) or 1
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.avg_len = sum(sum(d.values()) for d in self.docs) / n or 1.0
        self.self_bm25 = [self.bm25(i, Counter(d.keys())) or 1.0 for i, d in enumerate(self.docs)]

    def bm25(self, i: int, query: Counter[str]) -> float:
        doc = self.docs[i]
        length = sum(doc.values())
        total = 0.0
        for term in query:
            tf = doc.get(term, 0)
            if tf:
                norm = tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / self.avg_len))
                total += self.idf[term] * norm
        return total

    def relative_bm25(self, i: int, query: Counter[str]) -> float:
        return min(1.0, self.bm25(i, query) / self.self_bm25[i])

    def coverage(self, i: int, strong: Counter[str], query: Counter[str]) -> float:
        mass = sum(self.idf[t] for t in strong) or 1.0
        return sum(self.idf[t] for t in strong if t in query) / mass


def _doc(strong: list[str], weak: list[str]) -> Counter[str]:
    counts = Counter(strong)
    counts.update(weak)
    return counts


class LexicalIndex:
    """The duty items of one catalog version, ready to score texts against."""

    def __init__(self, items: list[DutyItem]) -> None:
        self.items = items
        vocabulary = {k for item in self.items for k in item.keywords if len(k) > 1}
        vocabulary |= {item.title for item in self.items}
        _add_words(vocabulary)
        fields = [_item_fields(item) for item in self.items]
        self.strong_words = [Counter(words(s)) for s, _ in fields]
        self.strong_bigrams = [Counter(bigrams(s)) for s, _ in fields]
        self.words = _Field([_doc(words(s), words(w)) for s, w in fields])
        self.bigrams = _Field([_doc(bigrams(s), bigrams(w)) for s, w in fields])
        self.explainers = [_explainers(item) for item in self.items]

    def scores(self, text: str, rows: list[int]) -> list[float]:
        """The lexical score of each item in `rows` for a text."""
        query_words = Counter(words(text))
        query_bigrams = Counter(bigrams(text))
        return [
            0.3 * self.words.coverage(i, self.strong_words[i], query_words)
            + 0.2 * self.bigrams.coverage(i, self.strong_bigrams[i], query_bigrams)
            + 0.3 * self.words.relative_bm25(i, query_words)
            + 0.2 * self.bigrams.relative_bm25(i, query_bigrams)
            for i in rows
        ]

    def word_idf(self) -> dict[str, float]:
        """The catalog's words (the vocabulary a text's clauses are weighed by)."""
        return self.words.idf

    def terms(self, i: int, text: str) -> tuple[str, ...]:
        """Whole words of the item found in the text, rarest first, none inside another."""
        found = [t for t in self.explainers[i] if t in text]
        kept = [t for t in found if not any(t != o and t in o for o in found)]
        kept.sort(key=lambda t: (-self.words.idf.get(t, self.bigrams.idf.get(t[:2], 0.0)), t))
        return tuple(dict.fromkeys(kept))[:8]


def _explainers(item: DutyItem) -> list[str]:
    """The words that may explain a match: keywords, and title and duty words in precise mode."""
    texts = [item.title, item.township_duties or "", *item.examples]
    cut = [w for t in texts for w in jieba.cut(t)]
    out = [k for k in item.keywords if len(k) > 1]
    out += [w for w in cut if len(w) > 1 and w not in STOPWORDS and _WORD.search(w)]
    return list(dict.fromkeys(out))
