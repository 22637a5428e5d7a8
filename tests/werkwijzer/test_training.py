"""Training on small hand-made inputs: labels, the answerability threshold, and all three models fitted."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.learned import ANSWERABLE_FEATURES
from assistant.answer.units import UNIT_FEATURES
from assistant.search.features import PASSAGE_FEATURES
from tests.assistant.small_corpus import ALMERE, TESTDORP
from werkwijzer import training
from werkwijzer.evaluation import EvalQuestion, Source


def _q(qid: str, question: str, *, doc: str = "", quote: str = "", must: tuple[str, ...] = (),
       kind: str = "factoid") -> EvalQuestion:
    sources = (Source(f"{doc}.txt", quote),) if doc else ()
    return EvalQuestion(id=qid, type=kind, question=question, must_mention=must, sources=sources)


def test_a_unit_is_labelled_by_its_gold_quote_or_a_must_mention_term() -> None:
    q = _q("q", "Wat kost het?", doc=TESTDORP, quote="kost gemiddeld 4.500 euro per kandidaat", must=("4.500",))
    assert training.unit_label(q, TESTDORP, "Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat.") == 1
    assert training.unit_label(q, ALMERE, "Het kost 4500 euro.") == 1  # the must-mention figure, any document
    assert training.unit_label(q, TESTDORP, "De gemeente betaalt het traject.") == 0
    # A unit that is part of a longer gold quote counts too.
    long = _q("l", "?", doc=TESTDORP, quote="Het Werkbedrijf Testdorp begeleidt jaarlijks 120 kandidaten naar "
              "betaald werk. De jobcoach blijft na plaatsing een half jaar betrokken")
    assert training.unit_label(long, TESTDORP, "Het Werkbedrijf Testdorp begeleidt jaarlijks 120 kandidaten naar "
                               "betaald werk.") == 1


def test_the_threshold_refuses_at_most_the_allowed_share_of_answerable_questions() -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(size=400)
    y = (rng.uniform(size=400) < 0.8).astype(int)
    t = training.choose_threshold(p, y)
    refused = float(np.mean(p[y == 1] < t))
    assert refused <= training.MAX_WRONG_REFUSAL
    assert refused >= training.MAX_WRONG_REFUSAL - 2 / (y == 1).sum()  # and not much less: the highest such cut
    assert training.choose_threshold(p, np.zeros(400, dtype=int)) == 0.5


QUESTIONS = [
    _q("c1", "Wat kost een werkfit-traject?", doc=TESTDORP, quote="kost gemiddeld 4.500 euro", must=("4.500",)),
    _q("c2", "Hoeveel kandidaten begeleidt het Werkbedrijf Testdorp?", doc=TESTDORP,
       quote="begeleidt jaarlijks 120 kandidaten", must=("120",)),
    _q("c3", "Wat zijn de succesfactoren?", doc=TESTDORP, quote="een vaste jobcoach voor elke kandidaat"),
    _q("c4", "Hoeveel deelnemers in Almere hadden een baan?", doc=ALMERE, quote="40 procent van de deelnemers",
       must=("40",)),
    _q("c5", "Met wie werkt de gemeente Almere samen?", doc=ALMERE, quote="werkt samen met zorgaanbieders"),
    _q("c6", "Lopen deelnemers eerst stage?", doc=ALMERE, quote="lopen eerst een stage bij een werkgever"),
    _q("u1", "Hoeveel kost een parkeervergunning in Zwolle?", kind="unanswerable"),
    _q("u2", "Wie is de burgemeester van Groningen?", kind="unanswerable"),
    _q("u3", "Welke sporten biedt de voetbalclub aan?", kind="unanswerable"),
]


@pytest.fixture(scope="module")
def examples(small_core, small_index) -> list[training.Example]:  # noqa: ANN001
    return training.examples(small_index, small_core.retriever.featurizer, QUESTIONS)


def test_examples_label_the_candidates_that_hold_a_gold_quote(examples, small_index) -> None:  # noqa: ANN001
    by_id = {e.question.id: e for e in examples}
    costs = by_id["c1"]
    labelled = {small_index.passages[int(r)].section for r, y in zip(costs.rows, costs.labels, strict=True) if y}
    assert labelled == {"3 Kosten"}
    assert costs.features.shape == (len(costs.rows), len(PASSAGE_FEATURES))
    assert by_id["u1"].labels.sum() == 0  # no sources, no positives


def test_a_follow_up_is_left_to_its_conversation(small_core, small_index) -> None:  # noqa: ANN001
    follow = EvalQuestion(id="f", type="factoid", question="En hoe lang?", follow_up_of="c1",
                          sources=(Source(f"{TESTDORP}.txt", "x"),))
    assert training.examples(small_index, small_core.retriever.featurizer, [follow]) == []


def test_all_three_models_are_fitted_on_their_features(examples, small_index) -> None:  # noqa: ANN001
    models = training.fit_all(small_index, examples, k=5, read=training.READ)
    assert models.passages.features == PASSAGE_FEATURES
    assert models.units.features == UNIT_FEATURES
    assert models.answerable.features == ANSWERABLE_FEATURES
    assert 0.0 <= models.answerable.threshold <= 1.0
    # The fitted ranker puts the costs passage first for the costs question it was trained on.
    costs = next(e for e in examples if e.question.id == "c1")
    hits = training.ranked_hits(small_index, costs, models.passages, k=3)
    assert hits[0].passage.section == "3 Kosten"
    # Seeded: fitting twice gives the same numbers.
    again = training.fit_all(small_index, examples, k=5, read=training.READ)
    assert np.array_equal(models.units.weights, again.units.weights)


def _write(path, questions) -> None:  # noqa: ANN001
    import json

    lines = [
        json.dumps({"id": q.id, "type": q.type, "question": q.question, "lang": q.lang, "follow_up_of": None,
                    "answer": "", "must_mention": list(q.must_mention),
                    "sources": [{"doc": s.doc, "quote": s.quote} for s in q.sources]})
        for q in questions
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_only_questions_teach_every_fold_and_are_never_scored(small_core, embedder, tmp_path,  # noqa: ANN001
                                                                    monkeypatch) -> None:  # noqa: ANN001
    from werkwijzer import crossval

    scored, extra = tmp_path / "scored.jsonl", tmp_path / "extra.jsonl"
    _write(scored, QUESTIONS[:4] + QUESTIONS[6:8])
    _write(extra, [QUESTIONS[4], QUESTIONS[5], QUESTIONS[8]])
    fitted_on: list[set[str]] = []
    real_fit = training.fit_all

    def spy(index, data, **kw):  # noqa: ANN001, ANN003, ANN202
        fitted_on.append({d.question.id for d in data})
        return real_fit(index, data, **kw)

    monkeypatch.setattr(training, "fit_all", spy)
    summary = crossval.cross_validate(
        small_core.settings, [scored], folds=2, train_only=[extra], embedder=embedder
    )
    assert {r["id"] for r in summary["results"]} == {"c1", "c2", "c3", "c4", "u1", "u2"}
    assert fitted_on and all({"c5", "c6", "u3"} <= ids for ids in fitted_on)
    # A scored question is never in the training data of the fold that scores it.
    assert all(len(ids & {"c1", "c2", "c3", "c4", "u1", "u2"}) < 6 for ids in fitted_on)
