"""Kennisbijeenkomst packs: value types (with the Refiner port's), the builder, LLM refinement and export."""
