import pytest

from .. import factories as f
from . import matrix


@pytest.fixture(scope="module")
def mw(django_db_setup, django_db_blocker):
    """The permission matrix's world (tests/api/matrix.py), built once per module."""
    yield from f.module_world(django_db_blocker, matrix.build)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


@pytest.fixture(scope="module")
def pdf():
    return f.pdf_bytes("学位证书")


@pytest.fixture(scope="module")
def summary_pdf():
    return f.pdf_bytes(f.summary_text(800))
