"""Files for upload tests: a real PDF (with a script or an attachment on demand) and a photo
with camera and GPS metadata, made on the fly."""

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes(javascript=None, attachment=False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if javascript:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("notes.txt", b"hello")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def photo_bytes(size=(3000, 2000), fmt="JPEG", gps=True) -> bytes:
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    if gps:
        exif[0x8825] = {2: (45.0, 11.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()
