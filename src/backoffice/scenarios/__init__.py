"""Ready-made scenarios on the built-in seed defaults, used by ``python -m backoffice demo``."""

from __future__ import annotations

__all__: list[str] = []
