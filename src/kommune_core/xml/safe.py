"""Hardened lxml parsing: no entities resolved, no DTD loaded, no network, no huge trees.

Every XML file the core reads goes through here. A refused or malformed document raises
:class:`XmlInputError` with the file, line and column.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

__all__ = ["XmlInputError", "parse_bytes", "parse_file", "safe_parser"]


class XmlInputError(ValueError):
    """XML that could not be read or was refused; names file, line and column."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, rule: str = "xml.malformed") -> None:
        self.file, self.line, self.column, self.rule = file, line, column, rule
        where = file or "<input>"
        if line:
            where += f":{line}"
            if column:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
        self.message = message


def safe_parser() -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD and never touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _refuse_dtd_entities(tree: etree._ElementTree, file: str | None) -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XmlInputError(
            "document declares entities in its DOCTYPE; refused (XXE / entity expansion)",
            file=file, line=1, rule="xml.entities",
        )
    if tree.docinfo.system_url:
        raise XmlInputError(
            f"document references an external DTD {tree.docinfo.system_url!r}; refused",
            file=file, line=1, rule="xml.external-dtd",
        )


def parse_bytes(data: bytes, *, file: str | None = None) -> etree._ElementTree:
    try:
        root = etree.fromstring(data, safe_parser(), base_url=file)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno, None)
        raise XmlInputError(exc.msg or str(exc), file=file, line=line, column=col) from None
    tree = root.getroottree()
    _refuse_dtd_entities(tree, file)
    return tree


def parse_file(path: str | os.PathLike[str]) -> etree._ElementTree:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise XmlInputError(f"cannot read: {exc.strerror or exc}", file=str(p), rule="io") from None
    if not data.strip():
        raise XmlInputError("file is empty", file=str(p), rule="xml.empty")
    return parse_bytes(data, file=str(p))
