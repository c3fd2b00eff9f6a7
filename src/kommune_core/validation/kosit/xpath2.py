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

__all__ = ["XPath2", "compile_xpath", "context_of"]


class XPath2:
    """A compiled XPath 2.0 expression with its namespaces."""

    def __init__(self, expr: str, namespaces: dict[str, str], token: Any) -> None:
        self.expr, self.namespaces, self._token = expr, namespaces, token

    def test(self, tree: Any) -> tuple[bool, str | None]:
        """``(effective boolean value, None)``, or ``(False, reason)`` when evaluation
        fails. ``tree``: an lxml element tree or element (its document is used), or a
        :func:`context_of` — built once per document for several expressions."""
        from elementpath import XPathContext

        try:
            doc = tree if isinstance(tree, _Doc | XPathContext) else context_of(tree)
            context = XPathContext(doc.node) if isinstance(doc, _Doc) else doc
            value = self._token.evaluate(context)
            return bool(self._token.boolean_value(value)), None
        except Exception as exc:  # elementpath raises many types; never crash validation
            return False, f"XPath {self.expr!r} failed: {type(exc).__name__}: {exc}"


class _Doc:
    """A document's elementpath node tree, built once for several expressions."""

    def __init__(self, node: Any) -> None:
        self.node = node


def context_of(tree: Any) -> Any:
    """What :meth:`XPath2.test` evaluates on: the document of ``tree`` as elementpath nodes,
    built once (a walk over the document) for all expressions of a file."""
    from elementpath import XPathContext

    root = tree.getroot() if hasattr(tree, "getroot") else tree.getroottree().getroot()
    try:
        from elementpath.tree_builders import get_node_tree

        return _Doc(get_node_tree(root.getroottree()))
    except ImportError:  # an elementpath without the builder: one context per expression
        return XPathContext(root.getroottree())


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
