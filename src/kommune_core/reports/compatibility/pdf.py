"""PDF reports: the HTML report laid out on A4 by WeasyPrint (optional extra ``pdf``).

WeasyPrint is imported only here and only when a PDF is asked for; without it the error says
how to install it.
"""

from __future__ import annotations

__all__ = ["PdfUnavailable", "html_to_pdf"]


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the system libraries it needs) is not installed."""


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML report to PDF bytes (A4, with the report's print CSS)."""
    try:
        import weasyprint  # heavy and optional: loaded only for PDF output
    except (ImportError, OSError) as exc:  # OSError: pango/harfbuzz libraries missing
        raise PdfUnavailable(
            "PDF output needs WeasyPrint: pip install 'kommune-core[pdf]' "
            f"(and on Debian the pango libraries: make system-deps) – {exc}"
        ) from None
    return weasyprint.HTML(string=html, base_url=None).write_pdf()
