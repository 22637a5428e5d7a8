"""Search: the lexical index, hybrid retrieval and the versioned index on disk."""
