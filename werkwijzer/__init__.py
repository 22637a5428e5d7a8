"""Composition root and command line: wires assistant, ingest and api together from one Settings."""
