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


def test_every_language_option_rejects_an_unknown_code_before_any_work(runner, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("One sentence.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    calls = [
        ["gather", str(text), "--corpus", str(corpus), "--lang", "xx"],
        ["align", "--src-lang", "en", "--tgt-lang", "xx", str(text), str(text)],
        ["align3", "--langs", "en,xx,zh", str(text), str(text), str(text)],
        ["terms", str(corpus), "--lang", "en", "--lang", "xx"],
        ["terms", "discover", str(corpus), "--concept", "shared-future", "--lang", "xx"],
    ]
    for args in calls:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, args
        assert "'xx' is not an ISO 639-1 code" in result.output, args
    assert not corpus.exists()  # gather wrote nothing labelled 'xx'


def test_quiet_silences_the_notices_commands_print_on_stderr(runner, sample_corpus, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("One sentence.\n", encoding="utf-8")
    calls = [
        ["export", str(sample_corpus), "--format", "tsv", "-o", "-"],
        ["terms", str(sample_corpus), "-o", "OUT"],
        ["terms", str(sample_corpus), "--concept", "shared-future", "--lang", "fr"],
        ["align", "--src-lang", "en", "--tgt-lang", "en", str(text), str(text), "-o", "OUT"],
    ]
    for number, args in enumerate(calls):
        for flags in ([], ["-q"]):
            out = str(tmp_path / f"{number}{''.join(flags)}.txt")
            result = runner.invoke(cli, [*flags, *(out if a == "OUT" else a for a in args)])
            assert result.exit_code == 0, args
            assert bool(result.stderr) != bool(flags), (flags, args, result.stderr)
