"""Project configuration: ``[tool.zhl10n]`` in pyproject.toml, ``zhl10n.toml``, or defaults.

Paths in the configuration are relative to the folder that holds it, so the
tool works the same from any folder laid out the default way.
"""

from __future__ import annotations

import codecs
import glob
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputFileError, UnknownLocale

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_LOCALES = ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
KNOWN_LOCALES = ("en", "zh_Hans", "zh_Hant", "zh_TW", "zh_HK")

#: BCP 47 tags of the locales, for HTML ``lang`` attributes and XLIFF/TMX language
#: attributes (zh-Hant-HK, not zh_HK), so fonts, screen readers and CAT tools agree.
LANG_TAGS = {
    "en": "en",
    "zh_Hans": "zh-Hans",
    "zh_Hant": "zh-Hant",
    "zh_TW": "zh-Hant-TW",
    "zh_HK": "zh-Hant-HK",
}


def lang_tag(locale: str) -> str:
    """The BCP 47 tag of a locale.

    >>> lang_tag("zh_TW"), lang_tag("en_GB")
    ('zh-Hant-TW', 'en-GB')
    """
    return LANG_TAGS.get(locale, locale.replace("_", "-"))


SOURCE_LOCALES = ("auto", "zh_Hant", "zh_Hans")

#: OpenCC configuration per source script and target locale (README: "Locale mapping").
#: "" means the target has the source's script: the source is kept as written and only
#: leftovers are repaired (pipeline.regional). "mixed" sources are treated as Traditional.
#: Regional vocabulary comes from vocabulary.csv, not from s2twp's phrase table.
DEFAULT_OPENCC: dict[str, dict[str, str]] = {
    "Hant": {"zh_Hans": "tw2s", "zh_Hant": "", "zh_TW": "", "zh_HK": ""},
    "Hans": {"zh_Hans": "", "zh_Hant": "s2tw", "zh_TW": "s2tw", "zh_HK": "s2hk"},
}
#: Regions an article may state as its source's (``regions`` in the configuration).
SOURCE_REGIONS = ("CN", "TW", "HK")
#: Quote style per locale: outer pair then inner pair; "" keeps the source's quotes.
DEFAULT_QUOTES: dict[str, str] = {
    "zh_Hans": "“”‘’",
    "zh_Hant": "「」『』",
    "zh_TW": "「」『』",
    "zh_HK": "「」『』",
}


@dataclass(frozen=True)
class Config:
    """Where things are and what to produce."""

    root: Path
    articles: tuple[str, ...] = ("articles/*.txt", "articles/*.md", "articles/*.html")
    source_locale: str = "auto"
    locales: tuple[str, ...] = DEFAULT_LOCALES
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary: str = "glossary.csv"
    conversions: str = "conversions.csv"
    vocabulary: str = "vocabulary.csv"
    corrections: str = "corrections.csv"
    #: The editor's table of cleaning decisions (keep, drop, title) per article line.
    overrides: str = "overrides.csv"
    punctuation: bool = True
    #: Markdown front matter keys whose (one-line string) values are translated.
    front_matter_keys: tuple[str, ...] = ("title", "summary", "description")
    threshold: float = 80.0
    review: bool = False  # zhl10n run also writes build/review/ (the review issue)
    #: How a unit new in a catalog takes the approved translation of the same
    #: sentence in another article: "approved" (as msgmerge --compendium),
    #: "fuzzy" (for review) or "off".
    memory: str = "approved"
    encodings: dict[str, str] = field(default_factory=dict)
    #: Source region per article slug (CN, TW or HK), where detection must not decide.
    regions: dict[str, str] = field(default_factory=dict)
    project_name: str = "zhl10n"
    opencc: dict[str, dict[str, str]] = field(default_factory=lambda: DEFAULT_OPENCC)
    quotes: dict[str, str] = field(default_factory=lambda: DEFAULT_QUOTES)
    #: Largest input file read (articles, catalogs, tables), in MB (README: "Trust").
    max_file_mb: float = 64.0
    #: Largest saved HTML page extracted, in MB (trafilatura's work grows with it).
    max_html_mb: float = 5.0
    #: Follow a symlink among the articles that leads outside the project (off: refused).
    allow_outside_links: bool = False
    source: str = "defaults"
    #: Keys set in the configuration file (a file named there must exist).
    explicit: frozenset[str] = frozenset()

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def glossary_path(self) -> Path:
        return self.root / self.glossary

    @property
    def conversions_path(self) -> Path:
        return self.root / self.conversions

    @property
    def vocabulary_path(self) -> Path:
        return self.root / self.vocabulary

    @property
    def corrections_path(self) -> Path:
        return self.root / self.corrections

    @property
    def overrides_path(self) -> Path:
        return self.root / self.overrides

    def article_paths(self) -> tuple[Path, ...]:
        """Every article matched by the configured globs (relative or absolute), sorted."""
        found: set[Path] = set()
        for pattern in self.articles:
            full = pattern if os.path.isabs(pattern) else os.path.join(self.root, pattern)
            found.update(Path(p) for p in glob.glob(full, recursive=True) if os.path.isfile(p))
        for path in found:
            _check_article_name(path, self.root)
        if not self.allow_outside_links:
            self._refuse_links_out(found)
        return tuple(sorted(found))

    def _refuse_links_out(self, paths: set[Path]) -> None:
        """An article inside the project that a symlink sends outside it is refused.

        A cloned repository could otherwise publish any readable file of whoever
        runs it (``articles/x.txt -> ~/.ssh/id_rsa``) in its catalogs and builds. A
        glob that names a folder outside the project is an explicit choice and allowed.
        """
        root = os.path.abspath(self.root)
        real_root = os.path.realpath(self.root)
        for path in paths:
            lexical = os.path.abspath(path)
            if os.path.commonpath([lexical, root]) != root:
                continue
            real = os.path.realpath(path)
            if os.path.commonpath([real, real_root]) != real_root:
                raise InputFileError(
                    f"leads outside the project (to {real}) through a symlink; refused "
                    "(allow_outside_links = true in the configuration follows it)",
                    os.path.relpath(lexical, root),
                )

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root when possible, in POSIX form."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def check_locales(self, locales: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """Validate locales named on the command line against the configured ones."""
        for locale in locales:
            if locale not in self.locales:
                raise UnknownLocale(
                    f"unknown locale {locale!r}; configured locales: {', '.join(self.locales)}"
                )
        return tuple(locales) or self.locales

    def opencc_config(self, script: str, locale: str) -> str:
        """OpenCC configuration that produces ``locale`` from a ``script`` source."""
        table = self.opencc.get("Hans" if script == "Hans" else "Hant", {})
        return table.get(locale, "")


#: Longest article file name, in bytes. Its catalogs, MO and build files, and their
#: temporary and parked names (``.<slug>.po.zhl10n-saved-<pid>``) add up to 30 bytes, and
#: most file systems stop at 255.
MAX_NAME_BYTES = 200


def _check_article_name(path: Path, root: Path) -> None:
    """Refuse, before anything is written, an article name no output could be named after."""
    raw = os.fsencode(path.name)
    try:
        shown = os.fsencode(os.path.relpath(path, root)).decode("utf-8", "backslashreplace")
    except ValueError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(
            "file name is not UTF-8; rename the article (catalogs and headers name it in UTF-8)",
            shown,
        ) from None
    if len(raw) > MAX_NAME_BYTES:
        raise InputFileError(
            f"file name of {len(raw)} bytes; article names are limited to {MAX_NAME_BYTES} "
            "bytes (its catalogs and their temporary names must fit the file system's 255)",
            shown,
        )


_KEYS = {
    "articles",
    "source_locale",
    "locales",
    "locales_dir",
    "build_dir",
    "glossary",
    "conversions",
    "vocabulary",
    "quotes",
    "corrections",
    "overrides",
    "punctuation",
    "front_matter_keys",
    "threshold",
    "review",
    "memory",
    "encodings",
    "regions",
    "project_name",
    "opencc",
    "max_file_mb",
    "max_html_mb",
    "allow_outside_links",
}


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Read ``--config PATH``, else ``./zhl10n.toml``, else ``[tool.zhl10n]``, else defaults."""
    cwd = cwd or Path.cwd()
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError("configuration file not found", explicit)
        data = _read_toml(explicit)
        table = _tool_table(data, explicit) if explicit.name == "pyproject.toml" else data
        return _from_table(table or {}, explicit.parent, explicit)
    own = cwd / "zhl10n.toml"
    if own.is_file():
        return _from_table(_read_toml(own), cwd, own)
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _tool_table(_read_toml(pyproject), pyproject)
        if table is not None:
            return _from_table(table, cwd, pyproject)
    return Config(root=cwd)


def _tool_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """``[tool.zhl10n]`` of a pyproject.toml, None when absent; a non-table is an error."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError("'tool' must be a table ([tool.zhl10n] holds the settings)", path)
    table = tool.get("zhl10n")
    if table is not None and not isinstance(table, dict):
        raise ConfigError("'tool.zhl10n' must be a table ([tool.zhl10n])", path)
    return table


def check_encoding(name: str, path: Path | str | None = None) -> str:
    """The codec name of a *text* encoding; rot13, hex, base64 and unknown names are refused.

    >>> check_encoding("GB2312")
    'gb2312'
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        raise ConfigError(f"unknown encoding {name!r}", path) from None
    if not getattr(info, "_is_text_encoding", True):
        raise ConfigError(
            f"{name!r} is not a text encoding (it turns bytes into bytes); "
            "name the encoding the article is saved in, e.g. utf-8, gb18030, big5",
            path,
        )
    return info.name


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"invalid TOML: {exc.args[0] if exc.args else exc}", path, line) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte offset {exc.start})", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from exc


def _from_table(table: dict[str, Any], root: Path, path: Path) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        hint = (
            " (zhl10n.toml takes the keys at top level, without [tool.zhl10n])"
            if unknown[0] == "tool"
            else f"; known keys: {', '.join(sorted(_KEYS))}"
        )
        raise ConfigError(f"unknown configuration key {unknown[0]!r}{hint}", path)
    kwargs: dict[str, Any] = {"root": root, "source": str(path)}
    for key in (
        "locales_dir",
        "build_dir",
        "glossary",
        "conversions",
        "vocabulary",
        "corrections",
        "overrides",
        "project_name",
    ):
        if key in table:
            kwargs[key] = _plain(_expect(table[key], str, key, path), key, path)
    for key in ("locales_dir", "build_dir"):
        if key in table:
            _inside_root(kwargs[key], key, root, path)
    kwargs["explicit"] = frozenset(table)
    if "articles" in table:
        value = table["articles"]
        value = [value] if isinstance(value, str) else _expect(value, list, "articles", path)
        kwargs["articles"] = tuple(
            _plain(_expect(v, str, "articles", path), "articles", path) for v in value
        )
    if "locales" in table:
        value = _expect(table["locales"], list, "locales", path)
        locales = tuple(_expect(v, str, "locales", path) for v in value)
        if len(set(locales)) != len(locales):
            raise ConfigError("'locales' lists a locale twice", path)
        for locale in locales:
            if locale not in KNOWN_LOCALES:
                raise UnknownLocale(
                    f"unknown locale {locale!r} in 'locales'; known: {', '.join(KNOWN_LOCALES)}",
                    path,
                )
        kwargs["locales"] = locales
    if "source_locale" in table:
        source = _expect(table["source_locale"], str, "source_locale", path)
        if source not in SOURCE_LOCALES:
            raise UnknownLocale(
                f"source_locale must be one of {', '.join(SOURCE_LOCALES)}, not {source!r}", path
            )
        kwargs["source_locale"] = source
    if "punctuation" in table:
        kwargs["punctuation"] = _expect(table["punctuation"], bool, "punctuation", path)
    if "front_matter_keys" in table:
        keys = _expect(table["front_matter_keys"], list, "front_matter_keys", path)
        kwargs["front_matter_keys"] = tuple(
            _expect(k, str, "front_matter_keys", path) for k in keys
        )
    if "review" in table:
        kwargs["review"] = _expect(table["review"], bool, "review", path)
    if "memory" in table:
        memory = _expect(table["memory"], str, "memory", path)
        if memory not in ("approved", "fuzzy", "off"):
            raise ConfigError(f"'memory' must be one of approved, fuzzy, off, not {memory!r}", path)
        kwargs["memory"] = memory
    if "allow_outside_links" in table:
        kwargs["allow_outside_links"] = _expect(
            table["allow_outside_links"], bool, "allow_outside_links", path
        )
    for key in ("max_file_mb", "max_html_mb"):
        if key in table:
            limit = table[key]
            if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not limit > 0:
                raise ConfigError(f"'{key}' must be a number of megabytes above 0", path)
            kwargs[key] = float(limit)
    if "threshold" in table:
        threshold = table["threshold"]
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, (int, float))
            or not 0 <= threshold <= 100
        ):
            raise ConfigError("'threshold' must be a number from 0 to 100", path)
        kwargs["threshold"] = float(threshold)
    if "encodings" in table:
        encodings = _expect(table["encodings"], dict, "encodings", path)
        kwargs["encodings"] = {
            str(slug): _expect(name, str, f"encodings.{slug}", path)
            for slug, name in encodings.items()
        }
        for slug, name in kwargs["encodings"].items():
            try:
                check_encoding(name)
            except ConfigError as exc:
                raise ConfigError(f"'encodings.{slug}': {exc.message}", path) from None
    if "regions" in table:
        regions = _expect(table["regions"], dict, "regions", path)
        kwargs["regions"] = {
            str(slug): _expect(name, str, f"regions.{slug}", path) for slug, name in regions.items()
        }
        for slug, name in kwargs["regions"].items():
            if name not in SOURCE_REGIONS:
                raise ConfigError(
                    f"'regions.{slug}' must be one of {', '.join(SOURCE_REGIONS)}, not {name!r}",
                    path,
                )
    if "opencc" in table:
        merged = {script: dict(locales) for script, locales in DEFAULT_OPENCC.items()}
        for script, mapping in _expect(table["opencc"], dict, "opencc", path).items():
            if script not in merged:
                raise ConfigError(f"'opencc' keys are Hant and Hans, not {script!r}", path)
            for locale, name in _expect(mapping, dict, f"opencc.{script}", path).items():
                if locale not in merged[script]:
                    raise UnknownLocale(
                        f"'opencc.{script}' has no locale {locale!r}; "
                        f"known: {', '.join(merged[script])}",
                        path,
                    )
                merged[script][locale] = _expect(name, str, f"opencc.{script}.{locale}", path)
        kwargs["opencc"] = merged
    if "quotes" in table:
        quotes = dict(DEFAULT_QUOTES)
        for locale, style in _expect(table["quotes"], dict, "quotes", path).items():
            if locale not in quotes:
                raise UnknownLocale(
                    f"'quotes' has no locale {locale!r}; known: {', '.join(quotes)}", path
                )
            style = _expect(style, str, f"quotes.{locale}", path)
            if style and len(style) != 4:
                raise ConfigError(
                    f"'quotes.{locale}' must be four characters (outer pair, inner pair, "
                    f'as in "「」『』") or "" to keep the source\'s quotes, not {style!r}',
                    path,
                )
            quotes[locale] = style
        kwargs["quotes"] = quotes
    return Config(**kwargs)


def _plain(value: str, key: str, path: Path) -> str:
    """A value that ends up in file names and file headers: no control characters.

    A newline in ``project_name`` would add header fields to every template; one in
    a folder name would make a path no later run can match.
    """
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise ConfigError(f"'{key}' contains a control character (newline, tab...)", path)
    return value


def _inside_root(value: str, key: str, root: Path, path: Path) -> None:
    """Output folders stay inside the project (README: "Paths in the configuration")."""
    folder = Path(value)
    if folder.is_absolute() or ".." in folder.parts:
        raise ConfigError(
            f"'{key}' must be a folder inside the project, relative to {path.name} "
            f"(no absolute path, no '..'): {value!r}",
            path,
        )


def _expect(value: Any, kind: type, key: str, path: Path) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        names = {"str": "string", "dict": "table", "list": "list", "bool": "boolean"}
        raise ConfigError(f"'{key}' must be a {names.get(kind.__name__, kind.__name__)}", path)
    return value
