"""Report formats for ``check`` results: pure functions from a result to a string.

``text``
    For people: violations grouped per file, then a summary line. The CLI
    colours it on a terminal from :func:`text_lines`, which tags every line.
``json``
    For programs; the schema is stable (``version`` changes if it ever breaks)::

        {"version": 1,
         "violations": [{"file": str, "line": int, "unit": str, "locale": str,
                         "rule": str, "severity": "error" | "warning", "term": str,
                         "expected": str, "found": str, "message": str}, ...],
         "summary": {"errors": int, "warnings": int, "catalogs": int, "units": int,
                     "strict": bool, "rules": {rule: int, ...}, "suppressed": int}}

    ``line`` is the PO line where the entry starts; ``unit`` its msgctxt.
    ``found`` is what the translation has: the offending word (forbidden
    rendering, wrong form) when one is identified, else the translation.
    Violations are ordered by file, line and rule; ``rules`` counts every rule
    (zero included) in the order of :data:`pipeline.check.RULES`.
``github``
    GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``
    (``::warning`` for warnings), which the pull-request diff shows inline.
    Untranslated and fuzzy units make one annotation per catalog (a new
    article's catalog would otherwise bury the real findings under one
    annotation per sentence).
``junit``
    JUnit XML: one ``testsuite`` per catalog, one ``testcase`` per rule; a
    rule with errors fails (its ``failure`` lists them), warnings go to
    ``system-out``. GitLab, Jenkins and most CI servers render it.

On bad input (exit 2: a malformed catalog, a broken glossary, an unknown
locale) :func:`format_error` writes the error in the same format: ``json``
``{"version": 1, "error": {"type": str, "message": str, "file": str | null,
"line": int | null}}``; ``junit`` one failing ``testcase`` named ``input``;
``github`` an ``::error`` annotation on the file and line.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .check import RULES, CheckResult
from .models import Violation
from .textout import escape_line

JSON_VERSION = 1
FOUND_WIDTH = 120
#: The rule of untranslated and fuzzy units.
INCOMPLETE = "incomplete"
#: Rules whose ``found`` is the whole translation, shown after the message in text output.
_SHOWS_TRANSLATION = ("required-term", "do-not-translate", "number", "placeholder")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _shorten(text: str, width: int = FOUND_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary(result: CheckResult) -> dict[str, Any]:
    """Counts for the summary line and the JSON ``summary`` object."""
    rules = {rule: 0 for rule in RULES}
    for violation in result.violations:
        rules[violation.rule] = rules.get(violation.rule, 0) + 1
    return {
        "errors": result.errors,
        "warnings": result.warnings,
        "catalogs": len(result.catalogs),
        "units": result.units,
        "strict": result.strict,
        "rules": rules,
        "suppressed": len(result.suppressed),
    }


def summary_line(result: CheckResult) -> str:
    """``2 errors, 1 warning in 3 catalogs (120 units checked)``."""
    where = f"in {_plural(len(result.catalogs), 'catalog')} ({result.units} units checked)"
    if result.suppressed:
        where += f", {len(result.suppressed)} suppressed"
    if not result.violations:
        return f"no violations {where}"
    return f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')} {where}"


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """A line of the text report and what it is (``file``, ``error``, ``warning``, ``summary``)."""

    text: str
    kind: str


def describe(violation: Violation) -> str:
    """One-line description: ``12: error: [required-term] unit-id: message (found: …)``.

    An untranslated or fuzzy unit shows its source sentence instead (a unit id
    alone tells a translator nothing).
    """
    unit = f" {violation.unit_id}:" if violation.unit_id else ""
    text = f"{violation.line}: {violation.severity}: [{violation.rule}]{unit} {violation.message}"
    if violation.rule in _SHOWS_TRANSLATION and violation.found:
        text += f" (found: {_shorten(violation.found)!r})"
    source = violation.extra.get("source", "")
    if violation.rule == INCOMPLETE and source:
        text += f" (source: {_shorten(source)!r})"
    return text


def text_lines(result: CheckResult) -> list[TextLine]:
    """The text report, line by line, tagged for colouring."""
    lines: list[TextLine] = []
    current = None
    for violation in result.violations:
        if violation.path != current:
            current = violation.path
            lines.append(TextLine(escape_line(violation.path), "file"))
        lines.append(TextLine(escape_line("  " + describe(violation)), violation.severity))
    lines.append(TextLine(summary_line(result), "summary"))
    return lines


def format_text(result: CheckResult) -> str:
    """Violations grouped per file, then a summary line."""
    return "".join(line.text + "\n" for line in text_lines(result))


# --- json ------------------------------------------------------------------------------------


def violation_record(violation: Violation) -> dict[str, Any]:
    """A violation in the JSON schema (module docstring)."""
    return {
        "file": violation.path,
        "line": violation.line,
        "unit": violation.unit_id,
        "locale": violation.locale,
        "rule": violation.rule,
        "severity": violation.severity,
        "term": violation.term,
        "expected": violation.expected,
        "found": violation.found,
        "message": violation.message,
    }


def format_json(result: CheckResult) -> str:
    """The documented JSON document, UTF-8 text (not ASCII-escaped), ending in a newline."""
    document = {
        "version": JSON_VERSION,
        "violations": [violation_record(v) for v in result.violations],
        "summary": summary(result),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- github ----------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(violation: Violation) -> str:
    """``::error file=…,line=…,title=…::message`` (``::warning`` for warnings)."""
    command = "error" if violation.severity == "error" else "warning"
    title = f"zhl10n {violation.rule}" + (f" ({violation.unit_id})" if violation.unit_id else "")
    message = violation.message
    if violation.rule in _SHOWS_TRANSLATION and violation.found:
        message += f" (found: {_shorten(violation.found)!r})"
    return (
        f"::{command} file={_escape_property(violation.path)},line={violation.line},"
        f"title={_escape_property(title)}::{_escape_data(message)}"
    )


def incomplete_annotation(violations: list[Violation]) -> str:
    """One annotation for a catalog's untranslated and fuzzy units, at the first of them:
    ``3 untranslated units, 1 fuzzy unit; the first at line 12: '…'``."""
    first = violations[0]
    command = "error" if first.severity == "error" else "warning"
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation.found] = counts.get(violation.found, 0) + 1
    message = ", ".join(
        _plural(count, f"{state} unit") for state, count in sorted(counts.items(), reverse=True)
    )
    message += f"; the first at line {first.line}"
    source = first.extra.get("source", "")
    if source:
        message += f": {_shorten(source, 60)!r}"
    title = f"zhl10n {INCOMPLETE}" + (f" ({first.locale})" if first.locale else "")
    return (
        f"::{command} file={_escape_property(first.path)},line={first.line},"
        f"title={_escape_property(title)}::{_escape_data(message)}"
    )


def format_github(result: CheckResult) -> str:
    """One workflow command per finding (one per catalog for incomplete units, where its
    first gap is), then the plain summary line."""
    slots: list[Violation | list[Violation]] = []
    gaps: dict[str, list[Violation]] = {}
    for violation in result.violations:
        if violation.rule != INCOMPLETE:
            slots.append(violation)
        elif violation.path in gaps:
            gaps[violation.path].append(violation)
        else:
            gaps[violation.path] = [violation]
            slots.append(gaps[violation.path])
    lines = [
        incomplete_annotation(slot) if isinstance(slot, list) else github_annotation(slot)
        for slot in slots
    ]
    lines.append(summary_line(result))
    return "".join(line + "\n" for line in lines)


# --- junit -----------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry at all (escaping is ElementTree's job)."""
    return _XML_INVALID.sub("\ufffd", text)


def format_junit(result: CheckResult) -> str:
    """JUnit XML: a testsuite per catalog, a testcase per rule; errors are failures."""
    by_catalog: dict[str, dict[str, list[Violation]]] = {
        path: {rule: [] for rule in RULES} for path in result.catalogs
    }
    for violation in result.violations:
        rules = by_catalog.setdefault(violation.path, {rule: [] for rule in RULES})
        rules.setdefault(violation.rule, []).append(violation)
    root = ET.Element("testsuites", name="zhl10n check")
    total_tests = total_failures = 0
    for path, rules in by_catalog.items():
        suite = ET.SubElement(root, "testsuite", name=_xml_text(path))
        failures = 0
        for rule, violations in rules.items():
            case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name=rule)
            errors = [v for v in violations if v.severity == "error"]
            warnings = [v for v in violations if v.severity != "error"]
            if errors:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", message=_plural(len(errors), "violation"), type=rule
                )
                failure.text = _xml_text("\n".join(describe(v) for v in errors))
            if warnings:
                out = ET.SubElement(case, "system-out")
                out.text = _xml_text("\n".join(describe(v) for v in warnings))
        suite.set("tests", str(len(rules)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total_tests += len(rules)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def format_error(kind: str, message: str, path: str | None, line: int | None, fmt: str) -> str:
    """Bad input (exit 2) in format ``fmt``, so CI parsing the report sees why it failed.

    >>> format_error("CatalogError", "bad", "a.po", 3, "github")
    '::error file=a.po,line=3,title=zhl10n check (CatalogError)::bad\\n'
    """
    if fmt == "json":
        error = {"type": kind, "message": message, "file": path, "line": line}
        return (
            json.dumps({"version": JSON_VERSION, "error": error}, ensure_ascii=False, indent=2)
            + "\n"
        )
    where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
    if fmt == "github":
        props = f"file={_escape_property(path)}," if path else ""
        props += f"line={line}," if path and line else ""
        title = _escape_property(f"zhl10n check ({kind})")
        return f"::error {props}title={title}::{_escape_data(message)}\n"
    if fmt == "junit":
        root = ET.Element("testsuites", name="zhl10n check", tests="1", failures="1", errors="0")
        suite = ET.SubElement(
            root, "testsuite", name="zhl10n check", tests="1", failures="1", errors="0"
        )
        suite.set("skipped", "0")
        case = ET.SubElement(suite, "testcase", classname=_xml_text(path or "zhl10n"), name="input")
        failure = ET.SubElement(case, "failure", message=_xml_text(where + message), type=kind)
        failure.text = _xml_text(where + message)
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
    return f"error: {where}{message}\n"


#: Format name -> formatter, for ``check --format``.
FORMATS: dict[str, Callable[[CheckResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "junit": format_junit,
}


def format_result(result: CheckResult, fmt: str) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        return FORMATS[fmt](result)
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}") from None
