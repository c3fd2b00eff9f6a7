"""XPath 2.0 for KoSIT ``match`` and ``acceptMatch`` expressions, with ``elementpath`` on
lxml trees (no Saxon needed for matching).

An expression is compiled once (:func:`compile_xpath`, which raises
:class:`~.config.KositConfigError` with file and line when it does not compile) and evaluated
to its effective boolean value (:meth:`XPath2.test`). An error while evaluating (a dynamic
type error, a failed cast) never escapes: it is the KoSIT validator's "no match" (false),
and the reason is returned so that it can be reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["XPath2", "compile_xpath"]


class XPath2:
    """A compiled XPath 2.0 expression with its namespaces."""

    def __init__(self, expr: str, namespaces: dict[str, str], token: Any) -> None:
        self.expr, self.namespaces, self._token = expr, namespaces, token

    def test(self, tree: Any) -> tuple[bool, str | None]:
        """``(effective boolean value, None)``, or ``(False, reason)`` when evaluation
        fails. ``tree``: an lxml element tree (or element: its document is used)."""
        from elementpath import XPathContext

        try:
            root = tree.getroot() if hasattr(tree, "getroot") else tree.getroottree().getroot()
            context = XPathContext(root.getroottree())
            value = self._token.evaluate(context)
            return bool(self._token.boolean_value(value)), None
        except Exception as exc:  # elementpath raises many types; never crash validation
            return False, f"XPath {self.expr!r} failed: {type(exc).__name__}: {exc}"


def compile_xpath(
    expr: str, namespaces: dict[str, str], file: str | Path, line: int | None, what: str
) -> XPath2:
    """``expr`` compiled with ``namespaces``; raises ``KositConfigError(file, line)``."""
    from elementpath import XPath2Parser
    from elementpath.exceptions import ElementPathError

    from .config import KositConfigError

    try:
        parser = XPath2Parser(namespaces=namespaces)
        token = parser.parse(expr)
    except (ElementPathError, SyntaxError, ValueError, TypeError) as exc:
        raise KositConfigError(
            file, line, f"{what}: XPath 2.0 {expr!r} does not compile: {exc}"
        ) from None
    return XPath2(expr, namespaces, token)
