import xml.etree.ElementTree as ET
import zipfile

from click.testing import CliRunner

from corpus_tools.cli import cli

TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_tbx_export_carries_status_counts_and_sources(sample_build, tmp_path):
    corpus, out = sample_build / "corpora" / "sample", tmp_path / "glossary.tbx"
    result = run("terms", "export", corpus, "--format", "tbx", "-o", out)
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert root.tag == f"{TBX}tbx" and root.get("type") == "TBX-Basic"
    entry = next(e for e in root.iter(f"{TBX}conceptEntry") if e.get("id") == "shared-future")
    ru = next(s for s in entry.iter(f"{TBX}langSec") if s.get(XML_LANG) == "ru")
    term = next(t for t in ru.iter(f"{TBX}termSec")
                if t.findtext(f"{TBX}term") == "сообщество единой судьбы")
    assert term.findtext(f"{TBX}termNote") == "preferredTerm-admn-sts"
    assert term.findtext(f"{TBX}admin") == "summit-results-ru, treaty-ru"
    assert "first attested 2025-06-17" in term.findtext(f"{TBX}note")
    again = run("terms", "export", corpus, "--format", "tbx", "-o", out)
    assert again.exit_code == 1 and "--force" in again.output


def test_xlsx_export_has_a_sheet_per_concept_and_the_same_bytes_each_time(sample_build,
                                                                           tmp_path):
    corpus = sample_build / "corpora" / "sample"
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        assert run("terms", "export", corpus, "--format", "xlsx", "-o", out).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert 'name="concepts"' in workbook and 'name="shared-future"' in workbook
