"""The HTML report is inert: whatever a title, an answer, a note or an imported entry holds,
the page runs no script, loads nothing from the network and links only to the web or to
e-mail; a browser opening it makes no request, and still draws its charts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_report_layout import CHROMIUM, chromium

from punchin.reports.inert import POLICY

SCRIPT = "<script>alert(1)</script>"
HANDLER = "<img src=x onerror=alert(1)>"
JS_LINK = "[x](javascript:alert(1))"
REMOTE_IMAGE = "![t](https://tracker.example/p.png)"
WEB_LINK = "[ok](https://example.org)"
MAIL_LINK = "[m](mailto:a@b.c)"
PAYLOADS = [SCRIPT, HANDLER, JS_LINK, REMOTE_IMAGE, WEB_LINK, MAIL_LINK]
ALL = " ".join(PAYLOADS)

# What the page may hold: the tags Markdown and punchin's tables and charts write, and no
# tag that runs, embeds, loads or submits anything.
LIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "link", "base", "form", "input"}
LINK_TARGET = re.compile(r"(?:https?|mailto):", re.I)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The page's policy is its first word after the charset; no tag runs or loads anything;
    links go to the web or to e-mail only, images are inline data only."""
    head = page.split("<head>\n", 1)[1]
    assert head.startswith(
        f'<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    )
    parser = Tags()
    parser.feed(page)
    for tag, attrs in parser.found:
        assert tag not in LIVE_TAGS, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        if tag == "a":
            assert LINK_TARGET.match(attrs.get("href") or ""), attrs
        if tag == "img":
            assert (attrs.get("src") or "").startswith("data:image/"), attrs
        assert "javascript:" not in " ".join(str(v) for v in attrs.values()).lower(), attrs
    assert [t for t, _ in parser.found].count("style") == 1  # the page's own style, inline
    metas = [attrs for tag, attrs in parser.found if tag == "meta"]
    assert len(metas) == 3  # the charset, the policy, the viewport
    assert "tracker.example" not in " ".join(str(a) for _, a in parser.found)
    return parser.found


def links(found: list[tuple[str, dict[str, str | None]]]) -> list[str | None]:
    return [attrs.get("href") for tag, attrs in found if tag == "a"]


@pytest.fixture
def hostile(run: Run, tmp_path: Path) -> None:
    """2026-Q4 with every payload in goal titles (a quarter goal, a week goal, next week's
    goals), in the check-in's answers, in a note and in an imported jrnl entry."""
    run("goal", "add", f"Thesis {SCRIPT} {JS_LINK}", "--on", "2026-Q4")
    run("goal", "add", f"Run {HANDLER} {REMOTE_IMAGE}", "--on", "2026-W47")
    run("goal", "add", f"Read {WEB_LINK} {MAIL_LINK}", "--on", "2026-W48")
    run("goal", "add", f"Write {SCRIPT} {HANDLER} {JS_LINK}", "--on", "2026-W48")
    template = json.loads(run("week", "--on", "2026-W47", "--answers-template").output)
    template.update(accomplished=f"Done: {ALL}\n\n{REMOTE_IMAGE}", mentor=f"Mentor: {ALL}")
    for goal in template["goals"].values():
        goal["status"] = "done"
    done = run("week", "--on", "2026-W47", "--answers", "-", input=json.dumps(template))
    assert done.exit_code == 0, done.output
    assert run("note", "add", f"Note {ALL}").exit_code == 0
    entry = {"date": "2026-11-20", "time": "09:30", "title": ALL, "body": ALL, "tags": []}
    jrnl = tmp_path / "jrnl.json"
    jrnl.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    assert run("import", "--from", "jrnl", str(jrnl)).exit_code == 0


def html_of(run: Run, *args: str) -> str:
    result = run("report", *args, "-f", "html")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args", [("week", "2026-W47"), ("quarter", "2026-Q4"), ("year", "2026")], ids="-".join
)
def test_the_report_shows_every_payload_as_words(
    run: Run, hostile: None, args: tuple[str, ...]
) -> None:
    page = html_of(run, *args)
    found = assert_inert(page)
    assert set(links(found)) <= {"https://example.org", "mailto:a@b.c"}
    shown = {  # as typed, not run (the year shows none of these titles and answers)
        "week": ["Done: &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;"],
        "quarter": ["Thesis &lt;script&gt;alert(1)&lt;/script&gt;"],
        "year": [],
    }
    for words in shown[args[0]]:
        assert words in page


def test_web_and_mail_links_stay_links_and_the_rest_become_words(run: Run, hostile: None) -> None:
    page = html_of(run, "week", "2026-W47")
    found = assert_inert(page)
    # in the answers and in next week's goals: two of each
    assert links(found).count("https://example.org") == 3
    assert links(found).count("mailto:a@b.c") == 3
    assert '<a href="https://example.org">ok</a>' in page
    assert '<a href="mailto:a@b.c">m</a>' in page
    assert "<span>x</span>" in page  # the javascript: link, as its words
    assert "<span>t</span>" in page  # the remote image, as its alt text
    assert "Mentor: " in page and "Done: " in page


@pytest.mark.parametrize("args", [("week", "2026-W47"), ("quarter", "2026-Q4")], ids="-".join)
def test_the_shared_report_is_inert_too(run: Run, hostile: None, args: tuple[str, ...]) -> None:
    page = html_of(run, *args, "--share")
    found = assert_inert(page)
    assert set(links(found)) <= {"https://example.org", "mailto:a@b.c"}
    if args[0] == "week":
        assert "&lt;script" in page and "onerror=alert" in page


def test_an_imported_yearly_check_shows_its_answers_as_words(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A punchin export whose yearly check holds markup where a choice belongs (happy,
    verdict): imported into another journal, its year report shows it as text."""
    monkeypatch.setenv("PUNCHIN_NOW", "2027-01-04T21:00:00+00:00")
    run("goal", "add", "Finish the thesis", "--on", "2026")
    template = json.loads(run("year", "--on", "2026", "--answers-template").output)
    template.update(happy="yes", progress="some", verdict="timing", decision="push")
    template.update(action=f"Act {ALL}", motivation="Because", next=[])
    for goal in template["goals"].values():
        goal["status"] = "done"
    data = {k: v for k, v in template.items() if not k.startswith("_")}
    done = run("year", "--on", "2026", "--answers", "-", input=json.dumps(data))
    assert done.exit_code == 0, done.output
    exported: dict[str, Any] = json.loads(run("export").output)
    for answer in exported["answers"]:
        if answer["key"] in ("happy", "verdict"):
            answer["value"] = f"{SCRIPT}{HANDLER}"
    hostile_export = tmp_path / "export.json"
    hostile_export.write_text(json.dumps(exported), encoding="utf-8")
    other = str(tmp_path / "other.db")
    assert run("--db", other, "import", str(hostile_export)).exit_code == 0
    page = html_of(run, "--db", other, "year", "2026")
    assert_inert(page)
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror") == 2
    assert "Act " in page and '<a href="https://example.org">ok</a>' in page


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("mailto:a@b.c", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("jav&#x61;script:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("file:///etc/passwd", False),
        ("//tracker.example/p", False),
        ("page.html", False),
        ("#top", False),
    ],
)
def test_a_link_keeps_only_a_web_or_mail_target(target: str, kept: bool) -> None:
    from punchin.reports.page import page

    for markdown_text in (f"[words]({target})", f"[words][1]\n\n[1]: {target}"):
        body = page("t", markdown_text, "en", "").split("<main>", 1)[1]
        assert ("<a " in body) is kept, body
        assert "words" in body
        if not kept:
            assert "<span>words</span>" in body and "href" not in body


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("https://tracker.example/p.png", False),
        ("http://tracker.example/p.png", False),
        ("//tracker.example/p.png", False),
        ("p.png", False),
        ("file:///home/me/p.png", False),
        ("javascript:alert(1)", False),
    ],
)
def test_an_image_must_be_inline_data(source: str, kept: bool) -> None:
    from punchin.reports.page import page

    body = page("t", f"![the alt]({source})", "en", "").split("<main>", 1)[1]
    assert ("<img " in body) is kept, body
    if not kept:
        assert "<span>the alt</span>" in body and "src=" not in body


# -- in a real browser -------------------------------------------------------------------------

browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (.ci/run installs it)")


def requests_made(tmp_path: Path, page: Path) -> list[str]:
    """The URLs a page asked the network for while chromium opened it, from chromium's own
    network log (the browser's own background requests, made for no page, left out)."""
    log = tmp_path / f"{page.stem}.netlog.json"
    chromium(
        tmp_path, "--window-size=900,1600", f"--log-net-log={log}", "--dump-dom", page.as_uri()
    )
    data = json.loads(log.read_text(encoding="utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in data["events"]
        if event["type"] == start
        and "url" in event.get("params", {})
        and event["params"].get("initiator") != "not an origin"
    ]


def without_policy(page: str) -> str:
    return re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page, count=1)


@browser
def test_opening_the_report_makes_no_request(run: Run, hostile: None, tmp_path: Path) -> None:
    # the network log does see a page's request: a remote image, as Markdown made it before
    control = tmp_path / "control.html"
    control.write_text('<p>hi</p><img alt="t" src="https://tracker.example/p.png">')
    assert requests_made(tmp_path, control) == ["https://tracker.example/p.png"]
    for args in (("week", "2026-W47"), ("quarter", "2026-Q4")):
        page = html_of(run, *args)
        # each lock alone holds: the policy, and the images and links disarmed without it
        for name, text in (("page", page), ("unguarded", without_policy(page))):
            report = tmp_path / f"{name}-{args[0]}.html"
            report.write_text(text, encoding="utf-8")
            assert requests_made(tmp_path, report) == [], (name, args)


@browser
def test_the_policy_stops_a_script_that_got_in(run: Run, hostile: None, tmp_path: Path) -> None:
    """Were some words ever let through as markup, the page's policy still runs nothing: a
    script and an event handler slipped into the page do nothing, and do act without it."""
    page = html_of(run, "week", "2026-W47")
    slipped = (
        "<script>document.body.setAttribute('data-ran', 'script')</script>"
        "<img src=\"data:,\" onerror=\"document.body.setAttribute('data-ran', 'handler')\">"
    )
    guarded = tmp_path / "guarded.html"
    guarded.write_text(page.replace("</main>", slipped + "</main>"), encoding="utf-8")
    unguarded = tmp_path / "unguarded.html"
    unguarded.write_text(without_policy(guarded.read_text(encoding="utf-8")), encoding="utf-8")
    ran = re.compile(r"<body[^>]*data-ran=")
    assert not ran.search(chromium(tmp_path, "--dump-dom", guarded.as_uri()))
    assert ran.search(chromium(tmp_path, "--dump-dom", unguarded.as_uri()))


@browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_policy_hides_nothing_the_page_shows(
    run: Run, hostile: None, tmp_path: Path, lang: str
) -> None:
    """The quarter page looks the same, pixel for pixel, with and without its policy: the
    charts (inline SVG) and the style are drawn; and the charts do draw something."""
    page = html_of(run, "--lang", lang, "quarter", "2026-Q4")
    assert page.count("<svg") >= 3
    shots = {}
    for name, text in (
        ("page", page),
        ("unguarded", without_policy(page)),
        ("no-charts", re.sub(r"<svg\b.*?</svg>", "", page, flags=re.S)),
    ):
        source = tmp_path / f"{name}-{lang}.html"
        source.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{name}-{lang}.png"
        chromium(tmp_path, "--window-size=900,2400", f"--screenshot={shot}", source.as_uri())
        shots[name] = shot.read_bytes()
    assert shots["page"] == shots["unguarded"]
    assert shots["page"] != shots["no-charts"]
