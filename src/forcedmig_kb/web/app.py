"""Compose the web service: load the knowledge base once, mount the routers.

``create_app(settings)`` only composes; each router owns its routes.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from .. import __version__
from ..loading import load_knowledge_base
from ..settings import Settings, get_settings
from ..store import open_store
from . import sparql


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application serving the knowledge base of ``settings.data_dir``."""
    settings = settings or get_settings()
    paths = [settings.data_dir] if settings.data_dir is not None else None
    kb = load_knowledge_base(paths, store=open_store(settings.store))
    app = FastAPI(title="forcedmig-kb", version=__version__,
                  description="Claims, figures and their sources, as linked data.")
    app.state.settings = settings
    app.state.kb = kb
    app.include_router(sparql.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        c = kb.counts
        return (f"<!doctype html><html lang=en><meta charset=utf-8><title>forcedmig-kb</title>"
                f"<h1>forcedmig-kb</h1><p>{c['claims']} claims, {c['citations']} citations, "
                f"{c['references']} references. SPARQL endpoint: <a href='/sparql'>/sparql</a>.</p></html>")

    return app
