"""Adapters: the only parts of backoffice that do I/O (files, databases).

They import the rest of the package and are imported by nothing but the command line and tests;
an embedding system picks the ones it wants (``from backoffice.adapters.sqlite import
SqliteEventStore``).
"""

from __future__ import annotations
