"""The app catalog: apps, the companies that own them and the classes they belong to.

Loaded from `data/apps.yaml` and checked as a whole: slugs are unique, every owner, parent and
class exists, ownership has no cycles, and every phrase names one thing only, so the matcher never
has to guess whether "Kuaishou" is the app or the company.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from riskwatch.tagging.datafile import load_document, validate_document
from riskwatch.tagging.normalise import fold

SLUG = validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="'{input}' is not a lowercase slug")
COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="'{input}' is not an ISO 3166-1 alpha-2 code")


@dataclass(frozen=True, slots=True)
class Company:
    slug: str
    name: str
    country: str
    aliases: tuple[str, ...]
    parent: str | None = None
    flagship: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AppClass:
    slug: str
    name: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class App:
    """One tracked app; `parent` is the top of its owner's ownership chain."""

    slug: str
    name: str
    owner: str
    parent: str
    country_of_control: str
    classes: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    apps: tuple[App, ...]
    companies: tuple[Company, ...]
    classes: tuple[AppClass, ...]

    @cached_property
    def apps_by_company(self) -> Mapping[str, tuple[str, ...]]:
        """Every company's apps, including those of its subsidiaries."""
        parents = {company.slug: company.parent for company in self.companies}
        found: dict[str, list[str]] = defaultdict(list)
        for app in self.apps:
            for company in _ownership_chain(app.owner, parents):
                found[company].append(app.slug)
        return {company: tuple(slugs) for company, slugs in found.items()}

    @cached_property
    def flagships(self) -> Mapping[str, tuple[str, ...]]:
        """The apps a headline naming only the company is about ("ByteDance ordered to sell" is
        TikTok's story, "Alibaba fined" Taobao's): those listed, or a company's only app."""
        return {
            company.slug: company.flagship or (
                apps if len(apps := self.apps_by_company.get(company.slug, ())) == 1 else ()
            )
            for company in self.companies
        }

    @cached_property
    def apps_by_class(self) -> Mapping[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for app in self.apps:
            for app_class in app.classes:
                found[app_class].append(app.slug)
        return {app_class: tuple(slugs) for app_class, slugs in found.items()}


def _ownership_chain(company: str, parents: Mapping[str, str | None]) -> Iterator[str]:
    """`company`, its parent, its parent's parent... (the schema has ruled out cycles)."""
    current: str | None = company
    while current is not None:
        yield current
        current = parents.get(current)


class _CompanySchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1))
    country = fields.String(required=True, validate=COUNTRY)
    aliases = fields.List(fields.String(validate=validate.Length(min=1)), required=True,
                          validate=validate.Length(min=1))
    parent = fields.String(load_default=None, validate=SLUG)
    flagship = fields.List(fields.String(validate=SLUG), load_default=list)


class _ClassSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1))
    phrases = fields.List(fields.String(validate=validate.Length(min=1)), required=True,
                          validate=validate.Length(min=1))


class _AppSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True, validate=validate.Length(min=1))
    owner = fields.String(required=True, validate=SLUG)
    country_of_control = fields.String(required=True, validate=COUNTRY)
    classes = fields.List(fields.String(validate=SLUG), required=True,
                          validate=validate.Length(min=1))
    aliases = fields.List(fields.String(validate=validate.Length(min=1)), required=True,
                          validate=validate.Length(min=1))


class CatalogSchema(Schema):
    companies = fields.List(fields.Nested(_CompanySchema), required=True)
    classes = fields.List(fields.Nested(_ClassSchema), required=True)
    apps = fields.List(fields.Nested(_AppSchema), required=True, validate=validate.Length(min=1))

    @validates_schema
    def _check_references(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, dict[int, dict[str, list[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        company_slugs = {company["slug"] for company in data["companies"]}
        class_slugs = {app_class["slug"] for app_class in data["classes"]}
        for section in ("companies", "classes", "apps"):
            for index, slug in _repeats(entry["slug"] for entry in data[section]):
                errors[section][index]["slug"].append(f"'{slug}' is used twice")
        for index, company in enumerate(data["companies"]):
            if company["parent"] is not None and company["parent"] not in company_slugs:
                errors["companies"][index]["parent"].append(
                    f"'{company['parent']}' is not a company"
                )
        cycles = list(_ownership_cycles(data["companies"]))
        for index, slug in cycles:
            errors["companies"][index]["parent"].append(f"'{slug}' is its own parent")
        for index, slug, flagship in () if cycles else _foreign_flagships(data):
            errors["companies"][index]["flagship"].append(f"'{flagship}' is not an app of '{slug}'")
        for index, app in enumerate(data["apps"]):
            if app["owner"] not in company_slugs:
                errors["apps"][index]["owner"].append(f"'{app['owner']}' is not a company")
            for unknown in sorted(set(app["classes"]) - class_slugs):
                errors["apps"][index]["classes"].append(f"'{unknown}' is not a class")
        for section, index, field, message in _phrase_clashes(data):
            errors[section][index][field].append(message)
        if errors:
            raise ValidationError(_plain(errors))

    @post_load
    def _build(self, data: dict[str, Any], **_: Any) -> Catalog:
        companies = tuple(
            Company(c["slug"], c["name"], c["country"], tuple(c["aliases"]), c["parent"],
                    tuple(c["flagship"]))
            for c in data["companies"]
        )
        parents = {company.slug: company.parent for company in companies}
        apps = tuple(
            App(
                slug=a["slug"],
                name=a["name"],
                owner=a["owner"],
                parent=list(_ownership_chain(a["owner"], parents))[-1],
                country_of_control=a["country_of_control"],
                classes=tuple(a["classes"]),
                aliases=tuple(a["aliases"]),
            )
            for a in data["apps"]
        )
        classes = tuple(
            AppClass(c["slug"], c["name"], tuple(c["phrases"])) for c in data["classes"]
        )
        return Catalog(apps=apps, companies=companies, classes=classes)


def _repeats(values: Iterable[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index, value
        seen.add(value)


def _ownership_cycles(companies: list[dict[str, Any]]) -> Iterator[tuple[int, str]]:
    parents = {company["slug"]: company["parent"] for company in companies}
    for index, company in enumerate(companies):
        seen = {company["slug"]}
        current = company["parent"]
        while current is not None and current in parents:
            if current in seen:
                yield index, company["slug"]
                break
            seen.add(current)
            current = parents[current]


def _foreign_flagships(data: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """Flagships that the company does not own, directly or through a subsidiary."""
    parents = {company["slug"]: company["parent"] for company in data["companies"]}
    owned: dict[str, set[str]] = defaultdict(set)
    for app in data["apps"]:
        for company in _ownership_chain(app["owner"], parents):
            owned[company].add(app["slug"])
    for index, company in enumerate(data["companies"]):
        for flagship in company["flagship"]:
            if flagship not in owned[company["slug"]]:
                yield index, company["slug"], flagship


def _phrase_clashes(data: dict[str, Any]) -> Iterator[tuple[str, int, str, str]]:
    """Phrases that fold to nothing, or to the same words as a phrase of another entry."""
    owners: dict[str, str] = {}
    for section, field in (("apps", "aliases"), ("companies", "aliases"), ("classes", "phrases")):
        for index, entry in enumerate(data[section]):
            for phrase in entry[field]:
                folded = fold(phrase)
                if not folded.strip():
                    yield section, index, field, f"'{phrase}' has no letters or digits"
                    continue
                owner = f"{section}/{entry['slug']}"
                previous = owners.setdefault(folded, owner)
                if previous != owner:
                    yield section, index, field, f"'{phrase}' already names {previous}"


def _plain(errors: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) if isinstance(value, Mapping) else value
            for key, value in errors.items()}


def parse_catalog(document: Any, name: str = "apps.yaml") -> Catalog:
    """A validated catalog from an already-parsed YAML document."""
    catalog: Catalog = validate_document(name, document, CatalogSchema())
    return catalog


def load_catalog(path: Path) -> Catalog:
    return parse_catalog(load_document(path), path.name)
