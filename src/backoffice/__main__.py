"""``python -m backoffice``: see :mod:`backoffice.cli`."""

from __future__ import annotations

import sys

from backoffice.cli import main

sys.exit(main())
