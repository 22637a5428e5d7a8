"""Chat: the Assistant (validate, redact, condense, retrieve, answer, store) and follow-up condensing."""
