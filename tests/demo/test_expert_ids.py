"""The demo's panel members get valid ID numbers whatever their key (PostgreSQL's keys keep growing)."""

import pytest

from zhicheng.demo.stage_vote import birth, id_number
from zhicheng.orgs.validators import validate_id_number


@pytest.mark.django_db
@pytest.mark.parametrize("key", [1, 79, 80, 1_234, 9_999_999])
def test_any_key_gives_a_valid_id_born_before_2000(key):
    idn = id_number(key)
    validate_id_number(idn)
    assert 1962 <= birth(key).year <= 1999
    assert idn[6:14] == f"{birth(key):%Y%m%d}"
