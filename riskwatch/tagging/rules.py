"""The event-type rule book: cue phrases grouped by meaning, and the ordered rules that read them.

The rules are data (`data/rules.yaml`) so that a new way of writing "ban lifted" is a one-line
change with a test; this module only checks that the data makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from riskwatch.domain.vocabulary import DIRECTIONS, EVENT_TYPES
from riskwatch.tagging.datafile import load_document, validate_document
from riskwatch.tagging.normalise import fold

# A rule may name this pseudo cue kind: a government named by place or actor ("Montana",
# "Justice Department"), as a party to what the other cues describe.
PLACE_KIND = "place"


@dataclass(frozen=True, slots=True)
class EventRule:
    """Fires when each entry of `all_of` (one or more interchangeable cue kinds) occurs in one
    field within `within` characters (in that order if `ordered`); `subject` 'government' also
    wants a government acting (see rules.yaml)."""

    name: str
    event_type: str
    direction: str
    all_of: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...] = ()
    within: int | None = None
    generic: bool = False
    background: bool = False
    subject: str | None = None
    ordered: bool = False
    scoped_by: tuple[str, ...] = ()
    # `unless` split by the rule book's `positional_vetoes`: kinds that veto the rule anywhere
    # in the field, and kinds that veto only a cue they precede or directly follow.
    vetoes_anywhere: tuple[str, ...] = ()
    vetoes_nearby: tuple[str, ...] = ()
    # The entries after the first, split for a quick presence test: the kinds that must all be
    # present, and the lists of which one will do.
    required: frozenset[str] = frozenset()
    choices: tuple[tuple[str, ...], ...] = ()

    def could_fire(self, present: AbstractSet[str]) -> bool:
        """Every entry after the first has a kind in `present` (the first is checked by the
        rule book's index, see `RuleBook.rules_needing`)."""
        return present >= self.required and not any(map(present.isdisjoint, self.choices))


@dataclass(frozen=True, slots=True)
class RuleBook:
    cues: Mapping[str, tuple[str, ...]]
    actor_verbs: tuple[str, ...]
    litigation_verbs: tuple[str, ...]
    measure_cues: frozenset[str]
    action_cues: frozenset[str]
    other_companies: tuple[str, ...]
    other_targets: tuple[str, ...]
    commentary_prefixes: tuple[str, ...]
    court_document_openers: tuple[str, ...]
    question_openers: tuple[str, ...]
    explainer_openers: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    background_clauses: tuple[str, ...]
    noun_verbs: frozenset[str]
    figurative_cues: tuple[str, ...]
    product_words: frozenset[str]
    rules: tuple[EventRule, ...]
    # For each cue kind, the positions of the rules whose first entry it can fill: a field's cues
    # then select the few rules worth trying, in rule-book order, instead of trying them all.
    rules_needing: Mapping[str, tuple[int, ...]]
    # The cue kinds that some rule names under `unless`.
    veto_kinds: frozenset[str] = frozenset()


_PHRASES = fields.List(fields.String(validate=validate.Length(min=1)), required=True)
_OPTIONAL_PHRASES = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)


class _KindChoice(fields.Field):
    """A cue kind, or a list of cue kinds any of which will do."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> tuple[str, ...]:
        kinds = [value] if isinstance(value, str) else value
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
            raise ValidationError("must be a cue kind or a non-empty list of cue kinds")
        return tuple(kinds)


class _RuleSchema(Schema):
    name = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$"))
    event_type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    direction = fields.String(required=True, validate=validate.OneOf(DIRECTIONS))
    all = fields.List(_KindChoice(), required=True, validate=validate.Length(min=1))
    unless = fields.List(fields.String(), load_default=list)
    within = fields.Integer(load_default=None, validate=validate.Range(min=1))
    generic = fields.Boolean(load_default=False)
    background = fields.Boolean(load_default=False)
    subject = fields.String(load_default=None, validate=validate.OneOf(["government"]))
    ordered = fields.Boolean(load_default=False)
    scoped_by = fields.List(fields.String(), load_default=list)


class RuleBookSchema(Schema):
    cues = fields.Dict(keys=fields.String(), values=_PHRASES, required=True)
    actor_verbs = _PHRASES
    litigation_verbs = _PHRASES
    measure_cues = fields.List(fields.String(), required=True)
    action_cues = fields.List(fields.String(), required=True)
    other_companies = _PHRASES
    other_targets = _PHRASES
    commentary_prefixes = _PHRASES
    court_document_openers = _OPTIONAL_PHRASES
    question_openers = _OPTIONAL_PHRASES
    explainer_openers = _OPTIONAL_PHRASES
    clause_breaks = _OPTIONAL_PHRASES
    background_clauses = _OPTIONAL_PHRASES
    noun_verbs = _OPTIONAL_PHRASES
    figurative_cues = fields.List(fields.String(), load_default=list)
    product_words = _OPTIONAL_PHRASES
    positional_vetoes = fields.List(fields.String(), load_default=list)
    rules = fields.List(fields.Nested(_RuleSchema), required=True, validate=validate.Length(min=1))

    @validates_schema
    def _check_references(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, Any] = {}
        rule_errors: dict[int, list[str]] = {}
        names: set[str] = set()
        for index, rule in enumerate(data["rules"]):
            for kind in [*(k for choice in rule["all"] for k in choice), *rule["unless"]]:
                if kind not in data["cues"] and kind != PLACE_KIND:
                    rule_errors.setdefault(index, []).append(f"cue kind '{kind}' is not in cues")
            if rule["name"] in names:
                rule_errors.setdefault(index, []).append(
                    f"rule name '{rule['name']}' is used twice"
                )
            names.add(rule["name"])
        for index, rule in enumerate(data["rules"]):
            for name in sorted(set(rule["scoped_by"]) - names):
                rule_errors.setdefault(index, []).append(f"scoped_by rule '{name}' is not a rule")
        if rule_errors:
            errors["rules"] = rule_errors
        for listing in ("measure_cues", "action_cues", "figurative_cues", "positional_vetoes"):
            unknown = sorted(set(data[listing]) - set(data["cues"]))
            if unknown:
                errors[listing] = [f"{unknown} are not in cues"]
        owners: dict[str, str] = {}
        for kind, phrases in data["cues"].items():
            for phrase in phrases:
                previous = owners.setdefault(fold(phrase), kind)
                if previous != kind:
                    errors.setdefault("cues", {}).setdefault(kind, []).append(
                        f"'{phrase}' is already a '{previous}' cue"
                    )
        strays = sorted(set(data["litigation_verbs"]) - set(data["actor_verbs"]))
        if strays:
            errors["litigation_verbs"] = [f"{strays} are not actor_verbs"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _build(self, data: dict[str, Any], **_: Any) -> RuleBook:
        rules_needing: dict[str, list[int]] = {}
        for position, rule in enumerate(data["rules"]):
            # A rule can fire only when a kind of its first entry is present: index it by those.
            for kind in rule["all"][0]:
                rules_needing.setdefault(kind, []).append(position)
        return RuleBook(
            cues={kind: tuple(phrases) for kind, phrases in data["cues"].items()},
            actor_verbs=tuple(data["actor_verbs"]),
            litigation_verbs=tuple(data["litigation_verbs"]),
            measure_cues=frozenset(data["measure_cues"]),
            action_cues=frozenset(data["action_cues"]),
            other_companies=tuple(data["other_companies"]),
            other_targets=tuple(data["other_targets"]),
            commentary_prefixes=tuple(data["commentary_prefixes"]),
            court_document_openers=tuple(data["court_document_openers"]),
            question_openers=tuple(data["question_openers"]),
            explainer_openers=tuple(data["explainer_openers"]),
            clause_breaks=tuple(data["clause_breaks"]),
            background_clauses=tuple(data["background_clauses"]),
            noun_verbs=frozenset(data["noun_verbs"]),
            figurative_cues=tuple(data["figurative_cues"]),
            product_words=frozenset(word for phrase in data["product_words"]
                                    for word in fold(phrase).split()),
            rules=tuple(
                EventRule(
                    name=r["name"],
                    event_type=r["event_type"],
                    direction=r["direction"],
                    all_of=tuple(r["all"]),
                    unless=tuple(r["unless"]),
                    within=r["within"],
                    generic=r["generic"],
                    background=r["background"],
                    subject=r["subject"],
                    ordered=r["ordered"],
                    scoped_by=tuple(r["scoped_by"]),
                    vetoes_anywhere=tuple(
                        kind for kind in r["unless"] if kind not in data["positional_vetoes"]
                    ),
                    vetoes_nearby=tuple(
                        kind for kind in r["unless"] if kind in data["positional_vetoes"]
                    ),
                    required=frozenset(
                        choice[0] for choice in r["all"][1:] if len(choice) == 1
                    ),
                    choices=tuple(choice for choice in r["all"][1:] if len(choice) > 1),
                )
                for r in data["rules"]
            ),
            rules_needing={kind: tuple(positions) for kind, positions in rules_needing.items()},
            veto_kinds=frozenset(kind for r in data["rules"] for kind in r["unless"]),
        )


def parse_rule_book(document: Any, name: str = "rules.yaml") -> RuleBook:
    rule_book: RuleBook = validate_document(name, document, RuleBookSchema())
    return rule_book


def load_rule_book(path: Path) -> RuleBook:
    return parse_rule_book(load_document(path), path.name)
