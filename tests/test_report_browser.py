"""The report in a real browser: headless Chromium (Debian's package, installed by .ci/run)."""

import json
import re
from pathlib import Path

import lxml.html
import pytest

from corpus_tools.report import write_report
from corpus_tools.report.browser import dump_dom, find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="no chromium binary on PATH (apt-get install chromium)")

# Drives the page as a reader would, after the report's own script ran, and writes what it
# saw into <pre id="probe"> for the test to read from the dumped DOM.
DRIVER = """<script>
(function () {
  function scores(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return parseFloat(r.cells[1].getAttribute("data-v"));
    });
  }
  var probe = {};
  var viewer = document.querySelector("#group-1 table");
  var confidence = viewer.tHead.rows[0].cells[1].querySelector("button.sort");
  confidence.click();
  probe.ascending = scores(viewer);
  confidence.click();
  probe.descending = scores(viewer);
  var flagged = viewer.closest("figure").querySelector(".toolbar input[type=checkbox]");
  flagged.checked = true;
  flagged.dispatchEvent(new Event("change"));
  probe.flaggedShown = Number(viewer.dataset.shown);
  var docs = document.querySelector("#documents table");
  var filter = docs.closest("figure").querySelector(".toolbar input[type=search]");
  filter.value = "treaty ru";
  filter.dispatchEvent(new Event("input"));
  probe.docsShown = Number(docs.dataset.shown);
  probe.docsCount = docs.closest("figure").querySelector(".toolbar .count").textContent;
  probe.enhanced = document.querySelectorAll("table.data[data-enhanced='1']").length;
  probe.tables = document.querySelectorAll("table.data").length;
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(probe);
  document.body.appendChild(pre);
})();
</script>"""


def test_sorting_and_filtering_run_in_chromium(review_corpus, tmp_path):
    report = tmp_path / "report.html"
    write_report(review_corpus, report)
    # The page's policy runs only its own script; the driver needs the policy lifted.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                  report.read_text(encoding="utf-8"))
    driven = tmp_path / "driven.html"
    driven.write_text(html.replace("</body>", DRIVER + "</body>"), encoding="utf-8")

    dom = lxml.html.fromstring(dump_dom(driven))
    assert dom.get("data-report-script") == "ready"
    probe = json.loads(dom.get_element_by_id("probe").text)
    assert probe["enhanced"] == probe["tables"] > 10
    assert probe["ascending"] == sorted(probe["ascending"])
    assert probe["descending"] == sorted(probe["descending"], reverse=True)
    assert 0 < probe["flaggedShown"] < len(probe["ascending"])
    assert probe["docsShown"] == 1 and probe["docsCount"] == "1 of 7 rows"


def test_sections_render_and_injected_markup_does_not_run(hostile_corpus, hostile_payloads,
                                                          tmp_path):
    report = tmp_path / "report.html"
    write_report(hostile_corpus, report)
    unguarded = tmp_path / "unguarded.html"
    # Escaping alone must hold, without the Content-Security-Policy as a second guard.
    unguarded.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                                report.read_text(encoding="utf-8")), encoding="utf-8")
    for page in (report, unguarded):
        dom = lxml.html.fromstring(dump_dom(page))
        assert dom.get("data-report-script") == "ready"  # the page's own script ran …
        assert dom.get("data-injected") is None  # … and none from the corpus did
        assert not dom.xpath("//img | //*[@onerror]")
        assert len(dom.xpath("//script")) == 1
        assert [s.get("id") for s in dom.xpath("//section[contains(@class, 'has-content')]")] \
            == ["overview", "viewer", "terminology", "scores"]
        assert dom.xpath("//div[@class='toolbar']/input[@type='search']")
        text = dom.text_content()
        assert all(payload in text for payload in hostile_payloads)


@pytest.mark.skipif(not Path("/usr/bin/chromedriver").exists(),
                    reason="needs Debian's chromium-driver")
def test_concept_filters_and_links_to_units_work_in_chromium(sample_corpus, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    report = tmp_path / "report.html"
    write_report(sample_corpus, report)
    options = webdriver.ChromeOptions()
    options.binary_location = find_chromium()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"),
                              options=options)
    try:
        driver.get(report.as_uri())
        table = driver.find_element(By.CSS_SELECTOR, "#concept-0")
        rows = table.find_elements(By.CSS_SELECTOR, "table.data > tbody > tr")
        langs = {r.find_element(By.TAG_NAME, "td").text for r in rows}
        language = Select(table.find_element(By.CSS_SELECTOR, "th[data-filter] select"))
        language.select_by_value("ru")
        shown = [r for r in rows if r.is_displayed()]
        assert len(langs) > 1 and shown and all(
            r.find_element(By.TAG_NAME, "td").text == "ru" for r in shown)
        language.select_by_value("")
        link = driver.find_element(By.CSS_SELECTOR, "#concepts a[href^='#unit-']")
        target = link.get_attribute("href").split("#")[1]
        driver.execute_script("arguments[0].closest('details.lines').open = true;"
                              "arguments[0].closest('details.group').open = true;", link)
        link.click()
        unit = driver.find_element(By.ID, target)
        assert unit.is_displayed() and unit.find_elements(By.TAG_NAME, "mark")
    finally:
        driver.quit()
