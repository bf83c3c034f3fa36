from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.dictionaries import MUELLER_ARTICLES, write_dictd

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tiny_manifest(tmp_path: Path) -> Path:
    """A copy of the three-language tiny corpus in a scratch folder."""
    target = tmp_path / "tiny"
    target.mkdir()
    for source in (FIXTURES / "tiny").iterdir():
        (target / source.name).write_bytes(source.read_bytes())
    return target / "manifest.toml"


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample corpus built once per session; tests copy it before changing anything."""
    from corpus_tools.build import build

    root = tmp_path_factory.mktemp("sample-build")
    build(REPO / "corpora" / "sample" / "manifest.toml", root=root)
    return root


@pytest.fixture
def sample_corpus(sample_build, tmp_path) -> Path:
    """A private copy of the built sample corpus: ``ROOT/corpora/sample`` (alignments beside)."""
    import shutil

    shutil.copytree(sample_build, tmp_path / "root")
    return tmp_path / "root" / "corpora" / "sample"


@pytest.fixture
def review_corpus(sample_corpus) -> Path:
    """The sample corpus plus small scores and terminology tables written for the report."""
    import polars as pl

    from corpus_tools.tables import SCORES, write_table

    docs = pl.read_parquet(sample_corpus / "documents.parquet")
    ref = docs.filter(pl.col("name") == "treaty-en")["doc_id"].item()
    zh = docs.filter(pl.col("name") == "treaty-zh")["doc_id"].item()
    rows = []

    def score(system, p_value, level, key, metric, value, ci=None, signature=""):
        return {"system": system, "src_lang": "zh", "tgt_lang": "en", "group_id": "treaty",
                "ref_doc_id": ref, "level": level, "key": key, "segment": None,
                "n_segments": 1, "metric": metric, "value": value,
                "ci_low": value - ci if ci else None, "ci_high": value + ci if ci else None,
                "p_value": p_value, "signature": signature}

    for system, base, p_value in (("opus-mt", 30.0, None), ("nllb", 34.5, 0.003)):
        for metric, shift in (("bleu", 0.0), ("chrf", 25.0), ("ter", 20.0)):
            value = base + shift
            rows.append(score(system, p_value, "corpus", "", metric, value, 2.5,
                              f"{metric}|nrefs:1|v:2.4"))
            rows.append(score(system, None, "document", ref, metric, value))
        rows += [score(system, None, "sentence", f"{zh}:{i}", "bleu", base + i)
                 for i in range(3)]
    write_table(pl.DataFrame(rows, schema=SCORES),
                sample_corpus / "scores.parquet", SCORES)
    pl.DataFrame({
        "concept_id": ["community-shared-future"] * 2 + ["good-neighbourliness"],
        "lang": ["en", "ru", "en"],
        "variant": ["community with a shared future", "сообщество единой судьбы",
                    "good-neighbourliness"],
        "role": ["translation", "translation", "translation"],
        "count": [3, 2, 4],
    }).write_parquet(sample_corpus / "terms.parquet")
    pl.DataFrame({
        "concept_id": ["community-shared-future"] * 3 + ["good-neighbourliness"],
        "lang": ["en", "en", "ru", "en"],
        "doc_id": ["d1", "d1", "d2", "d1"],
        "sent_id": [3, 7, 3, 2],
        "left": ["jointly build a closer", "a model of a", "построить более тесное",
                 "relations of"],
        "match": ["community with a shared future", "community with a shared future",
                  "сообщество единой судьбы", "good-neighbourliness"],
        "right": [". To this end", ".", ".", "and friendship"],
    }).write_parquet(sample_corpus / "concordance.parquet")
    pl.DataFrame({
        "group_id": ["treaty", "treaty"], "unit_id": [1, 2],
        "concept_id": ["community-shared-future"] * 2,
        "zh": ["命运共同体", "命运共同体"],
        "en_human": ["community with a shared future"] * 2,
        "en_opus-mt": ["community of common destiny", "community with a shared future"],
    }).write_parquet(sample_corpus / "renderings.parquet")
    return sample_corpus


HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture
def hostile_payloads() -> tuple[str, ...]:
    return HOSTILE


@pytest.fixture
def hostile_corpus(tmp_path) -> Path:
    """A built corpus whose texts, title, site, terms and MT system names carry payloads."""
    import polars as pl

    from corpus_tools.build import build
    from corpus_tools.tables import SCORES, write_table

    build(FIXTURES / "hostile" / "manifest.toml", root=tmp_path)
    corpus = tmp_path / "corpora" / "hostile"
    script, img = HOSTILE
    pl.DataFrame({"concept_id": [script], "variant": [img], "count": [1]}).write_parquet(
        corpus / "terms.parquet")
    pl.DataFrame({"concept_id": [script], "left": [img], "match": [script], "right": [img]}
                 ).write_parquet(corpus / "concordance.parquet")
    write_table(pl.DataFrame([(script, "en", "ru", None, img, "corpus", "", None, 1, img, 1.0,
                               0.5, 1.5, 0.01, script)], schema=SCORES, orient="row"),
                corpus / "scores.parquet", SCORES)
    return corpus


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    """A random MarianMTModel with a SentencePiece tokenizer, saved to disk."""
    from tests.tiny_models import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-marian")


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory) -> Path:
    """A random NLLB-style model that needs a forced target-language token."""
    from tests.tiny_models import build_tiny_nllb

    return build_tiny_nllb(tmp_path_factory.mktemp("models") / "tiny-nllb")


@pytest.fixture(autouse=True)
def model_caches(tmp_path, monkeypatch) -> Path:
    """Empty, private model and translation caches: no test sees the user's own (a cached
    opus-mt would otherwise make `build` run the translations stage with it)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "stanza"))
    monkeypatch.setenv("CORPUS_TOOLS_CACHE", str(tmp_path / "corpus-tools"))
    return tmp_path


@pytest.fixture
def installed_mueller(tmp_path, monkeypatch):
    """A small Mueller-style dictionary, found first through $CORPUS_TOOLS_DICTD."""
    from corpus_tools.align.scorers import lexicon

    folder = tmp_path / "dictd"
    folder.mkdir()
    write_dictd(folder, "mueller7", MUELLER_ARTICLES)
    monkeypatch.setenv("CORPUS_TOOLS_DICTD", str(folder))
    lexicon.mueller.cache_clear()
    lexicon.chinese_russian.cache_clear()
    yield lexicon
    lexicon.mueller.cache_clear()
    lexicon.chinese_russian.cache_clear()


@pytest.fixture(scope="session")
def local_ray():
    """A local Ray of 2 CPUs, started once for the tests that need it; its workers import
    this checkout (and the tests' helpers) through PYTHONPATH. No network."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(REPO)}})
    yield ray
    ray.shutdown()
