"""Human-readable output: one escaping function for every line the CLI prints.

File names, article text, msgctxt values and glossary cells all reach the
terminal or a CI log. Printed raw they can move the cursor (ESC sequences),
start a second line that GitHub Actions runs as a workflow command
(``::error``, ``::stop-commands``), or reverse the text around them (bidi
controls). :func:`escape_line` makes any string one inert line; it is applied
wherever file content is printed, and rich prints it with markup and emoji off.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters never printed raw: C0/C1 controls, DEL, line/paragraph separators,
#: and the bidi embedding, override and isolate controls (Trojan Source).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_line(text: str, *, keep_tabs: bool = True) -> str:
    r"""``text`` as one printable line: controls escaped, no workflow command at its start.

    >>> escape_line("a\nb\x1b[2Jc")
    'a\\nb\\e[2Jc'
    >>> escape_line("::error::pwned")
    '\\x3a:error::pwned'
    """
    if keep_tabs:
        escaped = _UNSAFE.sub(lambda m: m.group() if m.group() == "\t" else _escape_char(m), text)
    else:
        escaped = _UNSAFE.sub(_escape_char, text)
    stripped = escaped.lstrip()
    if stripped.startswith("::"):
        # GitHub's runner trims leading whitespace, then runs any line starting "::".
        at = len(escaped) - len(stripped)
        escaped = escaped[:at] + "\\x3a" + escaped[at + 1 :]
    return escaped


def control_characters(text: str) -> list[str]:
    r"""Names of the control characters in ``text`` (tab excluded), for lint messages.

    >>> control_characters("a\x00b")
    ['U+0000']
    """
    found: list[str] = []
    for char in text:
        if char != "\t" and (unicodedata.category(char) == "Cc" or char in "\u2028\u2029"):
            name = f"U+{ord(char):04X}"
            if name not in found:
                found.append(name)
    return found
