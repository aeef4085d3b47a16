"""zhl10n: a localization pipeline for Chinese-language articles.

Stages, one module each: ``ingest`` (decode, repair, drop boilerplate),
``segment`` (sentences and unit ids), ``catalog`` (POT/PO/MO through polib),
``convert`` (OpenCC script conversion), ``glossary`` (terms and matching),
``check`` (glossary enforcement), ``build`` (translated articles).
``project`` strings the stages together for the command line in ``cli``.
"""

from __future__ import annotations

__version__ = "0.1.0"
