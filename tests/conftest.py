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
