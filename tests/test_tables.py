import polars as pl
import pytest

from corpus_tools.errors import OutputExistsError, TableMissingError
from corpus_tools.fileio import atomic_output
from corpus_tools.tables import SENTENCES, provenance, read_provenance, read_table, write_table


def sentences_frame():
    return pl.DataFrame({"doc_id": ["d"], "sent_id": [0], "paragraph_id": [0], "lang": ["en"],
                         "text": ["Hi."], "char_start": [0], "char_end": [3]})


def test_write_table_conforms_to_schema_and_stores_provenance(tmp_path):
    path = write_table(sentences_frame(), tmp_path / "s.parquet", SENTENCES,
                       provenance(segmenter="rules"))
    assert pl.read_parquet(path).schema == pl.Schema(SENTENCES)
    meta = read_provenance(path)
    assert meta["tool"] == "corpus-tools"
    assert meta["stage"] == {"segmenter": "rules"}
    assert "created_at" not in meta  # no time: the same inputs give the same bytes


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_existing_output_needs_force(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(OutputExistsError, match="use --force"), atomic_output(target, force=False):
        pass


def test_missing_table_names_the_stage(tmp_path):
    with pytest.raises(TableMissingError, match="`sentences` stage"):
        read_table(tmp_path / "sentences.parquet", stage_hint="sentences")
