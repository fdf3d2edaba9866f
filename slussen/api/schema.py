"""The OpenAPI 3 schema, generated from the endpoints by drf-spectacular, and a plain reading
of it for the documentation page."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

from .framework import ID_SCHEMA, SLUG_SCHEMA

SETTINGS = {
    "TITLE": "Slussen API",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Bodies are documented as JSON, the form the API checks strictly (framework.Body).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "PATH_CONVERTER_OVERRIDES": {"id": ID_SCHEMA, "slug": SLUG_SCHEMA},
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "slussen.cases.models.Kind.choices",
        "FundKindEnum": "slussen.fund.models.Kind.choices",
    },
}


def build() -> dict:
    """The same schema for everyone, whoever asks."""
    with patched_settings(
        {
            **SETTINGS,
            "DESCRIPTION": _(
                "Slussen's open interface: the register, the innovation fund, test environments, "
                "the navigator and strategic projects. Open data needs no key; cases and "
                "statistics need a personal API key."
            ),
            "LICENSE": {"name": "CC0 1.0 (open data)"},
        }
    ):
        return SchemaGenerator().get_schema(request=None, public=True)


METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node or {}


def _type(schema, node):
    node = _resolve(schema, node)
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"] if v not in ("", None))
    if "allOf" in node:
        return _type(schema, node["allOf"][0])
    if node.get("type") == "array":
        return _("list of %(type)s") % {"type": _type(schema, node.get("items", {}))}
    if "properties" in node:
        return _("object: %(fields)s") % {"fields": ", ".join(node["properties"])}
    return node.get("format") or node.get("type") or _("object")


def prose(text) -> str:
    """A schema description (the little markdown drf-spectacular writes: "* `idea` - Idé"
    lists, `code`, paragraphs) as safe HTML for the documentation page."""
    if not text:
        return ""

    def inline(line):
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(line.strip()))

    parts, items = [], []
    for block in re.split(r"\n\s*\n", str(text).strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        for line in lines:
            bullet = re.match(r"\s*[*-]\s+(.*)", line)
            if bullet:
                item = re.sub(r"^(`[^`]+`)\s+-\s+", r"\1 – ", bullet.group(1))
                items.append(f"<li>{inline(item)}</li>")
                continue
            if items:
                parts.append(f"<ul>{''.join(items)}</ul>")
                items = []
            parts.append(f"<p>{inline(line)}</p>")
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
    if len(parts) == 1 and parts[0].startswith("<p>"):
        return mark_safe(parts[0][3:-4])  # one sentence: no paragraph around it
    return mark_safe("".join(parts))


def _fields(schema, node):
    """(name, type, description) of an answer's fields; a page of results lists one result."""
    node = _resolve(schema, node)
    paginated = "results" in node.get("properties", {})
    if paginated:
        node = node["properties"]["results"]
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items", {}))
    properties = node.get("properties", {})
    required = set(node.get("required", []))
    return paginated, [
        {
            "name": name,
            "type": _type(schema, prop),
            "description": prose(
                _resolve(schema, prop).get("description", "") or prop.get("description", "")
            ),
            "nullable": bool(prop.get("nullable") or _resolve(schema, prop).get("nullable")),
            "required": name in required,
        }
        for name, prop in properties.items()
    ]


def operations(schema) -> list[dict]:
    """The endpoints grouped by tag, in the schema's order, ready for a template."""
    groups: dict[str, list] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            ok = next(code for code in op["responses"] if code.startswith("2"))
            content = op["responses"][ok].get("content", {}).get("application/json", {})
            paginated, fields = _fields(schema, content.get("schema", {}))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            public = {} in op.get("security", [{}])
            groups.setdefault(op.get("tags", [""])[0], []).append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": prose(op.get("description", "")),
                    "public": public,
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(schema, p.get("schema", {})),
                            "description": prose(p.get("description", "")),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(schema, body.get("schema", {}))[1] if body else [],
                    "paginated": paginated,
                    "fields": fields,
                    "responses": [
                        (code, prose(answer.get("description", "")))
                        for code, answer in op["responses"].items()
                    ],
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]
