"""Real files of about the upload limit on disk, and a multipart request body streamed from disk.

Shared by tests/files/test_upload_streaming.py and bench/upload_memory.py. The request body is never built
in memory (django.test.Client's own multipart encoder joins the whole body into bytes, which would hide
what the server side costs): the file parts are copied into a body file, and the body file is the
request's ``wsgi.input``.
"""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

CHUNK = 1024 * 1024


def _fill(path: Path, head: bytes, size: int, tail: bytes = b"") -> Path:
    with open(path, "wb") as out:
        out.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            n = min(left, CHUNK)
            out.write(os.urandom(n))
            left -= n
        out.write(tail)
    return path


def padded_pdf(path: Path, size: int, text: str = "证明材料") -> Path:
    """A valid PDF of exactly `size` bytes: the small PDF's text, plus an unreferenced-by-pages stream of
    random bytes (kept by the catalogue), then spaces before the final %%EOF to the exact size."""
    import pikepdf

    from tests import factories as f

    base = f.summary_pdf() if text == "summary" else f.pdf_bytes(text)
    with pikepdf.open(io.BytesIO(base)) as pdf:
        pad = pdf.make_stream(os.urandom(max(0, size - len(base) - 4096)))
        pdf.Root.ZcPadding = pad
        out = io.BytesIO()
        pdf.save(out, compress_streams=False)
        data = out.getvalue()
    assert len(data) <= size, (len(data), size)
    body, eof = data.rsplit(b"%%EOF", 1)
    path.write_bytes(body + b" " * (size - len(data)) + b"%%EOF" + eof)
    return path


def padded_png(path: Path, size: int) -> Path:
    """A valid PNG of `size` bytes: a small image, then a private ancillary chunk of random bytes."""
    import struct
    import zlib

    from tests import factories as f

    png = f.png_bytes()
    iend = png.rindex(b"IEND") - 4
    n = size - len(png) - 12
    with open(path, "wb") as out:
        out.write(png[:iend])
        out.write(struct.pack(">I", n) + b"zcPd")
        crc = zlib.crc32(b"zcPd")
        left = n
        while left > 0:
            chunk = os.urandom(min(left, CHUNK))
            crc = zlib.crc32(chunk, crc)
            out.write(chunk)
            left -= len(chunk)
        out.write(struct.pack(">I", crc & 0xFFFFFFFF))
        out.write(png[iend:])
    assert path.stat().st_size == size
    return path


def padded_jpg(path: Path, size: int) -> Path:
    """A valid JPEG of `size` bytes: a small image, then data after its end marker (as cameras append)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buf, "JPEG")
    return _fill(path, buf.getvalue(), size)


def raw_file(path: Path, size: int) -> Path:
    return _fill(path, b"%PDF-1.7\n", size)


def make(kind: str, path: Path, size: int) -> Path:
    """kind: pdf / summary / jpg / png / raw (a PDF-looking file of random bytes)."""
    return {"pdf": lambda: padded_pdf(path, size), "summary": lambda: padded_pdf(path, size, "summary"),
            "jpg": lambda: padded_jpg(path, size), "png": lambda: padded_png(path, size),
            "raw": lambda: raw_file(path, size)}[kind]()


def multipart_body(target: Path, file_path: Path, *, field: str = "file", filename: str | None = None,
                   fields: dict | None = None) -> tuple[Path, str]:
    """Write a multipart/form-data body holding `fields` and the file; returns (body path, content type)."""
    boundary = uuid.uuid4().hex
    filename = filename or file_path.name
    with open(target, "wb") as out:
        for name, value in (fields or {}).items():
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                  f"Content-Type: application/octet-stream\r\n\r\n".encode())
        with open(file_path, "rb") as src:
            while chunk := src.read(CHUNK):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return target, f"multipart/form-data; boundary={boundary}"


def post_streamed(client, url: str, body: Path, content_type: str, **extra):
    """POST the body file through django.test.Client, read from disk as the request's input stream."""
    with open(body, "rb") as stream:
        return client.request(REQUEST_METHOD="POST", PATH_INFO=url, CONTENT_TYPE=content_type,
                              CONTENT_LENGTH=str(body.stat().st_size), QUERY_STRING="",
                              **{"wsgi.input": stream, "wsgi.url_scheme": "http"}, **extra)
