"""Fills a document's .docx template with docxtpl."""

from io import BytesIO
from pathlib import Path

from docxtpl import DocxTemplate

from .documents import Document

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx_templates"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_docx(document: Document) -> bytes:
    """The filled Word file. Values are escaped, so a name with '&' or '<' stays text."""
    template = DocxTemplate(TEMPLATE_DIR / f"{document.template}.docx")
    template.render(document.context, autoescape=True)
    buffer = BytesIO()
    template.save(buffer)
    return buffer.getvalue()
