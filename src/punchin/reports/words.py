"""A report's texts in one language: its headings, and the method's causes and remedies,
as the renderers and the charts ask for them."""

from __future__ import annotations

from punchin.prompts import PromptSet


class Words:
    """The report's texts in one language: headings (`r`), causes and remedies (`d`)."""

    def __init__(
        self,
        report: PromptSet,
        diagnosis: PromptSet,
        quarter: PromptSet,
        year: PromptSet | None = None,
        drift: PromptSet | None = None,
    ) -> None:
        self.r, self.d, self.q, self.y, self.drift = report, diagnosis, quarter, year, drift

    def __call__(self, key: str, **values: object) -> str:
        return self.r.text(f"report.{key}", **values)

    def pair(self, name: str, value: str) -> str:
        """The words "name: value", with the language's colon."""
        return self("pair", name=name, value=value)

    def cause(self, cause: str | None) -> str:
        return self.d.text(f"causes.{cause}.label") if cause else ""

    def detail(self, detail: str | None) -> str:
        from punchin.method.diagnosis import detail_words

        return detail_words(self.d, detail)

    def outside_kind(self, kind: str) -> str:
        """A kind of "something else" (an outside event, bad timing) by its label."""
        return dict(self.d.choices("questions.other_kind.choices")).get(kind, kind)

    def remedy(self, cause: str | None, remedy: str | None) -> str:
        from punchin.method.diagnosis import remedy_label

        return remedy_label(self.d, cause, remedy)

    def year_choice(self, question: str, value: str) -> str:
        """A yearly check's answer in words (older journals' verdicts included)."""
        if self.y is None:
            return value
        for key in (f"legacy.{question}.{value}", f"questions.{question}.choices.{value}"):
            if self.y.has(key):
                return self.y.text(key)
        return value

    def life(self, key: str, **values: object) -> str:
        """The report of a life's own words (`[life]` in report.toml)."""
        return self.r.text(f"life.{key}", **values)

    def years(self, years: list[object]) -> str:
        """A list of years in the language's way ("2024, 2025" / "2024、2025")."""
        return self.r.text("life.separator").join(str(year) for year in years)

    def signal(self, key: str, params: dict[str, object]) -> str:
        """A punch-in-life signal, as the yearly check words it."""
        assert self.drift is not None
        values = dict(params)
        for name in ("was", "now"):
            if name in values:
                values[name] = self.drift.text(f"names.{values[name]}")
        if isinstance(values.get("years"), list):
            values["years"] = self.years(values["years"])  # type: ignore[arg-type]
        return self.drift.text(f"drift.{key}", **values)

    def path(self, path: str) -> str:
        assert self.drift is not None
        return self.drift.text(f"names.{path}")

    def finding(self, key: str, params: dict[str, object]) -> str:
        from punchin.method.patterns import Finding
        from punchin.reports.quarter_view import finding_text

        return finding_text(Finding(key, params), self.q, self.d)
