"""The PDF check run in a child process under CPU-time, memory and page limits (see `sandbox.py`).

A crafted 16 KB PDF can keep a parser busy for a minute or make it allocate gigabytes; here only this
child suffers: the kernel stops it at the limit and the server refuses the file. Standalone on purpose
(no Django, nothing of zhicheng imported): `python -I pdfcheck.py CPU MEMORY_MB MAX_PAGES TEXT PATH|-`
prints one JSON object — {"pages", "dangers", "chars"} or {"error", ...}.
"""

import io
import json
import re
import resource
import sys

DANGEROUS_KEYS = {"/JavaScript": "JavaScript 脚本", "/JS": "JavaScript 脚本",
                  "/Launch": "启动外部程序的动作", "/EmbeddedFiles": "嵌入文件",
                  "/EmbeddedFile": "嵌入文件", "/EF": "嵌入文件", "/FileAttachment": "嵌入文件",
                  "/RichMedia": "多媒体内容", "/XFA": "XFA 动态表单", "/GoToE": "跳转到嵌入文件的动作",
                  "/GoToR": "打开外部文件的动作", "/SubmitForm": "提交表单的动作",
                  "/ImportData": "导入数据的动作"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def limit(cpu_seconds: int, memory_mb: int) -> None:
    """Soft CPU limit: SIGXCPU stops the process; the hard limit one second later is SIGKILL."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no file (it only reads the upload)


def dangers(pdf, pikepdf) -> list[str]:
    """Walk every object of the PDF, nested dictionaries included; name the active content it carries."""
    found: set[str] = set()

    def visit(obj, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in obj.keys():
                if key in DANGEROUS_KEYS:
                    found.add(DANGEROUS_KEYS[key])
                value = obj.get(key)
                if isinstance(value, pikepdf.Name) and key in ("/S", "/Type", "/Subtype") and str(
                        value) in DANGEROUS_KEYS:
                    found.add(DANGEROUS_KEYS[str(value)])
                if isinstance(value, pikepdf.Object) and not value.is_indirect:  # indirect ones: visited below
                    visit(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                if isinstance(value, pikepdf.Object) and not value.is_indirect:
                    visit(value, depth + 1)

    visit(pdf.trailer, 0)
    for obj in pdf.objects:
        visit(obj, 0)
    return sorted(found)


def chinese_chars(source) -> dict:
    from pypdf import PdfReader

    try:
        reader = PdfReader(source)
        if reader.is_encrypted and not reader.decrypt(""):
            return {"error": "text_encrypted"}
        text = "".join(page.extract_text() or "" for page in reader.pages)
    except MemoryError:
        raise
    except Exception:  # encrypted with an unsupported scheme, or a damaged text layer
        return {"error": "text_unreadable"}
    return {"chars": len(CJK.findall(text))}


def check(source, max_pages: int, text: bool) -> dict:
    """`source`: an open binary file (the upload's temporary file, read where needed, never whole) or a
    BytesIO (a small upload sent on stdin)."""
    import pikepdf

    try:
        with pikepdf.open(source) as pdf:
            pages = len(pdf.pages)
            if pages > max_pages:
                return {"error": "pages", "pages": pages}
            found = dangers(pdf, pikepdf)
    except MemoryError:
        raise
    except pikepdf.PasswordError:
        return {"error": "encrypted"}
    except Exception:  # a parse failure means a damaged or disguised file
        return {"error": "damaged"}
    out: dict = {"pages": pages, "dangers": found}
    if text and not found:
        source.seek(0)
        out.update(chinese_chars(source))  # pypdf reads an open file by seeking (a path it would read whole)
    return out


def main(argv: list[str]) -> int:
    cpu_seconds, memory_mb, max_pages, text = (int(a) for a in argv[1:5])
    limit(cpu_seconds, memory_mb)
    try:
        if argv[5] == "-":  # a small upload kept in memory (at most FILE_UPLOAD_MAX_MEMORY_SIZE)
            result = check(io.BytesIO(sys.stdin.buffer.read()), max_pages, bool(text))
        else:  # the temporary upload file, read by seeking: the child never holds the whole file either
            with open(argv[5], "rb") as f:
                result = check(f, max_pages, bool(text))
    except MemoryError:
        result = {"error": "memory"}
    except RecursionError:
        result = {"error": "damaged"}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
