from django.http import FileResponse

from .services import CONTENT_TYPES


def serve(stored, *, inline: bool = False) -> FileResponse:
    """Send a stored file as an attachment (or `inline`, for a preview on a page); callers check permission
    first. Only checked uploads (PDF, JPG, PNG by content) are stored, so a preview cannot be HTML."""
    response = FileResponse(stored.file.open("rb"), as_attachment=not inline, filename=stored.original_name,
                            content_type=CONTENT_TYPES.get(stored.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
