"""The jurisdiction gazetteer: phrases that name a government, graded by how much they prove.

An actor ("MeitY", "Montana attorney general") says who acts; a place name says where; a forum
("federal judge") or a demonym ("Indian") is weaker evidence, because it often appears in stories
about someone else. The tagger sums these grades per jurisdiction and reports the best one.

Officeholders are listed by role ("governor": Kim Reynolds); each is an actor by full name and by
surname after a title of the role ("Gov. Reynolds", "AG Coleman"). A titled surname that two
jurisdictions share ("AG Brown": Maryland and Washington) proves neither, so it is left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from riskwatch.tagging.datafile import load_document, validate_document
from riskwatch.tagging.normalise import fold

# Evidence grades; the jurisdiction with the highest total wins.
ACTOR: Final = 3
NAME: Final = 2
FORUM: Final = 1
WEAK_NAME: Final = 1

CODE = validate.Regexp(
    r"^(US-federal|US-[A-Z]{2}|EU|[A-Z]{2})$",
    error="'{input}' is not US-federal, US-XX, EU or an ISO 3166-1 alpha-2 code",
)
_STATE_CODE = validate.Regexp(r"^US-[A-Z]{2}$")
TEMPLATE = validate.Regexp(r".*\{name\}", error="'{input}' has no {{name}} placeholder")
TITLE = validate.Regexp(r".*\{surname\}", error="'{input}' has no {{surname}} placeholder")


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    code: str
    actors: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    forums: tuple[str, ...] = ()
    weak_names: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    # Local news outlets: "... - The Himalayan Times" at the end of a news-search headline
    # points to Nepal when nothing else names a government; they never fill templates.
    outlets: tuple[str, ...] = ()
    templates: bool = True
    # role -> officeholders, each "Full Name" or "Full Name/Surname" when the surname is not
    # the last word ("Lee Jae-myung/Lee")
    officials: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_us_state(self) -> bool:
        return self.code.startswith("US-") and self.code != "US-federal"


@dataclass(frozen=True, slots=True)
class PlacePhrase:
    phrase: str
    code: str
    grade: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    jurisdictions: tuple[Jurisdiction, ...]
    country_templates: tuple[str, ...]
    state_templates: tuple[str, ...]
    not_places: tuple[str, ...]
    titles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def phrases(self) -> Iterator[PlacePhrase]:
        """Every phrase with its jurisdiction and grade, actor templates and titles filled in;
        titled surnames only where they name one jurisdiction."""
        listed = [
            place
            for jurisdiction in self.jurisdictions
            for place in _phrases_of(jurisdiction, self._templates_for(jurisdiction))
        ]
        yield from listed
        codes_of: dict[str, set[str]] = {}
        titled = [
            place for jurisdiction in self.jurisdictions for place in self._titled(jurisdiction)
        ]
        for place in listed + titled:
            codes_of.setdefault(fold(place.phrase), set()).add(place.code)
        yield from (place for place in titled if len(codes_of[fold(place.phrase)]) == 1)

    def _titled(self, jurisdiction: Jurisdiction) -> Iterator[PlacePhrase]:
        for role, people in jurisdiction.officials.items():
            for person in people:
                full_name, _, surname = person.partition("/")
                surname = surname or full_name.split()[-1]
                yield PlacePhrase(full_name, jurisdiction.code, ACTOR)
                for title in self.titles[role]:
                    yield PlacePhrase(title.replace("{surname}", surname), jurisdiction.code, ACTOR)

    def _templates_for(self, jurisdiction: Jurisdiction) -> tuple[str, ...]:
        if not jurisdiction.templates:
            return ()
        return self.state_templates if jurisdiction.is_us_state else self.country_templates


def _phrases_of(jurisdiction: Jurisdiction, templates: tuple[str, ...]) -> Iterator[PlacePhrase]:
    code = jurisdiction.code
    for phrase in jurisdiction.actors:
        yield PlacePhrase(phrase, code, ACTOR)
    # Demonyms fill templates too: "Irish regulator", "Dutch privacy watchdog". A name fills
    # only the templates in its own script: "{name}州长" takes 犹他, "{name} governor" Utah.
    for name in jurisdiction.names + jurisdiction.short_names + jurisdiction.weak_names:
        chinese = _is_chinese(name)
        for template in templates:
            if _is_chinese(template) == chinese:
                yield PlacePhrase(template.replace("{name}", name), code, ACTOR)
    for phrase in jurisdiction.names:
        yield PlacePhrase(phrase, code, NAME)
    for phrase in jurisdiction.forums:
        yield PlacePhrase(phrase, code, FORUM)
    for phrase in jurisdiction.weak_names + jurisdiction.outlets:
        yield PlacePhrase(phrase, code, WEAK_NAME)


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= character <= "\u9fff" for character in text)


_PHRASES = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)


class _JurisdictionSchema(Schema):
    code = fields.String(required=True, validate=CODE)
    actors = _PHRASES
    names = _PHRASES
    forums = _PHRASES
    weak_names = _PHRASES
    short_names = _PHRASES
    outlets = _PHRASES
    templates = fields.Boolean(load_default=True)
    officials = fields.Dict(keys=fields.String(), values=_PHRASES, load_default=dict)

    @validates_schema
    def _check_named(self, data: dict[str, Any], **_: Any) -> None:
        if not (data["actors"] or data["names"] or data["weak_names"]):
            raise ValidationError("needs at least one of actors, names, weak_names")


class _TemplatesSchema(Schema):
    country = fields.List(fields.String(validate=TEMPLATE), required=True)
    state = fields.List(fields.String(validate=TEMPLATE), required=True)


class GazetteerSchema(Schema):
    templates = fields.Nested(_TemplatesSchema, required=True)
    titles = fields.Dict(keys=fields.String(), values=fields.List(fields.String(validate=TITLE)),
                         load_default=dict)
    not_places = _PHRASES
    jurisdictions = fields.List(fields.Nested(_JurisdictionSchema), required=True,
                                validate=validate.Length(min=1))

    @validates_schema
    def _check_unique(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[int, list[str]] = {}
        seen_codes: set[str] = set()
        for index, entry in enumerate(data["jurisdictions"]):
            if entry["code"] in seen_codes:
                errors.setdefault(index, []).append(f"code '{entry['code']}' is used twice")
            seen_codes.add(entry["code"])
            for role in entry["officials"]:
                if role not in data["titles"]:
                    errors.setdefault(index, []).append(f"role '{role}' is not in titles")
        if errors:
            raise ValidationError({"jurisdictions": errors})

    @post_load
    def _build(self, data: dict[str, Any], **_: Any) -> Gazetteer:
        gazetteer = Gazetteer(
            jurisdictions=tuple(
                Jurisdiction(
                    code=entry["code"],
                    actors=tuple(entry["actors"]),
                    names=tuple(entry["names"]),
                    forums=tuple(entry["forums"]),
                    weak_names=tuple(entry["weak_names"]),
                    short_names=tuple(entry["short_names"]),
                    outlets=tuple(entry["outlets"]),
                    templates=entry["templates"],
                    officials={
                        role: tuple(people) for role, people in entry["officials"].items()
                    },
                )
                for entry in data["jurisdictions"]
            ),
            titles={role: tuple(titles) for role, titles in data["titles"].items()},
            country_templates=tuple(data["templates"]["country"]),
            state_templates=tuple(data["templates"]["state"]),
            not_places=tuple(data["not_places"]),
        )
        _check_no_shared_phrases(gazetteer)
        return gazetteer


def _check_no_shared_phrases(gazetteer: Gazetteer) -> None:
    """A phrase, templates and officeholders' full names included, may point to one
    jurisdiction only (titled surnames that do not are dropped, see `Gazetteer.phrases`)."""
    codes: dict[str, str] = {fold(phrase): "not_places" for phrase in gazetteer.not_places}
    listed = (
        place
        for jurisdiction in gazetteer.jurisdictions
        for place in _phrases_of(jurisdiction, gazetteer._templates_for(jurisdiction))
    )
    full_names = (
        PlacePhrase(person.partition("/")[0], jurisdiction.code, ACTOR)
        for jurisdiction in gazetteer.jurisdictions
        for people in jurisdiction.officials.values()
        for person in people
    )
    for place in (*listed, *full_names):
        folded = fold(place.phrase)
        previous = codes.setdefault(folded, place.code)
        if previous != place.code:
            raise ValidationError(
                {"jurisdictions": [f"'{place.phrase}' ({place.code}) already names {previous}"]}
            )


def parse_gazetteer(document: Any, name: str = "jurisdictions.yaml") -> Gazetteer:
    gazetteer: Gazetteer = validate_document(name, document, GazetteerSchema())
    return gazetteer


def load_gazetteer(path: Path) -> Gazetteer:
    return parse_gazetteer(load_document(path), path.name)
