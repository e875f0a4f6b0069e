"""Reads the tagger's YAML data files and reports schema errors with the file and field they are in.

A wrong catalog must stop the tagger at load time with a message a person can act on
(`apps.yaml: apps[3].owner: 'bytedanse' is not a company`), never tag items with half a catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError


class DataFileError(ValueError):
    """A tagger data file is missing, is not YAML, or does not match its schema."""


def load_document(path: Path) -> Any:
    """The parsed YAML document at `path`."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path.name}: cannot be read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path.name}: not valid YAML: {exc}") from exc


def validate_document(name: str, document: Any, schema: Schema) -> Any:
    """`document` loaded through `schema`; `name` prefixes every error message."""
    if not isinstance(document, Mapping):
        raise DataFileError(f"{name}: expected a mapping at the top level")
    try:
        return schema.load(document)
    except ValidationError as exc:
        problems = "; ".join(_located_messages(exc.messages, ""))
        raise DataFileError(f"{name}: {problems}") from exc


def _located_messages(messages: Any, location: str) -> list[str]:
    """Flatten marshmallow's nested error dict into 'apps[3].owner: message' lines."""
    if isinstance(messages, Mapping):
        lines: list[str] = []
        for key, nested in messages.items():
            if key == "_schema":
                lines.extend(_located_messages(nested, location))
            elif isinstance(key, int):
                lines.extend(_located_messages(nested, f"{location}[{key}]"))
            else:
                lines.extend(_located_messages(nested, f"{location}.{key}" if location else key))
        return lines
    if isinstance(messages, list | tuple):
        return [line for message in messages for line in _located_messages(message, location)]
    return [f"{location}: {messages}" if location else str(messages)]
