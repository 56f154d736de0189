"""A result as a PDF, with WeasyPrint (HTML and CSS to PDF, drawn with Pango; see
scripts/system-deps.sh). The PDF template holds its own styles and the chart inline: nothing
is fetched while the PDF is drawn."""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    def no_fetch(url, *args, **kwargs):
        raise ValueError(f"The result PDF fetches nothing: {url}")

    return HTML(string=html, base_url=base_url, url_fetcher=no_fetch).write_pdf()
