"""The offline review site (innovscale.review), checked as files and in a real browser."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import attrs
import pytest

import innovscale
from innovscale import review
from innovscale.cli import run
from innovscale.exceptions import FileWriteError, MissingExtra


class _Page(HTMLParser):
    """The ids, links and resource references of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag in {"img", "link"}:
            self.resources.append(found.get("src") or found.get("href"))
        if tag == "script":
            self.scripts += 1


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site") / "site"
    pages = review.write_site(innovscale.load_example(), root)
    return root, pages


def test_every_page_is_written(site):
    root, pages = site
    base = innovscale.load_example()
    names = {p.relative_to(root).as_posix() for p in pages}
    assert {"index.html", "enablers.html", "evidence.html", "sources.html"} <= names
    assert {f"innovations/{i.id}.html" for i in base.innovations} <= names
    assert (root / "site.css").is_file()
    assert (root / review.MARKER).is_file()


def test_every_internal_link_resolves_and_nothing_comes_from_the_web(site):
    root, pages = site
    parsed = {p.resolve(): _parse(p) for p in pages}
    for path, page in parsed.items():
        assert page.scripts == 0, path
        for resource in page.resources:
            assert not urlparse(resource).scheme, (path, resource)
            assert (path.parent / resource).resolve().is_file(), (path, resource)
        for link in page.links:
            url = urlparse(link)
            if url.scheme in {"http", "https"}:
                continue  # a source's own address, never fetched by the page
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            assert target in parsed, (path, link)
            if url.fragment:
                assert url.fragment in parsed[target].ids, (path, link)
    for svg in (root / "charts").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text
        assert not re.search(r'(?:href|src)="https?://', text), svg


def test_every_fact_links_to_its_source(site):
    root, pages = site
    base = innovscale.load_example()
    listed = _parse(root / "sources.html").ids
    for innovation in base.innovations:
        page = _parse(root / "innovations" / f"{innovation.id}.html")
        cited = {link.split("#source-")[1] for link in page.links if "#source-" in link}
        facts = [
            innovation,
            *innovation.elements,
            *base.adoptions_of(innovation.id),
            *base.claims_about(innovation.id),
            *base.evidence_about(innovation.id),
            *base.reach_of(innovation.id),
        ]
        assert {s for fact in facts for s in fact.sources} <= cited, innovation.id
        assert all(f"source-{s}" in listed for s in cited)
    for path in pages:
        # No tuple of ids shown as Python writes it, ('a', 'b').
        assert not re.search(r"\(&#39;[a-z0-9][a-z0-9._-]*&#39;,", path.read_text("utf-8")), path


def test_values_are_escaped(tmp_path):
    base = innovscale.load_example()
    sneaky = attrs.evolve(base.innovations[0], name='<script>alert("x")</script>')
    base = attrs.evolve(base, innovations=(sneaky, *base.innovations[1:]))
    review.write_site(base, tmp_path / "site")
    text = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text


def test_a_site_replaces_its_previous_self_but_no_other_folder(tmp_path, site):
    target = tmp_path / "site"
    review.write_site(innovscale.load_example(), target)
    stale = target / "innovations" / "gone.html"
    stale.write_text("old")
    review.write_site(innovscale.load_example(), target)
    assert not stale.exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(FileWriteError, match="not a site innovscale wrote"):
        review.write_site(innovscale.load_example(), other)
    assert (other / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "site"]


def test_on_the_command_line(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "site"
    argv = ["report", "examples/against-the-odds.json", "-o", str(target)]
    assert run(argv, stdout=out, stderr=err) == 0, err.getvalue()
    assert "the base is valid" in out.getvalue()
    assert (target / "index.html").is_file()


def test_without_the_extra_it_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "leather", None)
    with pytest.raises(MissingExtra, match=r"innovscale\[report\]"):
        review.write_site(innovscale.load_example(), tmp_path / "site")


# -- in a real browser ------------------------------------------------------------------------


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        if os.environ.get("INNOVSCALE_REQUIRE_BROWSER"):
            pytest.fail("Chromium and chromedriver are required here but missing")
        pytest.skip("Chromium is not installed (CI installs Debian's chromium)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1200",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_every_page_renders_in_a_browser_offline(site, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    root, _ = site
    todo = [(root / "index.html").resolve().as_uri()]
    seen: set[str] = set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.get(url)
        WebDriverWait(browser, 20).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        assert browser.find_element(By.TAG_NAME, "h1").text.strip(), url
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (url, errors)
        left = [u for u in _requests(browser) if not u.startswith(("file://", "data:"))]
        assert left == [], (url, left)
        broken = browser.execute_script(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.src)"
        )
        assert broken == [], (url, broken)
        for link in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
            href = link.get_attribute("href").split("#")[0]
            if href.startswith("file://"):
                assert Path(unquote(urlparse(href).path)).is_file(), (url, href)
                todo.append(href)
    assert len(seen) >= 4 + len(innovscale.load_example().innovations)


def test_screenshots_of_the_index_and_an_innovation(site, browser, tmp_path):
    root, _ = site
    for name, page in (("index", "index.html"), ("innovation", "innovations/dafne.html")):
        browser.get((root / page).resolve().as_uri())
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1280, min(max(height, 600), 4000))
        shot = tmp_path / f"{name}.png"
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
