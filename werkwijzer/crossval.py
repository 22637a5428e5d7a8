"""`werkwijzer eval --folds N`: every figure measured on questions the models were not fitted on.

The question files are pooled and split into folds by conversation family (a follow-up stays with
its parent). For each fold the three models are fitted on the other folds, a core is built with
them, and the fold's questions go through search and chat exactly as in `werkwijzer eval`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.ports import Embedder
from werkwijzer import evaluation, training
from werkwijzer.compose import build_embedder, build_search_parts
from werkwijzer.folds import assign_folds, load_sets


def cross_validate(
    settings: Settings,
    files: Sequence[Path],
    *,
    folds: int,
    train_only: Sequence[Path] = (),
    embedder: Embedder | None = None,
    only: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Pooled, per-fold, per-file and per-type figures of held-out questions.

    ``only`` scores just those folds (each still fitted on all the others): a quicker check.

    Questions of ``train_only`` files join every fold's training data and are never scored: written
    data (from the corpus alone) may teach the models, but only questions of the scored files measure.
    """
    from werkwijzer.compose import build_core
    from werkwijzer.eval_clients import in_process_calls

    embedder = embedder or build_embedder(settings)
    _, holder, _, featurizer = build_search_parts(settings, embedder)
    index = holder.current()
    sets = load_sets(files)
    questions = [q for _, q in sets]
    set_of = {q.id: name for name, q in sets}
    fold_of = assign_folds(questions, folds)
    data = training.examples(index, featurizer, questions)
    extra = training.examples(index, featurizer, [q for _, q in load_sets(train_only)]) if train_only else []
    results: list[evaluation.QuestionResult] = []
    per_fold: dict[str, Any] = {}
    for f in range(folds):
        if only is not None and f not in only:
            continue
        held_out = [q for q in questions if fold_of[q.id] == f]
        if not held_out:
            continue
        models = training.fit_all(
            index, [d for d in data if fold_of[d.question.id] != f] + extra, k=settings.chat_k, read=training.READ
        )
        core = build_core(settings, embedder=embedder, models=models)
        with in_process_calls(core) as calls:
            got = evaluation.run(held_out, search=calls.search, chat=calls.chat, passage=calls.passage)
        results.extend(got)
        per_fold[str(f)] = evaluation.summarise(got, chat_available=True)
    summary = evaluation.summarise(results, chat_available=True)
    summary["folds"] = {f: _brief(s) for f, s in per_fold.items()}
    summary["files"] = {
        name: _brief(evaluation.summarise([r for r in results if set_of[r.id] == name], chat_available=True))
        for name in dict.fromkeys(set_of.values())
    }
    return summary


def _brief(summary: dict[str, Any]) -> dict[str, Any]:
    answers = summary.get("answers") or {}
    follow = answers.get("follow_up") or {}
    return {
        "questions": summary["questions"],
        **{k: summary["retrieval"]["overall"][k] for k in ("hit@1", "hit@5", "hit@10", "mrr@10")},
        "coverage": answers.get("coverage"),
        "citation_support": answers.get("citation_support"),
        "refusal_unanswerable": answers.get("refusal_unanswerable"),
        "wrong_refusal_answerable": answers.get("wrong_refusal_answerable"),
        "follow_up_hit@5": follow.get("hit@5"),
    }


def format_brief(title: str, rows: dict[str, dict[str, Any]]) -> str:
    """A table of brief figures, one row per fold or file."""
    keys = ["questions", "hit@1", "hit@5", "hit@10", "mrr@10", "coverage", "citation_support",
            "refusal_unanswerable", "wrong_refusal_answerable", "follow_up_hit@5"]
    heads = ["n", "hit@1", "hit@5", "hit@10", "mrr", "cover", "support", "refuse-u", "refuse-a", "fu@5"]
    lines = [f"{title:<14}" + "".join(f"{h:>9}" for h in heads)]
    for name, row in rows.items():
        cells = []
        for key in keys:
            v = row.get(key)
            cells.append(f"{v:>9.3f}" if isinstance(v, float) else f"{'n/a' if v is None else v:>9}")
        lines.append(f"{name:<14}" + "".join(cells))
    return "\n".join(lines)
