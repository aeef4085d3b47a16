"""``python -m pipeline.cli``: the ``zhl10n`` command."""

from __future__ import annotations

from .app import main

main()
