"""The OpenAPI 3.1 description of ``kommune serve``, written by hand.

Why by hand: the interesting part of this API is its status codes and content types (the
KoSIT daemon's 200/406/422, content negotiation by ``Accept``, 413/503/408 from the limits),
not request models. Starlette's ``SchemaGenerator`` would only collect YAML from docstrings —
the same hand-writing, spread over handlers — and FastAPI would generate models we do not
have while routing "POST on any path" awkwardly. ``tests/service/test_openapi.py`` walks this
description and checks every documented (path, method, status, content type) against the
running server, and that the server sends nothing undocumented in the recipes it runs.
"""

from __future__ import annotations

from typing import Any

from .. import __version__

__all__ = ["spec"]

_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_XML = {"schema": {"type": "string", "description": "KoSIT validation report (VARL 1.0)"}}
_REPORT = {
    "application/xml": _XML,
    "application/json": {"schema": {"$ref": "#/components/schemas/ValidationReport"}},
    "application/sarif+json": {"schema": {"type": "object", "description": "SARIF 2.1.0"}},
}
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
_COMPAT = {
    "application/json": {
        "schema": {
            "description": "the `kommune check --format json` "
            "document (compare/matrix: a list of them)"
        }
    },
    "text/html": {"schema": {"type": "string"}},
    "text/markdown": {"schema": {"type": "string"}},
}


def _r(
    description: str, content: dict[str, Any] | None = None, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description}
    if content is not None:
        out["content"] = content
    if headers:
        out["headers"] = headers
    return out


_RETRY = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "seconds to wait before trying again",
    }
}
_UNAUTH = _r("Missing or wrong bearer token (only with --token-file)", _TEXT)
_BUSY = _r("Over the time budget, or the queue is full: try again later", _TEXT, _RETRY)
_ACCEPT_HEADER = {"name": "Accept", "in": "header", "required": False, "schema": {"type": "string"}}


def _single(name_param: bool) -> dict[str, Any]:
    params = [_ACCEPT_HEADER]
    if name_param:
        params = [
            {
                "name": "name",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": "names the message in the report (last path segment)",
            },
            *params,
        ]
    return {
        "summary": "Validate one message (KoSIT daemon compatible)",
        "parameters": params,
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "text/xml": {"schema": {"type": "string"}},
            },
        },
        "responses": {
            "200": _r("Acceptable according to the scenarios", _REPORT),
            "400": _r("No content supplied, or multipart/form-data", _TEXT),
            "401": _UNAUTH,
            "406": _r(
                "Not acceptable according to the scenarios (a report); or no format "
                "the Accept header allows (text)",
                {**_REPORT, **_TEXT},
            ),
            "408": _r("The body did not arrive within the read timeout", _TEXT),
            "413": _r("Body larger than --max-body", _TEXT),
            "422": _r(
                "The configuration could not process the message (e.g. a schema "
                "that does not compile)",
                _REPORT,
            ),
            "500": _r("Internal error (logged with the request id)", _TEXT),
            "503": _BUSY,
        },
    }


def spec() -> dict[str, Any]:
    compat_common = [
        _ACCEPT_HEADER,
        {
            "name": "on",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "format": "date"},
        },
        {
            "name": "area",
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": True,
        },
    ]
    compat_responses = {
        "200": _r("The report", _COMPAT),
        "400": _r("A missing or malformed parameter", _ERROR_JSON),
        "401": _UNAUTH,
        "404": _r("Unknown Kommune, provider or Land key", _ERROR_JSON),
        "406": _r("No format the Accept header allows", _ERROR_JSON),
        "503": _BUSY,
    }

    def q(name: str, required: bool = True, **schema: Any) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": required,
            "schema": {"type": "string", **schema},
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kommune serve",
            "version": __version__,
            "description": "Validation of XÖV-style messages (a drop-in for the KoSIT "
            "validator daemon) and compatibility answers.",
        },
        "paths": {
            "/{name}": {
                "post": _single(True),
                "get": {
                    "summary": "Not a validation method (as the daemon without GUI)",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "401": _UNAUTH,
                        "405": _r(
                            "Method not supported", _TEXT, {"Allow": {"schema": {"type": "string"}}}
                        ),
                    },
                },
            },
            "/validate": {
                "post": {
                    "summary": "Validate a batch: multipart/form-data (one message per file part) "
                    "or a zip of *.xml; one report for all",
                    "parameters": [_ACCEPT_HEADER],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {"schema": {"type": "object"}},
                            "application/zip": {
                                "schema": {"type": "string", "contentEncoding": "binary"}
                            },
                        },
                    },
                    "responses": {
                        "200": _r("The report of every message (verdicts inside)", _REPORT),
                        "400": _r("No messages, or not a usable zip/multipart body", _TEXT),
                        "401": _UNAUTH,
                        "406": _r("No format the Accept header allows", _TEXT),
                        "408": _r("The body did not arrive within the read timeout", _TEXT),
                        "413": _r("Body larger than --max-body", _TEXT),
                        "503": _BUSY,
                    },
                }
            },
            "/check": {
                "get": {
                    "summary": "Can a provider serve a Kommune? (kommune check)",
                    "parameters": [q("kommune"), q("provider"), *compat_common],
                    "responses": compat_responses,
                }
            },
            "/compare": {
                "get": {
                    "summary": "One Kommune, several providers (kommune compare)",
                    "parameters": [
                        q("kommune"),
                        q("providers", description="id,id[,…]"),
                        *compat_common,
                    ],
                    "responses": compat_responses,
                }
            },
            "/matrix": {
                "get": {
                    "summary": "Every Kreis (or Gemeinde) of a Land for one provider",
                    "parameters": [
                        q("land"),
                        q("provider"),
                        q("level", False, enum=["kreis", "gemeinde"]),
                        _ACCEPT_HEADER,
                        compat_common[1],
                    ],
                    "responses": compat_responses,
                }
            },
            "/server/health": {
                "get": {
                    "summary": "The KoSIT daemon's health document (status UP/WARN/DOWN)",
                    "responses": {
                        "200": _r("Health", {"application/xml": {"schema": {"type": "string"}}})
                    },
                }
            },
            "/health/live": {
                "get": {
                    "summary": "Liveness probe",
                    "responses": {
                        "200": _r("Alive", {"application/json": {"schema": {"type": "object"}}})
                    },
                }
            },
            "/health/ready": {
                "get": {
                    "summary": "Readiness probe: plugins loaded, schemas compiled",
                    "responses": {
                        "200": _r(
                            "Ready",
                            {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Ready"}
                                }
                            },
                        ),
                        "503": _r(
                            "Not ready (configuration problems listed)",
                            {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Ready"}
                                }
                            },
                        ),
                    },
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics",
                    "responses": {"200": _r("Exposition format", _TEXT), "401": _UNAUTH},
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {
                        "200": _r(
                            "OpenAPI 3.1", {"application/json": {"schema": {"type": "object"}}}
                        ),
                        "401": _UNAUTH,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
                "Ready": {
                    "type": "object",
                    "required": ["status", "scenarios", "problems"],
                    "properties": {
                        "status": {"type": "string"},
                        "scenarios": {"type": "array", "items": {"type": "string"}},
                        "problems": {"type": "array", "items": {"type": "string"}},
                        "plugins": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "ValidationReport": {
                    "type": "object",
                    "required": ["summary", "files"],
                    "properties": {
                        "summary": {"type": "object"},
                        "files": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["file", "valid", "scenario", "errors"],
                            },
                        },
                    },
                },
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "only with --token-file",
                }
            },
        },
    }
