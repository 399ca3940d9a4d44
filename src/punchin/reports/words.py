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
    ) -> None:
        self.r, self.d, self.q, self.y = report, diagnosis, quarter, year

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

    def finding(self, key: str, params: dict[str, object]) -> str:
        from punchin.method.patterns import Finding
        from punchin.reports.quarter_view import finding_text

        return finding_text(Finding(key, params), self.q, self.d)
