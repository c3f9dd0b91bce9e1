"""FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from repapp import __version__
from server.api import admin, blobs, stock, sync
from server.config import Settings, get_settings
from server.db import make_engine, make_session_factory


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="RepApp sync server", version=__version__)
    engine = make_engine(settings.resolved_database_url())
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.include_router(sync.router)
    app.include_router(blobs.router)
    app.include_router(admin.router)
    app.include_router(stock.router)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
