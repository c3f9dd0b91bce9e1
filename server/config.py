"""Server settings, read once from the environment (prefix REPAPP_)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("repapp-server", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'repapp-server.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REPAPP_", extra="ignore")

    database_url: str = ""
    token_ttl_hours: int = 12
    # Sign-in lockout: this many refused attempts for one user name within the window lock that
    # name out until the window has passed; a client address gets a larger allowance across names.
    login_max_failures: int = 5
    login_max_failures_per_client: int = 20
    login_window_minutes: int = 15
    # Clients older than this protocol version must upgrade before syncing new data.
    min_protocol_version: int = 1
    # Clients older than this app version are told an upgrade is recommended.
    recommended_app_version: str = "0.1.0"
    # Orders whose total (in any currency) is above this go to the office (needs approval: large
    # order); empty (REPAPP_LARGE_ORDER_TOTAL=) for no limit.
    large_order_total: Decimal | None = Decimal(50000)

    @field_validator("large_order_total", mode="before")
    @classmethod
    def _empty_is_no_limit(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url()


@lru_cache
def get_settings() -> Settings:
    return Settings()
