"""Plain frozen dataclasses that flow between the stages.

An article becomes blocks (title, headings, paragraphs, list items...), and
each translatable block becomes one or more units (sentences). A unit is what a
translator sees: one PO entry whose msgctxt is the unit id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Block kinds that carry translatable text. ``verbatim`` blocks (code, tables,
#: images, rules) are copied to the built article unchanged.
TRANSLATABLE_KINDS = (
    "title",
    "heading",
    "paragraph",
    "list_item",
    "quote",
    # Markdown only: front matter values, table cells, footnotes, image alt texts, link titles.
    "front_matter",
    "table_cell",
    "footnote",
    "alt",
    "link_title",
)

#: Locales the pipeline can produce: English by translation, the rest by conversion.
CHINESE_LOCALES = ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")


@dataclass(frozen=True)
class Repair:
    """A pinyin annotation removed from the text, e.g. ``創(chuàng)`` -> ``創``."""

    line: int
    annotated: str
    repaired: str
    rule: str = "pinyin"


@dataclass(frozen=True)
class Dropped:
    """A line left out of the article, with the rule that dropped it."""

    line: int
    rule: str
    text: str


@dataclass(frozen=True)
class Correction:
    """An editor's fix for damage no rule can undo, from ``corrections.csv``."""

    article: str
    find: str
    replace: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Override:
    """An editor's decision about one line of one article, from ``overrides.csv``.

    ``action`` is ``keep`` (content, whatever the residue rules say), ``drop``
    (residue no rule knows) or ``title`` (this line is the headline).
    """

    article: str
    action: str
    text: str
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Block:
    """One structural piece of an article.

    ``text`` is the cleaned text; ``markup`` is the Markdown prefix to restore
    (``"## "``, ``"- "``, ``"> "``); ``line_starts`` lists the offsets in
    ``text`` at which each further source line begins, so units can name the
    line they start on. ``placeholders`` maps ``{link1}``-style tokens to the
    URLs they stand for.

    Markdown blocks also carry ``span``, the characters of the article's source
    they replace in a build (untouched when the text does not change), and
    ``targets``, the source spans the placeholders stand for. Their ``markup``
    is empty, except for a front matter value, where it is the value's YAML
    quoting (``plain``, ``"`` or ``'``).
    """

    kind: str
    text: str
    line: int
    markup: str = ""
    line_starts: tuple[int, ...] = ()
    placeholders: tuple[tuple[str, str], ...] = ()
    span: tuple[int, int] | None = None
    targets: tuple[tuple[int, int], ...] = ()
    #: Markdown: cleaning changed the text (a repair, a punctuation fix), so the build
    #: writes the block even where its text is otherwise unchanged.
    rewrite: bool = False

    def line_at(self, offset: int) -> int:
        """Source line on which character ``offset`` of ``text`` stands."""
        extra = sum(1 for start in self.line_starts if start <= offset)
        return self.line + extra


@dataclass(frozen=True)
class Unit:
    """One translatable string: a title, a heading or a sentence."""

    id: str
    source: str
    kind: str
    path: str
    line: int
    block: int
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A decoded, cleaned article and what cleaning did to it."""

    path: str
    slug: str
    format: str  # "text", "markdown" or "html" (read as the Markdown in ``source``)
    encoding: str
    blocks: tuple[Block, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    repairs: tuple[Repair, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    punctuation_fixes: int = 0
    suspects: tuple[Dropped, ...] = ()
    #: Markdown: the decoded source the blocks' spans point into (the build splices it).
    source: str = ""

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "")

    @property
    def text(self) -> str:
        """All translatable text, for script detection and statistics."""
        return "\n".join(b.text for b in self.blocks if b.kind in TRANSLATABLE_KINDS)


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept of ``glossary.csv``: its form in each locale and its rules."""

    id: str
    zh_Hant: str
    zh_Hans: str
    en: str
    zh_TW: str = ""
    zh_HK: str = ""
    variants: tuple[str, ...] = ()
    forbidden_en: tuple[str, ...] = ()
    #: other English renderings the glossary accepts (the ``en`` cell ``A|B``: ``A`` is the
    #: house form that messages suggest, ``B`` is accepted too)
    en_alternatives: tuple[str, ...] = ()
    kind: str = "term"
    case_sensitive: bool = False
    severity: str = "error"
    note: str = ""
    line: int = 0

    def form(self, locale: str) -> str:
        """The form this locale must use (zh_TW and zh_HK fall back to zh_Hant).

        A cell may list alternatives separated by ``|`` (zh_HK ``芯片|晶片``): the
        first is the form conversion writes when the source has none of them.
        """
        return self.forms(locale)[0]

    def forms(self, locale: str) -> tuple[str, ...]:
        """Every form ``locale`` accepts, preferred first (``check`` accepts any of them).

        >>> GlossaryEntry("chip", "芯片", "芯片", "chip", zh_HK="芯片|晶片").forms("zh_HK")
        ('芯片', '晶片')
        """
        if locale == "en" or locale.startswith("en_"):
            return (self.en, *self.en_alternatives)
        if locale == "zh_Hans":
            cell = self.zh_Hans
        elif locale == "zh_TW":
            cell = self.zh_TW or self.zh_Hant
        elif locale == "zh_HK":
            cell = self.zh_HK or self.zh_Hant
        else:
            cell = self.zh_Hant
        return split_alternatives(cell)

    def source_forms(self) -> tuple[str, ...]:
        """Every Chinese spelling that counts as this term in a source text."""
        forms = [
            *split_alternatives(self.zh_Hant),
            *split_alternatives(self.zh_Hans),
            *split_alternatives(self.zh_TW),
            *split_alternatives(self.zh_HK),
            *self.variants,
        ]
        return tuple(dict.fromkeys(f for f in forms if f))


def split_alternatives(cell: str) -> tuple[str, ...]:
    """``"芯片|晶片"`` -> ``("芯片", "晶片")``; an empty cell gives ``("",)``."""
    if "|" not in cell:
        return (cell,)
    parts = tuple(dict.fromkeys(p.strip() for p in cell.split("|") if p.strip()))
    return parts or ("",)


@dataclass(frozen=True)
class VocabularyRow:
    """One concept of ``vocabulary.csv``: its mainland, Taiwan and Hong Kong words.

    Each form may list alternatives separated by ``|`` (Hong Kong ``影片|視頻``), the
    preferred first. Conversion writes the target's form wherever the source region's
    form occurs, and keeps the source's word when the target accepts it too.
    """

    id: str
    zh_Hans: tuple[str, ...]
    zh_TW: tuple[str, ...]
    zh_HK: tuple[str, ...]
    note: str = ""
    source: str = ""
    line: int = 0
    #: The table the row came from: ``zhl10n`` (shipped with the tool) or the project's file.
    layer: str = ""

    def forms(self, locale: str) -> tuple[str, ...]:
        """The forms of ``locale`` (zh_Hans, zh_TW or zh_HK), preferred first."""
        if locale == "zh_Hans":
            return self.zh_Hans
        if locale == "zh_TW":
            return self.zh_TW
        if locale == "zh_HK":
            return self.zh_HK
        return ()


@dataclass(frozen=True)
class ConversionOverride:
    """A phrase OpenCC gets wrong in one locale, and what it must become."""

    id: str
    locale: str
    source: str
    target: str
    note: str = ""
    line: int = 0
    #: The table the row came from: ``zhl10n`` (shipped with the tool) or the project's file.
    layer: str = ""


@dataclass(frozen=True)
class Violation:
    """One problem found by ``check``: data, not an exception."""

    path: str
    line: int
    unit_id: str
    rule: str
    message: str
    locale: str = ""
    term: str = ""
    expected: str = ""
    found: str = ""
    severity: str = "error"
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CatalogUnit:
    """One PO entry as plain data, for modules that must not touch polib (``check``).

    ``line`` is the entry's first line in the PO file; ``comment`` is the
    extracted comment (``#.`` lines joined by newlines); ``translator_comment``
    the translator's (``#`` lines), where reviewers put suppressions;
    ``msgstr_line`` the line of the ``msgstr`` keyword, where check points.
    """

    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool = False
    obsolete: bool = False
    line: int = 0
    flags: tuple[str, ...] = ()
    comment: str = ""
    translator_comment: str = ""
    msgstr_line: int = 0
    #: The source the translation was made for (``#| msgid``), on an entry made fuzzy
    #: by a source edit.
    previous_msgid: str = ""
