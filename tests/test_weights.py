"""The weights file: packaged defaults, another path, and errors that name the broken field."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from riskwatch.domain.vocabulary import EVENT_TYPES
from riskwatch.scoring.weights import WeightsError, default_weights, load_weights


def packaged_document() -> dict[str, Any]:
    text = resources.files("riskwatch.scoring").joinpath("data", "weights.yaml").read_text()
    return yaml.safe_load(text)


def write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "weights.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_defaults_weigh_every_event_type() -> None:
    assert set(default_weights().event_types) == set(EVENT_TYPES)


def test_defaults_rank_source_tiers_and_reach() -> None:
    weights = default_weights()
    assert weights.credibility[1] > weights.credibility[2] > weights.credibility[3]
    assert weights.reach["direct"] > weights.reach["owner"] > weights.reach["class"]


def test_defaults_decay_a_signed_law_slower_than_an_investigation() -> None:
    types = default_weights().event_types
    assert types["law_signed"].half_life_days > types["investigation"].half_life_days


def test_jurisdiction_weight_falls_back_from_named_to_state_to_country() -> None:
    weights = default_weights()
    assert weights.jurisdiction_weight("US-federal") == 1.0
    assert weights.jurisdiction_weight("US-MT") == weights.us_state
    assert weights.jurisdiction_weight("NP") == weights.other_country
    assert weights.jurisdiction_weight(None) == weights.unknown_jurisdiction


def test_weights_load_from_another_path(tmp_path: Path) -> None:
    document = packaged_document()
    document["event_types"]["investigation"]["severity"] = 3
    assert load_weights(write(tmp_path, document)).event_types["investigation"].severity == 3.0


def set_field(document: dict[str, Any], dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    node = document
    for key in parents:
        node = node[int(key) if key.isdigit() else key]
    node[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param(
            "event_types.law_signed.half_life_days",
            -3,
            "event_types.law_signed.half_life_days: must be a number >= 1.0, got -3",
            id="negative half-life",
        ),
        pytest.param(
            "event_types.fine.severity",
            "high",
            "event_types.fine.severity: must be a number >= 0.0, got 'high'",
            id="severity not a number",
        ),
        pytest.param(
            "event_types.ban_lifted.relief",
            1.5,
            "event_types.ban_lifted.relief: must be a number >= 0.0 and <= 1.0, got 1.5",
            id="relief above one",
        ),
        pytest.param(
            "event_types.injunction.cap",
            True,
            "event_types.injunction.cap: must be a number > 0.0, got True",
            id="boolean is not a number",
        ),
        pytest.param("credibility.2", None, "credibility.2: must be a number", id="tier weight"),
        pytest.param("reach.class", 2, "reach.class: must be a number", id="reach above one"),
        pytest.param(
            "jurisdictions.named.IN", -1, "jurisdictions.named.IN: must be", id="named jurisdiction"
        ),
        pytest.param("scale", 0, "scale: must be a number > 0.0, got 0", id="zero scale"),
        pytest.param("event_types.law_signed.weight", 1, "event_types.law_signed.weight: unknown"),
        pytest.param("reach.cousin", 0.1, "reach.cousin: unknown field", id="unknown via"),
        pytest.param("credibility", [1, 0.5], "credibility: must be a mapping, got list"),
    ],
)
def test_bad_field_is_named_in_the_error(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    document = packaged_document()
    set_field(document, field, value)
    path = write(tmp_path, document)
    with pytest.raises(WeightsError) as raised:
        load_weights(path)
    assert str(raised.value).startswith(f"weights file {path}: ")
    assert message in str(raised.value)


def test_missing_event_type_is_named(tmp_path: Path) -> None:
    document = packaged_document()
    del document["event_types"]["enforcement_delay"]
    with pytest.raises(WeightsError, match="event_types: missing enforcement_delay"):
        load_weights(write(tmp_path, document))


def test_missing_top_level_field_is_named(tmp_path: Path) -> None:
    document = packaged_document()
    del document["max_relief"]
    with pytest.raises(WeightsError, match=r"\(top level\): missing max_relief"):
        load_weights(write(tmp_path, document))


def test_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "weights.yaml"
    path.write_text("scale: [100\n", encoding="utf-8")
    with pytest.raises(WeightsError, match="not valid YAML"):
        load_weights(path)


def test_weights_error_is_a_value_error() -> None:
    assert issubclass(WeightsError, ValueError)
