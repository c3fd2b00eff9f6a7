"""ISO Schematron with ``queryBinding="xslt2"`` or ``"xslt3"`` compiled to an XSLT 2.0
stylesheet that writes SVRL, for Saxon to run.

Covered: ``ns``, ``let`` (schema, pattern and rule level), ``pattern`` / ``rule`` /
``assert`` / ``report`` with ``id``, ``role``, ``flag``, messages with ``value-of`` and
``name``, phases (``defaultPhase`` and ``active``), and XSLT elements at schema level
(``xsl:function``, ``xsl:key``, ``xsl:include``), which are copied. As in Schematron, a node
fires at most the first matching rule of each pattern. Abstract patterns and rules,
``extends``, ``include`` and ``diagnostics`` references are not compiled: such a schema is a
:class:`~kommune_core.validation.schemas.SchemaLoadError` naming the file and line — compile it
with the reference skeleton (or SchXslt) to ``.xsl`` and configure that instead.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

__all__ = ["compile_to_xslt"]

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
_S = f"{{{SCH}}}"
_UNSUPPORTED = ("include", "extends")

#: The SVRL ``location`` of the context node: an XPath 1.0 path that lxml can evaluate.
_LOCATION = (
    "string-join(for $a in ancestor-or-self::* return concat('/*[local-name()=''', "
    "local-name($a), ''' and namespace-uri()=''', namespace-uri($a), '''][', "
    "count($a/preceding-sibling::*[local-name() = local-name($a) and namespace-uri() = "
    "namespace-uri($a)]) + 1, ']'), '')"
)


def _fail(path: Path, el: etree._Element, what: str) -> None:
    from ..schemas import SchemaLoadError

    raise SchemaLoadError(
        f"{path}:{el.sourceline}: Schematron: {what} is not supported for "
        "queryBinding xslt2/xslt3; compile the schema to .xsl and use that"
    )


def _message(el: etree._Element) -> str:
    """The content of an assert/report as XSLT instructions."""
    parts = []
    if el.text:
        parts.append(f"<xsl:text>{_esc(el.text)}</xsl:text>")
    for child in el:
        if isinstance(child.tag, str):
            local = etree.QName(child).localname
            if local == "value-of":
                parts.append(f"<xsl:value-of select={quoteattr(child.get('select') or '.')}/>")
            elif local == "name":
                expr = "name(" + (child.get("path") or ".") + ")"
                parts.append(f"<xsl:value-of select={quoteattr(expr)}/>")
            else:
                parts.append(f"<xsl:text>{_esc(''.join(child.itertext()))}</xsl:text>")
        if child.tail:
            parts.append(f"<xsl:text>{_esc(child.tail)}</xsl:text>")
    return "".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _let(el: etree._Element) -> str:
    name = el.get("name") or ""
    if el.get("value") is not None:
        return f"<xsl:variable name={quoteattr(name)} select={quoteattr(el.get('value'))}/>"
    inner = "".join(
        etree.tostring(c, encoding="unicode", with_tail=False) for c in el if isinstance(c.tag, str)
    )
    return f"<xsl:variable name={quoteattr(name)}>{inner}</xsl:variable>"


def compile_to_xslt(path: Path, doc: etree._ElementTree) -> str:
    """The XSLT 2.0 text for the Schematron ``doc`` (read from ``path``)."""
    root = doc.getroot()
    for local in _UNSUPPORTED:
        el = root.find(f".//{_S}{local}")
        if el is not None:
            _fail(path, el, f"<{local}>")
    for el in root.iter(f"{_S}pattern", f"{_S}rule"):
        if el.get("abstract") == "true" or el.get("is-a"):
            _fail(path, el, "an abstract pattern or rule")
    ns = {el.get("prefix", ""): el.get("uri", "") for el in root.iter(f"{_S}ns")}
    decls = " ".join(f"xmlns:{p}={quoteattr(u)}" for p, u in ns.items() if p)
    patterns = list(root.iter(f"{_S}pattern"))
    active: set[str] | None = None
    phase_id = root.get("defaultPhase")
    if phase_id and phase_id != "#ALL":
        phase = next((p for p in root.iter(f"{_S}phase") if p.get("id") == phase_id), None)
        if phase is None:
            _fail(path, root, f"defaultPhase {phase_id!r} without a matching <phase>")
        active = {a.get("pattern") or "" for a in phase.iter(f"{_S}active")}  # type: ignore[union-attr]
        patterns = [p for p in patterns if p.get("id") in active]
    out = [
        f'<xsl:stylesheet version="2.0" xmlns:xsl="{XSL}" '
        f'xmlns:svrl="http://purl.oclc.org/dsdl/svrl" {decls}>',
        '<xsl:output method="xml" indent="no"/>',
    ]
    for child in root:
        if isinstance(child.tag, str) and etree.QName(child).namespace == XSL:
            out.append(etree.tostring(child, encoding="unicode", with_tail=False))
    for let in root.iterchildren(f"{_S}let"):
        out.append(_let(let))
    out.append(
        '<xsl:template match="/"><svrl:schematron-output '
        f"title={quoteattr(' '.join(''.join(root.findtext(f'{_S}title') or '').split()))}>"
    )
    for prefix, uri in ns.items():
        out.append(
            f"<svrl:ns-prefix-in-attribute-values prefix={quoteattr(prefix)} uri={quoteattr(uri)}/>"
        )
    for i, pattern in enumerate(patterns):
        pid = pattern.get("id") or f"pattern-{i + 1}"
        out.append(
            f"<svrl:active-pattern id={quoteattr(pid)}/>"
            f'<xsl:apply-templates select="/" mode="M{i}"/>'
        )
    out.append("</svrl:schematron-output></xsl:template>")
    for i, pattern in enumerate(patterns):
        pattern_lets = "".join(_let(el) for el in pattern.iterchildren(f"{_S}let"))
        rules = list(pattern.iterchildren(f"{_S}rule"))
        for j, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                _fail(path, rule, "a rule without context")
            body = [pattern_lets, "".join(_let(el) for el in rule.iterchildren(f"{_S}let"))]
            body.append(f"<svrl:fired-rule context={quoteattr(context)}/>")  # type: ignore[arg-type]
            for test in rule.iterchildren(f"{_S}assert", f"{_S}report"):
                is_assert = etree.QName(test).localname == "assert"
                expr = test.get("test") or "true()"
                cond = f"not({expr})" if is_assert else expr
                tag = "svrl:failed-assert" if is_assert else "svrl:successful-report"
                attrs = f"test={quoteattr(expr)}"
                for name in ("id", "role", "flag"):
                    if test.get(name):
                        attrs += f" {name}={quoteattr(test.get(name))}"  # type: ignore[arg-type]
                body.append(
                    f"<xsl:if test={quoteattr(cond)}><{tag} {attrs}>"
                    f'<xsl:attribute name="location" select="{_LOCATION}"/>'
                    f"<svrl:text>{_message(test)}</svrl:text></{tag}></xsl:if>"
                )
            body.append(f'<xsl:apply-templates select="@*|node()" mode="M{i}"/>')
            out.append(
                f"<xsl:template match={quoteattr(context)} "  # type: ignore[arg-type]
                f'priority="{1000 + len(rules) - j}" mode="M{i}">{"".join(body)}'
                "</xsl:template>"
            )
        out.append(
            f'<xsl:template match="text()" priority="-1" mode="M{i}"/>'
            f'<xsl:template match="@*|node()" priority="-2" mode="M{i}">'
            f'<xsl:apply-templates select="@*|node()" mode="M{i}"/></xsl:template>'
        )
    out.append("</xsl:stylesheet>")
    return "\n".join(out)
