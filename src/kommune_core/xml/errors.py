"""The one error type of the hardened parser."""

from __future__ import annotations

__all__ = ["XmlInputError"]


class XmlInputError(ValueError):
    """XML that could not be read or was refused; names file, line, column and rule id."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        rule: str = "xml.malformed",
    ) -> None:
        self.file, self.line, self.column, self.rule = file, line, column, rule
        where = file or "<input>"
        if line:
            where += f":{line}"
            if column:
                where += f":{column}"
        super().__init__(f"{where}: {message} [{rule}]")
        self.message = message
