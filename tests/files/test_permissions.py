"""Data files are created readable by the service account only: uploads 0600 in 0700 folders, and the data
directory, the SQLite database and the secret key under a 077 umask."""

import json
import os
import stat
import subprocess
import sys

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.dossier import services

from .. import factories as f


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_uploads_are_private_to_the_service_account(world):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
    att = services.attach_file(world.applicant, world.app, SimpleUploadedFile("证.png", f.png_bytes()),
                               section_key="attachments")
    path = att.file.file.path
    assert mode(path) == 0o600
    assert mode(os.path.dirname(path)) == 0o700  # u/2026/12
    assert mode(os.path.dirname(os.path.dirname(path))) == 0o700  # u/2026


def test_data_directory_and_database_are_private(tmp_path):
    """A fresh process: the settings set the umask before anything is written."""
    data = tmp_path / "data"
    code = (
        "import json, os, sqlite3, stat\n"
        "from django.conf import settings\n"
        "settings.INSTALLED_APPS\n"
        "db = sqlite3.connect(str(settings.DATA_DIR / 'zhicheng.sqlite3'))\n"
        "db.execute('create table t (x)'); db.commit(); db.close()\n"
        "m = lambda p: stat.S_IMODE(os.stat(p).st_mode)\n"
        "d = settings.DATA_DIR\n"
        "print(json.dumps({'dir': m(d), 'db': m(d / 'zhicheng.sqlite3'), 'key': m(d / 'secret_key'),"
        " 'tmp': m(d / 'tmp')}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhicheng.settings", "ZHICHENG_DATA_DIR": str(data)}
    env.pop("SECRET_KEY", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,  # noqa: S603
                          check=True)
    assert json.loads(done.stdout) == {"dir": 0o700, "db": 0o600, "key": 0o600, "tmp": 0o700}


def test_an_existing_open_data_directory_is_closed(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # noqa: S103 (the open directory this test closes)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhicheng.settings", "ZHICHENG_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-c", "from django.conf import settings; settings.DATA_DIR"], env=env,  # noqa: S603
                   check=True)
    assert mode(data) == 0o700
