"""Provinces and their counties, for the two-step place question (province → county)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

PlaceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=20)]
OTHER_COUNTY = "other"


class _Named(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PlaceId
    fa: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def name(self, locale: str | None) -> str:
        return self.en if locale == "en" else self.fa


class County(_Named):
    pass


class Province(_Named):
    # False: the list has only the main counties, and "other county" is offered too
    complete: bool = True
    counties: list[County] = Field(min_length=1)


class Places(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    other_county: County  # the "other county" choice of incomplete provinces
    provinces: list[Province] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Places:
        ids = [p.id for p in self.provinces]
        for pid in ids:
            if ids.count(pid) > 1:
                raise ValueError(f"province '{pid}' appears twice")
        if self.other_county.id != OTHER_COUNTY:
            raise ValueError(f"other_county must have id '{OTHER_COUNTY}'")
        for p in self.provinces:
            cids = [c.id for c in p.counties]
            for cid in cids:
                if cids.count(cid) > 1:
                    raise ValueError(f"province '{p.id}': county '{cid}' appears twice")
            if OTHER_COUNTY in cids:
                raise ValueError(
                    f"province '{p.id}': do not list '{OTHER_COUNTY}'; set complete: false"
                )
        return self

    def province(self, province_id: str | None) -> Province | None:
        return next((p for p in self.provinces if p.id == province_id), None)

    def counties(self, province_id: str) -> list[County]:
        """The counties to choose from (plus "other county" when the list is not complete)."""
        province = self.province(province_id)
        if province is None:
            return []
        return [*province.counties, *([] if province.complete else [self.other_county])]

    def county(self, province_id: str | None, county_id: str | None) -> County | None:
        if province_id is None:
            return None
        return next((c for c in self.counties(province_id) if c.id == county_id), None)

    def label(self, province_id: str, county_id: str, locale: str | None) -> str:
        province = self.province(province_id)
        county = self.county(province_id, county_id)
        if province is None or county is None:
            return "?"
        if locale == "en":  # "Kashan, Isfahan", as an English address reads
            return f"{county.name(locale)}, {province.name(locale)}"
        # «استان و شهرستان»: the province first, as the question names them
        return f"{province.name(locale)}، {county.name(locale)}"

    def find_province(self, value: str | None) -> Province | None:
        """The province a stored value names: its id (a cooperative's answer) or its name in
        either language (a course's field, typed or picked)."""
        if not value:
            return None
        text = value.strip()
        return self.province(text) or next(
            (p for p in self.provinces if text in (p.fa, p.en)), None
        )

    def province_name(self, value: str | None, locale: str | None) -> str:
        """A stored province (id or name) in `locale`'s words; a value it does not know is
        shown as stored."""
        province = self.find_province(value)
        return province.name(locale) if province else (value or "")

    def county_name(self, province: str | None, value: str | None, locale: str | None) -> str:
        """A stored county (id or name) of a stored province in `locale`'s words; a county it
        does not know (typed by staff) is shown as stored."""
        found = self.find_province(province)
        if found is not None and value:
            text = value.strip()
            for county in self.counties(found.id):
                if text in (county.id, county.fa, county.en):
                    return county.name(locale)
        return value or ""
