"""The risk model's weights: read from a YAML file (the packaged defaults or another path) and
checked field by field, so a retuned weight is a data change and a typo fails loudly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from riskwatch.domain.events import APP_VIAS, CREDIBILITY_TIERS
from riskwatch.domain.vocabulary import EVENT_TYPES

_US_STATE_PREFIX = "US-"


class WeightsError(ValueError):
    """A weights file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class EventTypeWeights:
    """`severity`: raw points of a fresh, primary-sourced, corroborated, nationwide escalation.
    `half_life_days`: how fast an escalation of this type fades.
    `cap`: the most raw points all escalations of this type can add together.
    `relief`: the share of earlier risk in its jurisdiction a relief event of this type removes.
    """

    severity: float
    half_life_days: float
    cap: float
    relief: float


@dataclass(frozen=True, slots=True)
class Weights:
    scale: float
    max_relief: float
    single_source: float
    credibility: Mapping[int, float]
    reach: Mapping[str, float]
    named_jurisdictions: Mapping[str, float]
    us_state: float
    other_country: float
    unknown_jurisdiction: float
    event_types: Mapping[str, EventTypeWeights]

    def jurisdiction_weight(self, code: str | None) -> float:
        if code is None:
            return self.unknown_jurisdiction
        if code in self.named_jurisdictions:
            return self.named_jurisdictions[code]
        if code.startswith(_US_STATE_PREFIX):
            return self.us_state
        return self.other_country

    def corroboration_weight(self, source_count: int, provenance: str) -> float:
        """A lone source counts `single_source`; each further source halves the gap to 1.
        Curated events were checked by a person and count as fully corroborated."""
        if provenance == "curated":
            return 1.0
        return 1.0 - (1.0 - self.single_source) * 0.5 ** max(source_count - 1, 0)


class _Reader:
    """Walks the parsed YAML, naming the dotted field in every complaint."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> WeightsError:
        return WeightsError(f"weights file {self.source}: {field}: {problem}")

    def mapping(self, node: Any, field: str, keys: Any) -> dict[Any, Any]:
        """A mapping with exactly `keys` (any keys when `keys` is None)."""
        if not isinstance(node, dict):
            raise self.fail(field, f"must be a mapping, got {type(node).__name__}")
        if keys is not None:
            missing = [k for k in keys if k not in node]
            if missing:
                raise self.fail(field, f"missing {', '.join(map(str, missing))}")
            unknown = [k for k in node if k not in keys]
            if unknown:
                raise self.fail(f"{field}.{unknown[0]}", "unknown field")
        return node

    def number(
        self, node: Any, field: str, low: float, high: float, *, low_open: bool = False
    ) -> float:
        in_range = (
            isinstance(node, int | float)
            and not isinstance(node, bool)
            and ((low < node if low_open else low <= node) and node <= high)
        )
        if not in_range:
            bound = f"> {low}" if low_open else f">= {low}"
            limit = f"a number {bound}" + ("" if high == float("inf") else f" and <= {high}")
            raise self.fail(field, f"must be {limit}, got {node!r}")
        return float(node)

    def fraction(self, node: Any, field: str) -> float:
        return self.number(node, field, 0.0, 1.0)

    def positive(self, node: Any, field: str) -> float:
        return self.number(node, field, 0.0, float("inf"), low_open=True)


_TOP_FIELDS = (
    "scale",
    "max_relief",
    "single_source",
    "credibility",
    "reach",
    "jurisdictions",
    "event_types",
)
_JURISDICTION_FIELDS = ("named", "us_state", "other_country", "unknown")
_EVENT_TYPE_FIELDS = ("severity", "half_life_days", "cap", "relief")


def parse_weights(document: Any, source: str) -> Weights:
    """Weights from a parsed YAML document; `source` names it in error messages."""
    read = _Reader(source)
    top = read.mapping(document, "(top level)", _TOP_FIELDS)
    jurisdictions = read.mapping(top["jurisdictions"], "jurisdictions", _JURISDICTION_FIELDS)
    named = read.mapping(jurisdictions["named"], "jurisdictions.named", None)
    types = read.mapping(top["event_types"], "event_types", EVENT_TYPES)
    return Weights(
        scale=read.positive(top["scale"], "scale"),
        max_relief=read.fraction(top["max_relief"], "max_relief"),
        single_source=read.number(top["single_source"], "single_source", 0.0, 1.0, low_open=True),
        credibility={
            tier: read.fraction(weight, f"credibility.{tier}")
            for tier, weight in read.mapping(
                top["credibility"], "credibility", CREDIBILITY_TIERS
            ).items()
        },
        reach={
            via: read.fraction(weight, f"reach.{via}")
            for via, weight in read.mapping(top["reach"], "reach", APP_VIAS).items()
        },
        named_jurisdictions={
            str(code): read.fraction(weight, f"jurisdictions.named.{code}")
            for code, weight in named.items()
        },
        us_state=read.fraction(jurisdictions["us_state"], "jurisdictions.us_state"),
        other_country=read.fraction(jurisdictions["other_country"], "jurisdictions.other_country"),
        unknown_jurisdiction=read.fraction(jurisdictions["unknown"], "jurisdictions.unknown"),
        event_types={
            name: _event_type_weights(read, types[name], f"event_types.{name}")
            for name in EVENT_TYPES
        },
    )


def _event_type_weights(read: _Reader, node: Any, field: str) -> EventTypeWeights:
    fields = read.mapping(node, field, _EVENT_TYPE_FIELDS)
    return EventTypeWeights(
        severity=read.number(fields["severity"], f"{field}.severity", 0.0, float("inf")),
        # A day is the model's step; shorter half-lives only overflow the arithmetic.
        half_life_days=read.number(
            fields["half_life_days"], f"{field}.half_life_days", 1.0, float("inf")
        ),
        cap=read.positive(fields["cap"], f"{field}.cap"),
        relief=read.fraction(fields["relief"], f"{field}.relief"),
    )


def load_weights(path: str | Path) -> Weights:
    """Weights from a YAML file other than the packaged defaults."""
    source = Path(path)
    try:
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise WeightsError(f"weights file {source}: not valid YAML: {error}") from error
    return parse_weights(document, str(source))


@lru_cache(maxsize=1)
def default_weights() -> Weights:
    """The packaged defaults, read once."""
    text = (
        resources.files("riskwatch.scoring")
        .joinpath("data", "weights.yaml")
        .read_text(encoding="utf-8")
    )
    return parse_weights(yaml.safe_load(text), "riskwatch/scoring/data/weights.yaml")
