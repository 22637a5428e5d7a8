"""The bundled thesaurus parses and expands abbreviations, synonyms and English words."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.language.thesaurus import Thesaurus, parse


def test_bundled_thesaurus_expands_abbreviations_both_ways() -> None:
    t = Thesaurus.bundled()
    assert {"werkgeversservicepunt"} <= {e.text for e in t.expand("Wat doet het WSP?")}
    assert "wsp" in {e.text for e in t.expand("het werkgeversservicepunt")}
    assert "loonkostensubsidie" in {e.text for e in t.expand("Hoe werkt LKS?")}


def test_english_words_map_to_dutch_and_plurals_match_by_stem() -> None:
    t = Thesaurus.bundled()
    found = {
        e.text: e.kind
        for e in t.expand("How do municipalities support day activities for employers?")
    }
    assert found["gemeenten"] == "en" and found["dagbesteding"] == "en" and "werkgever" in found


def test_general_words_reach_the_words_reports_use() -> None:
    t = Thesaurus.bundled()
    found = {e.text: e.kind for e in t.expand("Welke psychische klachten en eisen spelen een rol?")}
    assert found["mentaal"] == "=" and found["voorwaarde"] == "=" and found["taak"] == "~"


def test_longest_phrase_wins() -> None:
    t = Thesaurus(parse(["=\tsociale werkvoorziening\tsw", "=\tsociale\tmaatschappelijke"]))
    assert [e.text for e in t.expand("de sociale werkvoorziening")] == ["sw"]


def test_bad_lines_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="line 1"):
        parse(["?\tx\ty"])
    with pytest.raises(ConfigurationError, match="line 2"):
        parse(["# comment", "=\talleen"])
    with pytest.raises(ConfigurationError, match="No thesaurus file"):
        Thesaurus.from_file(tmp_path / "missing.tsv")


def test_an_english_group_triggers_on_its_english_word_only() -> None:
    t = Thesaurus(parse(["en\tjob coach\tjobcoach\tbegeleider", "~\tstage\twerkervaringsplaats"]))
    assert [(e.text, e.kind, e.trigger) for e in t.expand("What does a job coach do?")] == [
        ("jobcoach", "en", "job coach"), ("begeleider", "en", "job coach")]
    assert t.expand("Wat doet een begeleider?") == []  # the Dutch side does not trigger the English word
    assert [(e.text, e.kind) for e in t.expand("Een stage lopen")] == [("werkervaringsplaats", "~")]


def test_a_target_reached_twice_is_expanded_once_and_comments_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("# eigen lijst\n\n=\tuwv\twerkbedrijf\n=\tgemeente\twerkbedrijf\n", encoding="utf-8")
    t = Thesaurus.from_file(path)
    assert len(t.groups) == 2
    assert [e.text for e in t.expand("uwv en gemeente")] == ["werkbedrijf"]
