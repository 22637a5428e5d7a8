"""Werkwijzer core: settings, types, ports and the retrieve → answer → cite pipeline."""
