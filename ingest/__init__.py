"""Ingestion: load publications, recognise their structure, chunk, embed and swap in a new index."""
