"""Dutch text: analysis, stemming, sentences, thesaurus, privacy and question analysis."""
