import pytest

from corpus_tools.cli import cli


@pytest.fixture(autouse=True)
def no_stanza_models(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "stanza"))


def test_segment_writes_one_sentence_per_line_from_stdin(runner):
    result = runner.invoke(cli, ["segment", "--lang", "ru", "-"],
                           input="Президент К.-Ж. Токаев прибыл. Итоги\nподведены.\n\nСтатья 1\n")
    assert result.exit_code == 0
    assert result.stdout == "Президент К.-Ж. Токаев прибыл.\nИтоги подведены.\nСтатья 1\n"


def test_segment_keeps_paragraphs_with_blank_lines(runner, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("One. Two.\n\nThree.\n", encoding="utf-8")
    result = runner.invoke(cli, ["segment", "--lang", "en", "--keep-paragraphs", str(source)])
    assert result.stdout == "One.\nTwo.\n\nThree.\n"


def test_segment_writes_output_file_and_refuses_to_overwrite_without_force(runner, tmp_path):
    source, out = tmp_path / "in.txt", tmp_path / "out.txt"
    source.write_text("峰会举行。各方签约。", encoding="utf-8")
    result = runner.invoke(cli, ["segment", "--lang", "zh", str(source), "-o", str(out)])
    assert result.exit_code == 0
    assert "2 sentences in 1 paragraph (rules-" in result.stderr and not result.stdout
    assert out.read_text(encoding="utf-8") == "峰会举行。\n各方签约。\n"
    again = runner.invoke(cli, ["segment", "--lang", "zh", str(source), "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(cli, ["segment", "--lang", "zh", "--keep-paragraphs", str(source),
                                 "-o", str(out), "--force"])
    assert forced.exit_code == 0


def test_segment_empty_file_gives_no_sentences_and_a_notice(runner, tmp_path):
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    result = runner.invoke(cli, ["segment", "--lang", "en", str(source)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no sentences" in result.stderr


def test_segment_non_utf8_input_is_one_line_error_with_byte_offset(runner, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Fête. Été.".encode("latin-1"))
    result = runner.invoke(cli, ["segment", "--lang", "en", str(source)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "latin1.txt" in result.stderr and "byte offset 1" in result.stderr


def test_segment_warns_on_script_mismatch_and_still_segments(runner, tmp_path):
    source = tmp_path / "zh.txt"
    source.write_text("峰会举行。各方签约。", encoding="utf-8")
    result = runner.invoke(cli, ["segment", "--lang", "ru", str(source)])
    assert result.exit_code == 0
    assert "cyrillic" in result.stderr
    assert result.stdout == "峰会举行。各方签约。\n"  # Russian rules: 。 is no stop


def test_segment_stanza_without_model_names_the_download_command(runner, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Привет. Мир.", encoding="utf-8")
    result = runner.invoke(cli, ["segment", "--lang", "ru", "--backend", "stanza", str(source)])
    assert result.exit_code == 1
    assert "corpus-tools models download stanza:ru" in result.stderr


def test_segment_rejects_unknown_language_code(runner):
    result = runner.invoke(cli, ["segment", "--lang", "xx", "-"], input="Hi.")
    assert result.exit_code == 2
    assert "ISO 639-1" in result.output
