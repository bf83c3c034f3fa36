"""Every command follows the same conventions: language codes in any case and their common
aliases, -q/-v after the command name, --json on stdout, notices on stderr, exit codes."""

import json
from pathlib import Path

import click
import pytest

from corpus_tools.cli import cli

RU = "Президент прибыл в Москву. Переговоры прошли успешно.\n\nИтоги подведены.\n"
EN = "The president arrived in Moscow. The talks went well.\n\nResults were summed up.\n"
LANG = "LANG"  # stands for the language code under test in the calls below


@pytest.fixture
def inputs(tmp_path, sample_corpus, model_caches, monkeypatch) -> dict[str, Path]:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    files = {"ru": tmp_path / "in.ru.txt", "en": tmp_path / "in.en.txt",
             "lines": tmp_path / "lines.ru.txt", "ladder": tmp_path / "gold.ladder"}
    files["ru"].write_text(RU, encoding="utf-8")
    files["en"].write_text(EN, encoding="utf-8")
    files["lines"].write_text("Президент прибыл.\nИтоги подведены.\n", encoding="utf-8")
    files["ladder"].write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    return {**files, "corpus": sample_corpus, "tmp": tmp_path}


def language_calls(f: dict[str, Path], tiny_marian: Path) -> dict[str, list[str]]:
    """One call per language option of every command; LANG is the code under test (ru)."""
    return {
        "segment": ["segment", "--lang", LANG, f["ru"]],
        "align": ["align", "--src-lang", LANG, "--tgt-lang", "en", f["ru"], f["en"]],
        "align --tgt-lang": ["align", "files", "--src-lang", "en", "--tgt-lang", LANG, f["en"],
                             f["ru"]],
        "align3": ["align3", "--langs", f"en,{LANG},en", f["en"], f["ru"], f["en"]],
        "translate": ["translate", "--src-lang", LANG, "--tgt-lang", "en", "--model",
                      tiny_marian, "--max-length", "4", "--no-cache", f["lines"]],
        "score": ["score", "--tgt-lang", LANG, "--src-lang", "en", "--ref", f["lines"],
                  "--hyp", f"same={f['lines']}", "--metrics", "chrf"],
        "terms": ["terms", f["corpus"], "--lang", LANG],
        "terms discover": ["terms", "discover", f["corpus"], "--concept", "shared-future",
                           "--lang", LANG, "--top", "3"],
        "gather": ["gather", f["ru"], "--corpus", "NEW", "--lang", LANG],
        "gather --follow": ["gather", f["en"], "--corpus", "NEW", "--follow",
                            f"example.org={LANG}"],
        "match-docs": ["match-docs", f["ru"], "--corpus", f["corpus"], "--lang", LANG,
                       "--offline"],
        "export": ["export", f["corpus"], "--format", "tsv", "--pair", f"en-{LANG}", "-o",
                   "NEW"],
        "query": ["query", f["corpus"], '[lemma="судьба"]', "--lang", f"en,{LANG}"],
    }


def run(runner, args, lang: str, tmp: Path):
    new = tmp / f"new-{run.count}"  # a fresh output for each call
    run.count += 1
    return runner.invoke(cli, [lang if a == LANG else str(new) if a == "NEW" else
                               str(a).replace(LANG, lang) for a in args])


run.count = 0


@pytest.mark.parametrize("given", ["RU", "rus"])
def test_every_language_option_reads_any_case_and_aliases(runner, inputs, tiny_marian, given):
    for name, args in language_calls(inputs, tiny_marian).items():
        result = run(runner, args, given, inputs["tmp"])
        assert result.exit_code == 0, (name, result.output)
        assert ("read as 'ru'" in result.stderr) == (given == "rus"), (name, result.stderr)


def test_every_language_option_refuses_an_unknown_code_as_a_usage_error(runner, inputs,
                                                                        tiny_marian):
    for name, args in language_calls(inputs, tiny_marian).items():
        result = run(runner, args, "rux", inputs["tmp"])
        assert result.exit_code == 2, (name, result.output)
        assert "'rux' is not an ISO 639-1 code; did you mean 'ru'?" in result.stderr, name
        assert not result.stdout, name
    assert not list(inputs["tmp"].glob("new-*"))  # nothing written labelled 'rux'


def test_language_aliases_name_the_code_they_stand_for():
    from corpus_tools.lang import parse_language

    for given, code in (("cn", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"), ("rus", "ru"),
                        ("En", "en"), ("en_US", "en"), ("RU", "ru")):
        assert parse_language(given).code == code
    assert parse_language("RU").note == ""  # a change of case needs no note
    assert parse_language("cn").note == "language 'cn' read as 'zh'"


def summary_calls(f: dict[str, Path], tiny_manifest: Path, tiny_marian: Path
                  ) -> dict[str, list[str]]:
    """Every command that writes or summarises, writing to OUT where it writes a file (BUILT:
    where `build` wrote; TEI: what `review export-tei` wrote)."""
    corpus = f["corpus"]
    return {
        "build": ["build", tiny_manifest, "--root", "OUT", "--jobs", "2"],
        "review check": ["review", "check", tiny_manifest, "--root", "BUILT"],
        "review export-tei": ["review", "export-tei", tiny_manifest, "--root", "BUILT", "-o",
                              "OUT"],
        "review import-tei": ["review", "import-tei", tiny_manifest, "TEI", "--root", "BUILT"],
        "check": ["check", tiny_manifest],
        "gather": ["gather", f["ru"], "--corpus", "OUT", "--lang", "ru"],
        "match-docs": ["match-docs", f["ru"], "--corpus", corpus, "--offline"],
        "segment": ["segment", "--lang", "ru", f["ru"], "-o", "OUT"],
        "align": ["align", "--src-lang", "ru", "--tgt-lang", "en", f["ru"], f["en"], "-o", "OUT"],
        "align evaluate": ["align", "evaluate", "--gold", f["ladder"], "--test", f["ladder"]],
        "align3": ["align3", "--langs", "en,ru,en", f["en"], f["ru"], f["en"], "-o", "OUT"],
        "translate": ["translate", "--src-lang", "ru", "--tgt-lang", "en", "--model",
                      tiny_marian, "--max-length", "4", f["lines"], "-o", "OUT"],
        "score": ["score", "--tgt-lang", "ru", "--ref", f["lines"], "--hyp",
                  f"same={f['lines']}", "--metrics", "chrf", "-o", "OUT"],
        "models list": ["models", "list"],
        "models verify": ["models", "verify"],
        "terms": ["terms", corpus, "--lang", "ru", "-o", "OUT"],
        "terms concepts": ["terms", "concepts"],
        "terms discover": ["terms", "discover", corpus, "--concept", "shared-future", "--lang",
                           "ru", "--top", "3", "-o", "OUT"],
        "terms export": ["terms", "export", corpus, "--format", "tbx", "-o", "OUT"],
        "export": ["export", corpus, "--format", "tsv", "-o", "OUT"],
        "query": ["query", corpus, '"community"%c', "--format", "tsv", "-o", "OUT"],
        "report": ["report", corpus, "-o", "OUT"],
    }


def resolve(args: list, outs: Path, name: str) -> list[str]:
    """The call with OUT, BUILT and TEI made paths under ``outs`` (one per command name)."""
    paths = {"OUT": outs / name, "BUILT": outs / "build", "TEI": outs / "review export-tei"}
    return [str(paths.get(a, a)) for a in args]


def test_every_command_prints_one_json_document_with_quiet_after_its_name(
        runner, inputs, tiny_manifest, tiny_marian):
    outs = inputs["tmp"] / "json"
    for name, args in summary_calls(inputs, tiny_manifest, tiny_marian).items():
        out = outs / name
        result = runner.invoke(cli, resolve(args, outs, name) + ["-q", "--json"])
        assert result.exit_code == 0, (name, result.output)
        assert isinstance(json.loads(result.stdout), dict), name
        assert result.stderr == "", (name, result.stderr)  # -q after the command name
        if "OUT" in args:
            assert out.exists(), name


def test_notices_go_to_stderr_and_results_to_stdout_with_verbose_after_the_name(
        runner, inputs, tiny_manifest, tiny_marian):
    outs = inputs["tmp"] / "text"
    for name, args in summary_calls(inputs, tiny_manifest, tiny_marian).items():
        out = outs / name
        result = runner.invoke(cli, resolve(args, outs, name) + ["-v"])
        assert result.exit_code == 0, (name, result.output)
        if name in ("align evaluate", "check", "match-docs", "models list",
                    "models verify", "score",
                    "terms concepts", "review check"):
            assert result.stdout, name  # their result is the summary
        else:
            assert result.stdout == "", (name, result.stdout)  # the result went to OUT
            assert result.stderr, name
        if name in ("segment", "align", "align3", "translate", "terms", "terms discover",
                    "terms export", "export", "report", "query", "review export-tei"):
            assert f"wrote {out}" in result.stderr, (name, result.stderr)


def test_json_without_an_output_file_is_a_usage_error(runner, inputs):
    result = runner.invoke(cli, ["segment", "--lang", "ru", str(inputs["ru"]), "--json"])
    assert result.exit_code == 2
    assert "add -o FILE" in result.stderr and result.stdout == ""


def test_query_json_without_an_output_file_is_the_hits_summary(runner, inputs):
    result = runner.invoke(cli, ["query", str(inputs["corpus"]), '"community"%c', "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hits"] > 0


def test_verbose_after_the_command_name_shows_the_traceback(runner, tmp_path):
    missing = str(tmp_path / "missing.toml")
    assert runner.invoke(cli, ["build", missing]).exit_code == 1
    result = runner.invoke(cli, ["build", missing, "-v"])
    assert type(result.exception).__name__ == "ManifestError"


def test_exit_codes_are_0_ok_1_input_error_2_usage_error(runner, inputs):
    ok = runner.invoke(cli, ["segment", "--lang", "ru", str(inputs["ru"])])
    missing = runner.invoke(cli, ["segment", "--lang", "ru", str(inputs["tmp"] / "nope.txt")])
    usage = runner.invoke(cli, ["segment", "--lang", "ru", "--no-such-option"])
    assert (ok.exit_code, missing.exit_code, usage.exit_code) == (0, 1, 2)
    assert missing.stderr.count("\n") == 1 and "nope.txt" in missing.stderr


def test_build_options_refuse_bad_values_as_usage_errors(runner, tiny_manifest):
    for options, message in ((["--jobs", "0"], "--jobs"),
                             (["--address", "127.0.0.1:6379"], "--address is for --executor ray"),
                             (["--executor", "spark"], "'spark' is not one of")):
        result = runner.invoke(cli, ["build", str(tiny_manifest), *options])
        assert result.exit_code == 2, (options, result.output)
        assert message in result.stderr, options


def test_counts_agree_with_their_nouns(runner, inputs):
    one = inputs["tmp"] / "one.txt"
    one.write_text("Один.\n", encoding="utf-8")
    result = runner.invoke(cli, ["segment", "--lang", "ru", str(one)])
    assert "1 sentence in 1 paragraph (" in result.stderr


def test_a_default_command_groups_help_shows_the_default_commands_options(runner):
    for group, option in (("align", "--src-lang"), ("terms", "--view"),
                          ("review", "--no-browser")):
        result = runner.invoke(cli, [group, "--help"])
        assert result.exit_code == 0
        assert option in result.stdout, group


def test_top_level_help_does_not_truncate_descriptions(runner):
    result = runner.invoke(cli, ["--help"])
    assert "..." not in result.stdout.split("Commands:")[1]
    assert "into sentences, one per line." in " ".join(result.stdout.split())
    commands = result.stdout.split("Commands:")[1].split()
    assert {"build", "check", "query", "review", "terms", "export"} <= set(commands)
    assert "-q," in result.stdout and "--version" in result.stdout


def test_an_option_for_one_language_refuses_a_list(runner, inputs):
    result = runner.invoke(cli, ["segment", "--lang", "en,ru", str(inputs["ru"])])
    assert result.exit_code == 2
    assert "'en,ru': one language code here, not a list" in result.stderr


def test_every_option_of_every_command_says_what_it_is_for():
    silent = [(name, param.opts) for name, command in every_command()
              for param in command.params
              if isinstance(param, click.Option) and not param.help]
    assert silent == []


def leaf(args: list) -> str:
    """The command a call runs, by its full name (``terms CORPUS`` → ``terms show``)."""
    command, names, rest = cli, [], [str(a) for a in args]
    while isinstance(command, click.Group):
        name = rest.pop(0) if rest and rest[0] in command.commands else command.default_command
        command = command.commands[name]
        names.append(name)
    return " ".join(names)


def every_command(command: click.Command = cli, names: tuple[str, ...] = ()):
    """Each command and group by its full name, the top level ('') first."""
    yield " ".join(names), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from every_command(sub, (*names, name))


def test_the_walk_calls_every_command_and_every_language_option(inputs, tiny_manifest,
                                                                tiny_marian):
    from corpus_tools.cli.common import check_language, check_language_pair, check_languages

    walked = {leaf(args) for args in summary_calls(inputs, tiny_manifest, tiny_marian).values()}
    not_walked = {"review open": "serves until Ctrl-C", "models download": "needs a network"}
    commands = {name for name, command in every_command()
                if not isinstance(command, click.Group)}
    assert commands - walked == set(not_walked)
    with_language = {name for name, command in every_command()
                     if any(param.callback in (check_language, check_languages,
                                               check_language_pair)
                            for param in command.params)}
    language_walked = {leaf(args) for args in language_calls(inputs, tiny_marian).values()}
    # align evaluate --pair needs reviewed units: test_align_evaluate_reads_its_pair_… below
    assert with_language - language_walked == {"align evaluate"}


def test_align_evaluate_reads_its_pair_like_every_language_option(runner, tiny_manifest,
                                                                  tmp_path):
    from corpus_tools.build import build

    build(tiny_manifest, root=tmp_path)
    call = ["align", "evaluate", "--review", str(tiny_manifest), "--root", str(tmp_path), "--pair"]
    read = runner.invoke(cli, [*call, "EN-rus"])
    assert read.exit_code == 1  # the tiny corpus has no reviewed units
    assert "read as 'ru'" in read.stderr and "no reviewed unit applies to en-ru" in read.stderr
    unknown = runner.invoke(cli, [*call, "en-rux"])
    assert unknown.exit_code == 2 and "did you mean 'ru'?" in unknown.stderr
