"""The bundled prompt files (package data: *.md), read by assistant.prompts through importlib.resources."""
