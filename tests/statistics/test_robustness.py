"""No 500, no raw script and a Chinese refusal for hostile filter values on the statistics page, its XLSX
export and the API (tests/support/robustness.py)."""

import pytest

from ..support.robustness import API, HOSTILE, JSON_HOSTILE, Findings, logged_in, send
from . import world as sw

FILTERS = ("year", "series", "level", "unit", "office", "state", "date_from", "date_to", "page")
URLS = ("/statistics/", "/statistics/export.xlsx")


@pytest.fixture
def w(world):
    return sw.build(world)


@pytest.mark.parametrize("who", ["provincial", "office_reviewer"])
def test_hostile_filters_on_the_statistics(w, who):
    client = logged_in(getattr(w, who))
    found = Findings()
    values = {**HOSTILE, **{k: str(v) for k, v in JSON_HOSTILE.items()}}
    for hostile_id, value in values.items():
        for query, what in (({"year": value}, "year"), (dict.fromkeys(FILTERS, value), "every filter")):
            for url in URLS:
                found.page(send(client, "get", url, query), context=f"{url} {what}={hostile_id}")
            found.api(send(client, "get", f"{API}/statistics", query), context=f"api {what}={hostile_id}")
    for year in ("-1", "0", "10000", "2147483648", "99999999999999999999"):  # refused, not taken as every year
        r = send(client, "get", f"{API}/statistics", {"year": year})
        found.api(r, context=f"api year={year}")
        if r.status_code != 422:
            found.items.append(f"api year={year} → {r.status_code}: not refused")
    found.check()
