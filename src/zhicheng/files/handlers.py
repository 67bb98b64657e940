"""Stop reading a file as soon as it passes the size limit: a 2 GB upload never reaches the disk."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from zhicheng.codes.models import get_param


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on until the limit, then skips the file and notes it on
    the request (`request.oversized_uploads`), so the view can say which file was too large."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = get_param("upload_max_bytes")

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            if not hasattr(self.request, "oversized_uploads"):
                self.request.oversized_uploads = []
            self.request.oversized_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (temporary file) builds the file
