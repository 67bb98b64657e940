from django.http import FileResponse

from .services import CONTENT_TYPES


def serve(stored) -> FileResponse:
    """Send a stored file as an attachment; callers check permission first."""
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name,
                            content_type=CONTENT_TYPES.get(stored.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
