"""The hybrid engine: fusion, item vectors embedded once per content, the query once, the lexical
fallback (counted, and reported by /readyz), explanations made of whole words."""

import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.matching import calibration, dense, engine
from grassroots.task_admission.matching.engine import CatalogIndex
from grassroots.task_admission.matching.lexical import bigrams

sys.path.insert(0, str(Path(__file__).parent))
import labelled


class BagOfBigrams:
    """A sentence model a test can reason about: hashed character bigrams, unit length."""

    def __init__(self) -> None:
        self.passages: list[str] = []
        self.queries: list[str] = []

    def _embed(self, texts):
        out = np.zeros((len(texts), dense.DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for gram in bigrams(text):
                out[row, int(hashlib.md5(gram.encode()).hexdigest(), 16) % dense.DIMENSIONS] += 1
            out[row] /= np.linalg.norm(out[row]) or 1.0
        return out

    def passage(self, texts):
        self.passages += list(texts)
        return self._embed(texts)

    def query(self, texts):
        self.queries += list(texts)
        return self._embed(texts)


@pytest.fixture
def fake(tmp_path):
    model = BagOfBigrams()
    dense.configure(enabled=True, cache_dir=tmp_path)
    dense.use(model)
    yield model
    dense.configure(enabled=True, cache_dir=dense.DEFAULT_CACHE)
    dense.reset()
    engine.forget_indexes()


@pytest.fixture
def model_away():
    dense.use(None, "sentence model unavailable: test")
    engine.forget_indexes()
    yield
    dense.reset()
    engine.forget_indexes()


def _catalog(**changed_titles):
    raw = demo_catalog()
    for item in raw["duty_items"]:
        item["title"] = changed_titles.get(item["code"], item["title"])
    return validate_catalog(raw)


def test_item_vectors_are_embedded_once_per_content_and_kept_on_disk(fake, tmp_path):
    CatalogIndex(_catalog())
    first = len(fake.passages)
    assert first >= 450 and list(tmp_path.glob("passage-*.npz"))
    CatalogIndex(_catalog())  # a restart: read from disk
    assert len(fake.passages) == first
    CatalogIndex(_catalog(**{"T-B-001": "组织开展森林防火宣传教育和巡山护林"}))  # the next version
    assert fake.passages[first:] == [
        engine.item_passages(
            _catalog(**{"T-B-001": "组织开展森林防火宣传教育和巡山护林"}).duty_item("T-B-001")
        )[0]
    ]


def test_a_cache_that_cannot_be_written_costs_only_the_cache(fake, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    dense.configure(enabled=True, cache_dir=blocked / "vectors")  # mkdir fails: read-only root
    index = CatalogIndex(_catalog())
    assert index.vectors is not None and index.match("巡山护林", level="township")


def test_a_query_is_embedded_once(fake):
    index = CatalogIndex(_catalog())
    text = "请各乡镇加强巡山护林,严管野外用火"
    first = index.match(text, level="township")
    again = index.match(text, level="township")
    assert first == again and len(fake.queries) == 1
    assert first[0].similarity is not None and 0 <= first[0].score <= 1


def test_without_the_model_matching_is_lexical_and_counted(model_away):
    before = dense.FALLBACKS._value.get()
    found = CatalogIndex(_catalog()).match("请各乡镇加强巡山护林,严管野外用火", level="township")
    assert dense.FALLBACKS._value.get() == before + 1
    assert found[0].code in ("T-B-001", "T-B-002") and found[0].similarity is None
    assert all(0 < m.score < 1 for m in found)
    assert dense.degradation() == "sentence model unavailable: test"


async def test_readyz_reports_lexical_matching_as_a_degradation(api, model_away):
    _, client, _ = api
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "degraded" and body["checks"]["matching"] == "degraded"
    assert body["details"]["matching"] == "sentence model unavailable: test"


def test_fusion_weighs_both_kinds_of_evidence():
    lexical = np.array([0.5, 0.5, 0.1, 0.0])
    cosine = np.array([0.80, 0.90, 0.90, 0.70])
    scores = calibration.hybrid(lexical, cosine, cosine)
    assert np.all((scores > 0) & (scores < 1))
    assert scores[1] > scores[0]  # same words, closer meaning
    assert scores[1] > scores[2]  # same meaning, more of the item's words
    assert scores[3] == scores.min()
    assert np.all(np.diff(calibration.lexical_only(np.array([0.0, 0.2, 0.4, 0.6]))) > 0)


def test_explanations_are_whole_words_of_the_item():
    index = CatalogIndex(_catalog())
    [top] = index.match("进入防火期后请各乡镇严管野外用火,加强巡山", level="township", limit=1)
    terms = top.matched_terms
    assert "野外用火" in terms and "外用" not in terms
    assert not any(a != b and a in b for a in terms for b in terms)


def test_scores_are_calibrated_alike_in_both_counties():
    """On held-out texts (never tuned on) of each county, the top score is about the chance the
    top is right, so the policy threshold means the same in both catalogs."""
    held = labelled.entries("held_out")
    for county in ("demo", "second"):
        texts = [e for e in held if e["county"] == county][::2][:60]
        index = CatalogIndex(labelled.document(county))
        tops = []
        for s in labelled.score_all(index, texts):
            scores = labelled.hybrid(s)
            tops.append((float(scores.max()), s.ranked(scores)[0] == s.entry["code"]))
        predicted = np.mean([p for p, _ in tops])
        right = np.mean([ok for _, ok in tops])
        assert abs(predicted - right) < 0.15, (county, predicted, right)
        sure = [ok for p, ok in tops if p >= 0.35]
        assert sure and np.mean(sure) >= right, county  # above the threshold: more often right
