"""Answerers: extractive (default, offline) and LLM (OpenAI-compatible endpoint through LangChain)."""
