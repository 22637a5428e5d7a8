"""HTTP edge: the FastAPI app (JSON API and the web page), built by ``create_app``."""
