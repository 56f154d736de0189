"""Files sent by the public, checked by what they contain, not by their name (DESIGN §10).

- Images must decode with Pillow; they are then drawn again at a bounded size and saved
  without their metadata (EXIF: camera, date, often the GPS position of someone's home).
- PDFs must parse with pypdf and carry no JavaScript, launch action or embedded file. A file
  that starts like a PDF but holds a web page (a polyglot) is refused.

Both raise ``ValidationError`` with a message for the person who sent the file; the form
that called them shows it beside the field and keeps what else was typed.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

#: What a public image may be, by the format Pillow finds in its bytes.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
#: Beyond this many pixels an image is refused before it is decoded (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000

#: Markers of active content in a PDF's objects (in any object, compressed streams included:
#: pypdf decodes them below) and of a web page hidden after a PDF header.
PDF_ACTIVE_KEYS = (
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
)
HTML_MARKERS = re.compile(rb"<\s*(script|html|body|iframe|svg|object)\b", re.IGNORECASE)


@dataclass
class CleanImage:
    content: ContentFile
    content_type: str
    width: int
    height: int


def _too_large(upload, limit):
    if limit and upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files of up to %(limit)s are accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def clean_image(upload, *, max_side: int = 2000, max_bytes: int | None = None) -> CleanImage:
    """Decode an uploaded image, turn it upright, shrink it to ``max_side`` pixels at most and
    save it again without metadata. Raises ValidationError when it is not an image we take."""
    from PIL import Image, ImageOps

    _too_large(upload, max_bytes)
    refused = ValidationError(
        _("This file is not a JPEG, PNG or WebP image. Check it opens, or save it again as JPEG."),
        code="image_content",
    )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise refused
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("This image is too large (%(width)s × %(height)s pixels).")
                        % {"width": probe.width, "height": probe.height},
                        code="image_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((max_side, max_side))
                if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                output = io.BytesIO()
                # No exif=, no icc_profile=, no pnginfo=: nothing of the original's metadata
                image.save(output, format=image_format, optimize=True)
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many kinds on a broken or hostile file
        raise refused from exc
    extension, content_type = IMAGE_FORMATS[image_format]
    stem = get_valid_filename(PurePosixPath(upload.name or "image").stem)[:80] or "image"
    return CleanImage(
        ContentFile(output.getvalue(), name=f"{stem}.{extension}"),
        content_type,
        image.width,
        image.height,
    )


def check_pdf(upload, *, max_bytes: int | None = None) -> None:
    """Refuse what is not a plain PDF document: unreadable by pypdf, a web page behind a PDF
    header, or a PDF with scripts, launch actions or embedded files."""
    from pypdf import PdfReader

    _too_large(upload, max_bytes)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    not_pdf = ValidationError(
        _("This file is not a valid PDF document. Check it opens, or save it again as PDF."),
        code="pdf_content",
    )
    if not data.startswith(b"%PDF-") or HTML_MARKERS.search(data):
        raise not_pdf
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password. Send it without protection."),
                code="pdf_encrypted",
            )
        if not len(reader.pages):
            raise not_pdf
        if _has_active_content(reader, data):
            raise ValidationError(
                _(
                    "This PDF contains scripts or embedded files, which are not accepted. "
                    "Print it again to PDF, or export it without them."
                ),
                code="pdf_active",
            )
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise not_pdf from exc


def _has_active_content(reader, data: bytes) -> bool:
    """JavaScript, launch actions, embedded files, rich media or XFA forms anywhere: in the raw
    bytes (uncompressed objects) and in every object pypdf can resolve (object streams)."""
    if any(re.search(re.escape(key.encode()) + rb"[\s/<(\[]", data) for key in PDF_ACTIVE_KEYS):
        return True
    from pypdf.generic import IndirectObject

    keys = set(PDF_ACTIVE_KEYS)
    seen = set()

    def walk(obj, depth=0):
        if depth > 40:
            return False
        if isinstance(obj, IndirectObject):
            marker = (obj.idnum, obj.generation)
            if marker in seen:
                return False
            seen.add(marker)
            obj = obj.get_object()
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key in keys or (key == "/S" and str(value) in keys):
                    return True
                if key in ("/Parent", "/P"):
                    continue
                if walk(value, depth + 1):
                    return True
        elif isinstance(obj, list):
            return any(walk(item, depth + 1) for item in obj)
        return False

    return walk(reader.trailer["/Root"])
