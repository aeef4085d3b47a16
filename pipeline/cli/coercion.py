"""Option coercion without pydantic: typer 0.29 imports it for any option, which costs
more than the rest of ``zhl10n check`` on a small repository.

This reaches into typer's internals (``core._TyperParameter.get_runtime_param``);
:func:`install` says whether it could, and ``tests/test_startup.py`` fails on a typer
whose internals moved, so an upgrade is noticed rather than silently slower.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

BOOL_WORDS = {
    **dict.fromkeys(("", "0", "off", "f", "false", "n", "no"), False),
    **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True),
}


@functools.cache
def install() -> bool:
    """Coerce str, Path and Enum options without pydantic (typer 0.29 imports it for any).

    pydantic and its schema machinery cost more than the rest of ``zhl10n check``
    on a small repository. The conversions are typer's own (``coerce_cli_choice``,
    ``coerce_cli_path``), so values and error messages stay the same; numbers and
    anything unusual still go through typer's pydantic adapters. When typer's
    internals change, nothing is patched and typer works as shipped (False).
    Installed once per process.
    """
    try:
        from dataclasses import dataclass as frozen_dataclass

        from typer import _coercion, _param_types, core
        from typer._click.exceptions import BadParameter

        param_class = core._TyperParameter
        original = param_class.get_runtime_param
        base = _coercion.RuntimeParam
        choice, path = _param_types.coerce_cli_choice, _param_types.coerce_cli_path
    except (ImportError, AttributeError):  # pragma: no cover - another typer
        return False

    def leaf(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
        if info.parser is not None:
            return None
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            members = list(annotation)
            return lambda v, p, c: choice(
                v, choices=members, case_sensitive=info.case_sensitive, ctx=c
            )
        if annotation is str:
            return lambda v, p, c: v if isinstance(v, str) else str(v)
        if annotation is bool:  # flags (--help) arrive as bools; pydantic's words otherwise
            return lambda v, p, c: v if isinstance(v, bool) else BOOL_WORDS[str(v).strip().lower()]
        if annotation is Path and info.path_type is None:
            return lambda v, p, c: path(
                v if isinstance(v, Path) else Path(v), info, path_type=Path, param=p, ctx=c
            )
        return None

    @frozen_dataclass(frozen=True)
    class Light(base):  # type: ignore[misc, valid-type]
        convert: Callable[[Any, Any, Any], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if isinstance(value, (list, tuple)):
                    return type(value)(self.convert(item, param, ctx) for item in value)
                return self.convert(value, param, ctx)
            except KeyError:
                raise BadParameter(
                    "Input should be a valid boolean", ctx=ctx, param=param
                ) from None
            except ValueError as exc:
                raise BadParameter(f"Value error, {exc}", ctx=ctx, param=param) from exc

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            annotation, info = descriptor.annotation, descriptor.parameter_info
            is_list = getattr(annotation, "__origin__", None) is list
            convert = leaf(annotation.__args__[0] if is_list else annotation, info)
            if convert is not None and descriptor.file_annotation is None:
                self._runtime_param = Light(info, annotation, convert)
        return original(self)

    param_class.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True
