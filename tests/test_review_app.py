"""The review app: a real server on 127.0.0.1, driven in Debian's Chromium through
chromium-driver (Selenium, the driver's path given); security checks over plain HTTP."""

import http.client
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import polars as pl
import pytest

from corpus_tools.build import build
from corpus_tools.review import read_review
from corpus_tools.review.app import start_app
from corpus_tools.review.session import ReviewSession
from corpus_tools.review.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture
def sample_manifest(sample_corpus, tmp_path) -> Path:
    """A copy of the sample's manifest folder (the review file goes beside it); the built
    tables are ``sample_corpus``'s."""
    folder = tmp_path / "manifest"
    shutil.copytree(REPO / "corpora" / "sample", folder)
    return folder / "manifest.toml"


@pytest.fixture
def app(sample_manifest, sample_corpus):
    running = start_app(ReviewSession(Workspace.open(sample_manifest, sample_corpus.parents[1])))
    running.serve_in_background()
    yield running
    running.close()


def request(app, method, path, headers=None, body=None):
    host, port = urlsplit(app.origin).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_server_listens_on_loopback_only_and_refuses_requests_without_the_token(app):
    assert app.server.server_address[0] == "127.0.0.1"
    assert request(app, "GET", "/")[0] == 403
    assert request(app, "GET", "/?token=wrong")[0] == 403
    status, page = request(app, "GET", f"/?token={app.token}")
    assert status == 200 and "Aligned units" in page
    action = json.dumps({"action": "confirm", "group": "treaty", "unit": 0})
    post = {"Content-Type": "application/json", "Origin": app.origin}
    assert request(app, "POST", "/act", post, action)[0] == 403  # no token header
    assert request(app, "POST", "/act", post | {"X-Review-Token": "wrong"}, action)[0] == 403


def test_server_refuses_actions_from_other_origins_and_other_hosts(app, sample_manifest):
    action = json.dumps({"action": "confirm", "group": "treaty", "unit": 0})
    headers = {"Content-Type": "application/json", "X-Review-Token": app.token}
    assert request(app, "POST", "/act", headers | {"Origin": "http://evil.example"},
                   action)[0] == 403
    assert request(app, "POST", "/act", headers, action)[0] == 403  # no Origin at all
    assert request(app, "GET", f"/?token={app.token}", {"Host": "evil.example"})[0] == 403
    assert not (sample_manifest.parent / "manifest.review.jsonl").exists()
    status, body = request(app, "POST", "/act", headers | {"Origin": app.origin},
                           json.dumps({"action": "confirm", "group": "treaty", "unit": 999}))
    assert status == 400 and "no unit 999" in body
    assert request(app, "POST", "/act", headers | {"Origin": app.origin}, action)[0] == 200
    assert len(read_review(sample_manifest.parent / "manifest.review.jsonl")) == 1


def test_scraped_markup_in_the_app_is_text(hostile_payloads, tmp_path):
    folder = tmp_path / "hostile-manifest"
    shutil.copytree(REPO / "tests" / "fixtures" / "hostile", folder)
    (folder / "manifest.review.jsonl").write_text(json.dumps(  # a hit inside the payloads
        {"kind": "variant", "concept": "shared-future", "lang": "en", "text": "alert"}) + "\n")
    build(folder / "manifest.toml", root=tmp_path)
    running = start_app(ReviewSession(Workspace.open(folder / "manifest.toml", tmp_path)))
    running.serve_in_background()
    try:
        status, html = request(running, "GET", f"/?token={running.token}")
    finally:
        running.close()
    page = lxml.html.fromstring(html)
    assert status == 200 and len(page.xpath("//script")) == 1
    assert not page.xpath("//img | //*[@onerror]")
    assert all(payload in page.text_content() for payload in hostile_payloads)
    lines = page.xpath("//tr[@data-concept='shared-future']")
    assert lines and any("<script>" in line.xpath("./td[@class='kwic-left']")[0].text_content()
                         for line in lines)


@pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                    reason="needs Debian's chromium and chromium-driver")
def test_reviewer_corrects_a_unit_rejects_a_hit_adds_a_variant_and_the_build_keeps_them(
        app, sample_manifest, sample_corpus):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    wait = WebDriverWait(driver, 20)

    def act(find) -> None:
        """Click what ``find`` returns, then wait for the reloaded page."""
        stale = driver.find_element(By.TAG_NAME, "main")
        find().click()
        wait.until(lambda d: stale.id != d.find_element(By.TAG_NAME, "main").id
                   and d.execute_script("return document.documentElement.dataset.reviewScript")
                   == "ready")

    try:
        driver.get(app.url)
        wait.until(lambda d: d.execute_script(
            "return document.documentElement.dataset.reviewScript") == "ready")
        # the report's concept view, with its column filters: one language's variants
        variants = driver.find_element(By.CSS_SELECTOR, "#concepts #concept-0")
        rows = variants.find_elements(By.CSS_SELECTOR, "table.data > tbody > tr")
        language = Select(variants.find_element(By.CSS_SELECTOR, "th[data-filter] select"))
        language.select_by_value("ru")
        shown = [r for r in rows if r.is_displayed()]
        assert shown and len(shown) < len(rows) and all(
            r.find_element(By.TAG_NAME, "td").text == "ru" for r in shown)
        language.select_by_value("")
        # a concordance line links to its unit's row
        concept = driver.find_element(By.CSS_SELECTOR, "#concepts details.group[open]")
        assert "by role" in concept.find_element(By.TAG_NAME, "table").text
        lines = concept.find_element(
            By.XPATH, ".//details[@class='lines'][.//a[starts-with(@href, '#unit-')]]")
        lines.find_element(By.TAG_NAME, "summary").click()
        unit = lines.find_element(By.CSS_SELECTOR, "a[href^='#unit-']")
        target = unit.get_attribute("href").split("#")[1]
        unit.click()
        assert driver.find_element(By.ID, target).get_attribute("data-unit") is not None
        treaty = "table[data-group='treaty'] tr[data-unit='0']"
        act(lambda: driver.find_element(By.CSS_SELECTOR, f"{treaty} button[data-act*='merge']"))
        assert "reviewed" in driver.find_element(By.CSS_SELECTOR, treaty).get_attribute("class")
        line = ("//tr[@data-concept='good-neighbourliness'][td[3]='treaty-ru:2']")
        act(lambda: driver.find_element(
            By.XPATH, f"{line}//button[@data-verdict='wrong-concept']"))
        assert "rejected" in driver.find_element(By.XPATH, line).get_attribute("class")
        english = "//tr[@data-concept='good-neighbourliness'][td[3]='treaty-en:5']"
        field = driver.find_element(By.XPATH, f"{english}//input[@class='variant-text']")
        field.clear()
        field.send_keys("traditional friendship")
        act(lambda: driver.find_element(By.XPATH, f"{english}//button[@class='add-variant']"))
        assert "traditional friendship" in driver.find_element(
            By.CLASS_NAME, "added-variant").text
    finally:
        driver.quit()

    kinds = [type(d).__name__ for d in read_review(sample_manifest.parent /
                                                   "manifest.review.jsonl")]
    assert kinds == ["UnitDecision", "TermDecision", "VariantDecision"]
    before = pl.read_parquet(sample_corpus / "parallel.parquet").filter(
        pl.col("group_id") == "treaty").sort("unit_id")
    merged = before["en_sent_ids"][0].to_list() + before["en_sent_ids"][1].to_list()
    # (the tables were built from the repository's copy of the manifest: replace them)
    build(sample_manifest, root=sample_corpus.parents[1], replace=True)
    after = pl.read_parquet(sample_corpus / "parallel.parquet").filter(
        pl.col("group_id") == "treaty").sort("unit_id")
    assert after["en_sent_ids"][0].to_list() == merged and after["reviewed"][0]
    concordance = pl.read_parquet(sample_corpus / "concordance.parquet")
    names = dict(pl.read_parquet(sample_corpus / "documents.parquet").select(
        "name", "doc_id").iter_rows())
    good = concordance.filter(pl.col("concept_id") == "good-neighbourliness")
    assert not good.filter((pl.col("doc_id") == names["treaty-ru"])
                           & (pl.col("sent_id") == 2)).height
    assert "traditional friendship" in good["variant"].to_list()
