"""The site builds with `mkdocs build --strict` and works in a real browser (headless Chromium).

Checks: deal and comparison pages load without console errors and fetch nothing from
outside the site; every chart image loads and has alt text; every internal link resolves.
A screenshot of each page type goes to build/site-screenshots/ for review.

Needs Debian's `chromium` and `chromium-driver` (.ci/run installs them); nothing downloads
a browser. Where they are missing the browser test is skipped with the reason, except when
TRADETERMS_REQUIRE_BROWSER is set (as in CI), where it fails.
"""

from __future__ import annotations

import functools
import html.parser
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import tradeterms

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "build" / "site-screenshots"
# One page of each type: (screenshot name, path in the site).
PAGE_TYPES = [
    ("home", ""),
    ("deal", "deals/us-japan-2025/"),
    ("deal-index", "deals/"),
    ("compare", "compare/"),
    ("pledges", "compare/pledges/"),
    ("changelog", "changelog/"),
    ("reference", "reference/"),
]
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tradeterms-site-") as tmp:
        out = Path(tmp) / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, **QUIET_MKDOCS},
            check=False,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        yield out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    thread.join()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = (
            f"no browser: {', '.join(missing)} missing "
            "(apt-get install -y chromium chromium-driver, as .ci/run does)"
        )
        if os.environ.get("TRADETERMS_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="tradeterms-chromium-") as profile:
        for flag in (
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}",
        ):  # fmt: skip
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_page_load_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()


def _open(browser: Any, url: str) -> list[dict[str, Any]]:
    """Load a page; return its console messages (errors and warnings alike)."""
    browser.get_log("browser")  # drop what earlier pages left
    browser.get(url)
    browser.execute_script("return document.readyState")
    return list(browser.get_log("browser"))


def _deal_paths() -> list[str]:
    return [f"deals/{deal.id}/" for deal in tradeterms.load()]


def test_pages_load_without_console_errors_or_outside_requests(browser: Any, server: str) -> None:
    paths = [*_deal_paths(), "compare/", "compare/pledges/", "changelog/", ""]
    problems = {}
    for path in paths:
        messages = _open(browser, server + path)
        errors = [m["message"] for m in messages if m["level"] == "SEVERE"]
        outside = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(u => !u.startsWith(location.origin))"
        )
        if errors or outside:
            problems[path] = errors + outside
    assert problems == {}


CHART_IMAGES = """
return Array.from(document.querySelectorAll('article img')).map(img => ({
  src: img.getAttribute('src'), alt: img.getAttribute('alt') || '',
  complete: img.complete, width: img.naturalWidth}))
"""


def test_every_chart_loads_and_has_alt_text(browser: Any, server: str) -> None:
    for path in [*_deal_paths(), "compare/", "compare/pledges/"]:
        _open(browser, server + path)
        images = browser.execute_script(CHART_IMAGES)
        charts = [i for i in images if i["src"].endswith(".svg")]
        assert len(charts) == 1, (path, images)
        for image in images:
            assert image["complete"] and image["width"] > 0, (path, image)
            assert len(image["alt"]) > 40, (path, image)  # says the numbers, not just "chart"
        # The same numbers in a table beside the chart.
        assert browser.execute_script("return document.querySelectorAll('article table').length")


def test_screenshot_of_each_page_type(browser: Any, server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGE_TYPES:
        _open(browser, server + path)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(height, 4000))
        shot = SCREENSHOTS / f"{name}.png"
        assert browser.save_screenshot(str(shot)), name
        assert shot.stat().st_size > 10_000, name  # a page, not a blank
    browser.set_window_size(1280, 1000)


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            value = found.get(name)
            if value and tag in ("a", "link", "img", "script"):
                self.targets.append(value)


def _internal(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def _file_for(site: Path, page: Path, target: str) -> Path:
    base = "/" + page.relative_to(site).as_posix()
    path = unquote(urlsplit(urljoin(base, target)).path)
    found = site / path.lstrip("/")
    return found / "index.html" if path.endswith("/") else found


def test_internal_links_resolve(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in filter(_internal, parser.targets):
            if not _file_for(site, page, target).is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert broken == []


def test_every_deal_has_a_page_and_a_chart(site: Path) -> None:
    for deal in tradeterms.load():
        page = (site / "deals" / deal.id / "index.html").read_text(encoding="utf-8")
        assert f"{deal.id}-rates.svg" in page, deal.id
        assert (site / "deals" / f"{deal.id}-rates.svg").is_file(), deal.id
