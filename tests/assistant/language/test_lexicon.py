"""The corpus lexicon: lines become thesaurus groups; a query word finds the corpus word it stands for."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigurationError
from assistant.language.lexicon import Lexicon, parse
from assistant.language.thesaurus import Thesaurus


def test_a_line_gives_a_synonym_group_and_english_groups() -> None:
    groups = parse(["jobcoach\twerkbegeleider, coach\tjob coach"])
    kinds = {(g.kind, g.terms) for g in groups}
    assert ("~", ("jobcoach", "werkbegeleider", "coach")) in kinds
    assert ("en", ("job coach", "jobcoach")) in kinds


def test_a_typed_synonym_expands_to_the_corpus_word() -> None:
    lexicon = Thesaurus(parse(["looptijd\tduur, doorlooptijd\tduration"]))
    assert "looptijd" in {e.text for e in lexicon.expand("wat is de duur van het traject")}
    assert "looptijd" in {e.text for e in lexicon.expand("what is the duration")}


def test_a_malformed_line_names_its_number() -> None:
    with pytest.raises(ConfigurationError, match="line 2"):
        parse(["# comment", "only one field"])


def test_the_bundled_lexicon_knows_demonyms_of_places() -> None:
    lexicon = Lexicon.bundled()
    assert lexicon is not None
    assert "den haag" in {e.text for e in lexicon.expand("haagse aanpak")}
