"""Error types: one base class, caught once by the CLI and printed as one line."""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Bad input or environment; the CLI prints ``path:line: message`` and exits 2."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return where + self.message


class InputFileError(PipelineError):
    """An article that is missing, empty or cannot be decoded."""


class DecodeError(InputFileError):
    """Bytes that do not decode, or an encoding that cannot be told apart."""


class ConfigError(PipelineError):
    """Configuration file or option that cannot be used."""


class UnknownLocale(ConfigError):
    """A locale the project does not know how to produce."""


class CatalogError(PipelineError):
    """A PO/POT/MO file that is malformed or cannot be written."""


class GlossaryError(PipelineError):
    """A glossary or conversions file that is malformed."""


class ConversionError(PipelineError):
    """An OpenCC configuration that does not exist, or engine failure."""


class ChangedOnDisk(PipelineError):
    """A file changed between being read and being replaced (an editor saved it)."""
