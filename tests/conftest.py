from pathlib import Path

import pytest
from click.testing import CliRunner

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
