"""The OpenAPI document /api/v1/openapi.json describes every answer with a type: no bare objects or lists."""

from __future__ import annotations

import pytest
from django.test import Client
from ninja import Schema

API = "/api/v1"


def schema() -> dict:
    from zhicheng.urls import api  # registers the <id:…> converter first

    return api.get_openapi_schema()


def untyped(node: dict, components: dict, where: str, seen: frozenset = frozenset()) -> list[str]:
    """The places under `node` whose content is not described: an object with neither properties nor a
    typed value schema, a list without an item type, or a schema with no type at all."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else untyped(components[name], components, f"{where} → {name}", seen | {name})
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            return [p for sub in node[key] for p in untyped(sub, components, where, seen)]
    kind = node.get("type")
    if kind == "object":
        props, values = node.get("properties") or {}, node.get("additionalProperties")
        if not props and not (isinstance(values, dict) and values):
            return [f"{where}: an object of unknown shape"]
        problems = [p for name, sub in props.items() for p in untyped(sub, components, f"{where}.{name}", seen)]
        if isinstance(values, dict) and values:
            problems += untyped(values, components, f"{where}[*]", seen)
        return problems
    if kind == "array":
        items = node.get("items")
        return untyped(items, components, f"{where}[]", seen) if items else [f"{where}: a list of unknown items"]
    if kind is None and "enum" not in node and "const" not in node:
        return [f"{where}: no type"]
    return []


def test_every_answer_of_every_operation_is_typed():
    doc = schema()
    components = doc["components"]["schemas"]
    problems = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert any(str(code).startswith("2") for code in op["responses"]), f"{method} {path}: no success answer"
            for code, response in op["responses"].items():
                for content in response.get("content", {}).values():
                    problems += untyped(content["schema"], components, f"{method.upper()} {path} {code}")
    assert not problems, "\n".join(problems)


class _Loose(Schema):
    payload: dict
    rows: list


def test_the_check_finds_an_untyped_answer():
    """The control for the test above: a bare dict and a bare list are found."""
    node = _Loose.model_json_schema()
    assert untyped(node, node.get("$defs", {}), "loose") == ["loose.payload: an object of unknown shape",
                                                             "loose.rows: a list of unknown items"]


JSON_BODY_OPERATIONS = [("/api/v1/applications/{pk}/sections/{key}", "post"),
                        ("/api/v1/applications/{pk}/sections/{key}/{item_id}", "put"),
                        ("/api/v1/applications/{pk}/drafts/{key}/{form_key}", "put"),
                        ("/api/v1/applications/{pk}/actions/{action}", "post")]


@pytest.mark.parametrize(("path", "method"), JSON_BODY_OPERATIONS)
def test_json_payload_is_read_from_the_request_body(path, method):
    """A bare `dict` parameter without Body(...) is taken by django-ninja as a QUERY parameter, so every JSON
    body would be answered 422 "payload" missing, before any permission check."""
    operation = schema()["paths"][path][method]
    assert "payload" not in [p["name"] for p in operation.get("parameters", [])]
    assert "requestBody" in operation


def test_openapi_document_and_docs_are_served(db):
    """At /api/v1/openapi.json and /api/v1/docs, as before the API was split into modules."""
    r = Client().get(f"{API}/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "职称申报评审系统 API"
    assert {"/api/v1/applications/{pk}/actions/{action}", "/api/v1/organizations"} <= set(r.json()["paths"])
    assert Client().get(f"{API}/docs").status_code == 200
