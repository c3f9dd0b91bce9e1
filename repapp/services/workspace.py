"""Everything one signed-in rep works with: their local database and the services over it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from repapp.models.db import LocalStore
from repapp.services.catalog_search import CatalogSearch
from repapp.services.order_desk import OrderDesk
from repapp.sync import engine, state
from repapp.sync.client import NotSignedIn, SyncClient
from repapp.sync.images import ImageCache, ImageSummary


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir("repapp", appauthor=False)) / "repapp.db"


@dataclass
class Workspace:
    store: LocalStore
    client: SyncClient | None = None
    catalog: CatalogSearch = field(init=False)
    desk: OrderDesk = field(init=False)
    images: ImageCache = field(init=False)
    confirmations: Path = field(init=False)

    def __post_init__(self) -> None:
        self.catalog = CatalogSearch(self.store)
        self.desk = OrderDesk(self.store)
        self.images = ImageCache(self.store.path.parent / "images")
        # Confirmation PDFs of finished orders, beside the database in the user's data folder.
        self.confirmations = self.store.path.parent / "confirmations"

    @classmethod
    def open(cls, path: Path | None = None) -> Workspace:
        return cls(LocalStore(path or default_database_path()))

    def setting(self, key: str, default: str = "") -> str:
        with self.store.reading() as session:
            return state.get(session, key, default)

    @property
    def rep_name(self) -> str:
        return self.setting(state.FULL_NAME)

    @property
    def stock_as_of(self) -> str:
        return self.setting(state.AS_OF)

    def sign_in(self, server_url: str, username: str, password: str) -> str:
        client = SyncClient(server_url)
        try:
            name = engine.sign_in(self.store, client, username, password)
        except BaseException:
            client.close()
            raise
        if self.client is not None:
            self.client.close()
        self.client = client
        return name

    def sign_out(self) -> SyncClient | None:
        """Forget the token; the laptop's data (orders, outbox, catalog) stays as it is.

        Returns the signed-out client, still open, so the caller can end the session on the
        server off the GUI thread (`end_session`, then `close`); None if no one was signed in."""
        client, self.client = self.client, None
        return client

    def sync(
        self, progress: engine.Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> engine.SyncSummary:
        if self.client is None:
            raise NotSignedIn("sign in to sync")
        return engine.sync(self.store, self.client, progress, cancelled)

    def download_images(
        self, progress: engine.Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> ImageSummary:
        """Fetch every product picture not yet on this laptop (before a show, on good Wi-Fi)."""
        if self.client is None:
            raise NotSignedIn("sign in to download pictures")
        return self.images.download(self.store, self.client, progress, cancelled)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.store.close()
