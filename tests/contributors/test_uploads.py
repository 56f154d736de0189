"""Files from the public checked by what they contain (smartvillages.core.uploads): the same
checks serve contributors' photos and PDFs."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartvillages.core.uploads import check_pdf, clean_image
from tests.uploads import pdf_bytes, photo_bytes


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_plain_pdf_is_accepted():
    check_pdf(upload("report.pdf", pdf_bytes()))


@pytest.mark.parametrize(
    "data",
    [
        pdf_bytes(javascript="app.alert('hi')"),
        pdf_bytes(attachment=True),
        b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>",
        b"%PDF-1.4\nnot really a pdf at all",
        b"<html>hello</html>",
    ],
    ids=["javascript", "embedded-file", "polyglot-html", "broken", "html"],
)
def test_pdfs_with_active_content_or_no_pdf_at_all_are_refused(data):
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("report.pdf", data))
    assert error.value.code in {"pdf_content", "pdf_active"}


def test_a_photo_is_shrunk_and_loses_its_metadata():
    cleaned = clean_image(upload("barn.jpg", photo_bytes()), max_side=1200)
    assert (cleaned.width, cleaned.height) == (1200, 800)
    assert cleaned.content_type == "image/jpeg"
    with Image.open(io.BytesIO(cleaned.content.read())) as image:
        assert not image.getexif()  # no camera, no GPS position
        assert image.format == "JPEG"


@pytest.mark.parametrize(
    "data",
    [b"GIF89a not an image", pdf_bytes(), b"\x89PNG\r\n\x1a\n broken"],
    ids=["fake-gif", "pdf", "broken-png"],
)
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(ValidationError):
        clean_image(upload("photo.jpg", data, "image/jpeg"))


def test_a_too_large_file_is_refused_with_its_size():
    with pytest.raises(ValidationError) as error:
        clean_image(upload("barn.jpg", photo_bytes()), max_bytes=1000)
    assert error.value.code == "file_too_large"
