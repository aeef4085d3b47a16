"""Segment stage: blocks become translation units with stable ids.

Titles and headings are one unit each; paragraphs, list items and quotes are
split into sentences. A unit's id (its msgctxt) is a hash of its own text, so
editing one sentence changes only that sentence's id and inserting a paragraph
changes no other id. A sentence that occurs twice in one article gets two
entries: the second id carries a ``-2`` suffix (positions may need different
translations, and the build needs one entry per position).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from .models import TRANSLATABLE_KINDS, Article, Block, Unit

#: Characters that end a sentence. ASCII ``?!`` are left to Latin runs: inside
#: Chinese the ingest stage has already made them full-width.
TERMINATORS = "。！？"
ELLIPSIS = "…"
#: Format characters that show nothing: a unit made only of them is no unit.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
#: Bracket pairs inside which a sentence never ends (a book title 《…！…》 is one piece).
PAIRS = {
    "「": "」",
    "『": "』",
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
}
CLOSERS = set(PAIRS.values())
#: Closing quotes after which a terminator inside the quote ends the sentence too.
QUOTE_CLOSERS = set("」』”’")
CONTINUING = set("，、；：,;:")


_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|_)(?=\S)(.+?)(?<=\S)\1")


def _matched_brackets(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Map each opening bracket with a partner to its last closing position.

    Markdown emphasis (``**粗體！**``) counts as a pair too, so a sentence never
    ends inside it. The second map gives, for each closing position, where the
    closing token starts (the character before it ends the enclosed text).
    """
    stack: list[tuple[str, int]] = []
    pairs: dict[int, int] = {}
    token_start: dict[int, int] = {}
    for i, char in enumerate(text):
        if char in PAIRS:
            stack.append((char, i))
        elif char in CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if PAIRS[stack[depth][0]] == char:
                    pairs[stack[depth][1]] = i
                    token_start[i] = i
                    del stack[depth:]
                    break
    for match in _EMPHASIS.finditer(text):
        close = match.end() - 1
        pairs[match.start()] = close
        token_start[close] = match.end() - len(match.group(1))
    return pairs, token_start


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; ``"".join`` of the result is ``text``.

    >>> split_sentences("他說：「好！」然後走了。我讀了《再見！朋友》。")
    ['他說：「好！」', '然後走了。', '我讀了《再見！朋友》。']
    >>> split_sentences("「好！」他說。")
    ['「好！」他說。']
    """
    pairs, token_start = _matched_brackets(text)
    closes_at: dict[int, int] = {}
    for start, end in pairs.items():
        closes_at[end] = start
    pieces: list[str] = []
    start = 0
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if i in pairs:
            depth += 1
        elif i in closes_at:
            depth -= 1
            # 「好！」: the terminator inside the quote ends the sentence after the quote,
            # unless the sentence clearly goes on (然後... is not a continuation mark).
            inner_end = token_start[i] - 1
            if (
                depth == 0
                and (char in QUOTE_CLOSERS or char in "*_~")
                and inner_end >= 0
                and text[inner_end] in TERMINATORS
            ):
                end = _absorb(text, i + 1, closes_at)
                if end >= n or text[end] not in CONTINUING and not _attribution_follows(text, end):
                    pieces.append(text[start:end])
                    start = i = end
                    continue
        elif depth == 0 and (char in TERMINATORS or _ends_with_ellipsis(text, i)):
            end = _absorb(text, i + 1, closes_at)
            if char == ELLIPSIS and end < n and text[end] in CONTINUING:
                i += 1
                continue
            pieces.append(text[start:end])
            start = i = end
            continue
        i += 1
    if start < n:
        pieces.append(text[start:])
    return pieces


def _ends_with_ellipsis(text: str, i: int) -> bool:
    """An ellipsis ends a sentence when it closes the paragraph or a new quote opens after it.

    Elsewhere (``等等……都在``) it is a pause inside the sentence.
    """
    if text[i] != ELLIPSIS:
        return False
    j = i + 1
    if j < len(text) and text[j] == ELLIPSIS:
        return False  # wait for the last dot of the run
    while j < len(text) and text[j] in CLOSERS:
        j += 1
    return j >= len(text) or text[j] in PAIRS


def _absorb(text: str, i: int, closes_at: dict[int, int]) -> int:
    """Extend a sentence end over repeated terminators, closers and trailing spaces."""
    n = len(text)
    while i < n and (text[i] in TERMINATORS or text[i] == ELLIPSIS or i in closes_at):
        i += 1
    while i < n and text[i].isspace():
        i += 1
    return i


SPEECH_VERBS = (
    "說", "说", "道", "稱", "称", "問", "问", "表示", "指出", "補充", "补充", "強調", "强调",
    "透露", "坦言", "直言", "回應", "回应", "說明", "说明", "提到", "感嘆", "感叹", "笑言",
)  # fmt: skip
#: Longest speaker clause after a quote (``「…。」一名在大學站候車的陳先生無奈地說。``).
ATTRIBUTION_MAX = 30
_CLAUSE_BREAKS = set("，,；;：:")
#: Brackets that hold a name in a speaker clause (她對《某報》表示): no new clause.
_NAME_MARKS = set("《》〈〉")


def _attribution_follows(text: str, i: int) -> bool:
    """``「好！」他說。``: a clause ending in a speech verb after a quote belongs to it.

    The clause runs to the next terminator without a comma, and is short: a
    clause that goes on (``「好。」他說，然後…``) is a sentence of its own.
    """
    end = i
    while end < len(text) and text[end] not in TERMINATORS and end - i <= ATTRIBUTION_MAX:
        if text[end] in _CLAUSE_BREAKS or (text[end] in PAIRS and text[end] not in _NAME_MARKS):
            return False
        end += 1
    if end >= len(text) or end - i > ATTRIBUTION_MAX:
        return False
    clause = text[i:end].rstrip()
    return any(clause.endswith(verb) for verb in SPEECH_VERBS) or (
        end - i <= 8 and any(v in clause for v in SPEECH_VERBS)
    )


def _title_like(block: Block) -> bool:
    """A front matter value that does not end a sentence is a name or a title
    (``title: 颱風假怎麼放？各縣市停班停課一覽``): one unit, like a headline."""
    text = block.text.rstrip()
    return block.kind == "front_matter" and bool(text) and text[-1] not in TERMINATORS


def unit_id(source: str) -> str:
    """Stable id of a unit: the first 10 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]


Annotator = Callable[[str], tuple[str, ...]]


def segment(article: Article, annotate: Annotator | None = None) -> tuple[Unit, ...]:
    """All translation units of an article, in reading order."""
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for index, block in enumerate(article.blocks):
        if block.kind not in TRANSLATABLE_KINDS:
            continue
        if block.kind in ("title", "heading") or _title_like(block):
            sentences = [(0, block.text)]
        else:
            sentences = []
            offset = 0
            for sentence in split_sentences(block.text):
                sentences.append((offset, sentence))
                offset += len(sentence)
        for offset, source in sentences:
            if not source.strip().strip(INVISIBLE):
                continue  # nothing a translator can see (a stray byte-order mark)
            base = unit_id(source)
            seen[base] = seen.get(base, 0) + 1
            uid = base if seen[base] == 1 else f"{base}-{seen[base]}"
            comments: list[str] = []
            tokens = [token for token, _ in block.placeholders if token in source]
            if tokens:
                comments.append("placeholders to keep: " + " ".join(tokens))
            if annotate is not None:
                comments.extend(annotate(source))
            units.append(
                Unit(
                    id=uid,
                    source=source,
                    kind=block.kind,
                    path=article.path,
                    line=block.line_at(offset),
                    block=index,
                    comments=tuple(comments),
                )
            )
    return tuple(units)
