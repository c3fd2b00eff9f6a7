"""``kommune serve``: validation (a drop-in for the KoSIT validator daemon) and
compatibility answers over HTTP. See ``docs/service.md``."""

from __future__ import annotations

__all__ = ["ServiceOptions", "create_app"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    if name in __all__:  # Starlette and friends are imported only when the service is used
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
