from corpus_tools import __version__
from corpus_tools.cli import cli


def test_version_is_printed(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_the_build_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "build" in result.output
    assert "--quiet" in result.output


def test_user_error_is_one_line_with_nonzero_exit(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(tmp_path / "missing.toml")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "missing.toml" in result.output
