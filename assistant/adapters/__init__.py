"""Adapters to outside libraries: sentence-transformers, Chroma, cross-encoders, LangChain."""
