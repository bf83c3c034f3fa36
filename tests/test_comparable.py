import logging

import polars as pl

from corpus_tools.align.comparable import align_comparable, align_comparable_documents
from corpus_tools.align.scorers import default_scorers

SOURCE_ZH = [
    "缔约双方睦邻友好条约",
    "本条约于2025年6月17日在阿斯塔纳签订。",
    "缔约双方同意在贸易、交通和能源领域加强合作。",
    "缔约双方尊重彼此的主权和领土完整。",
    "双方每年举行一次外交部长会晤。",
    "本条约有效期为20年。",
    "缔约双方鼓励教育、文化和旅游领域的交流。",
    "本条约自互换批准书之日起生效。",
]
COMMENTARY_EN = [
    "Observers expect the ruble to weaken further this winter.",  # distractor
    "The treaty is valid for a term of 20 years.",  # → 5
    "Football fans filled the stadium on Saturday night.",  # distractor
    "It was signed in Astana on June 17, 2025.",  # → 1
    "Both sides promise to respect each other's sovereignty and territorial integrity.",  # → 3
    "A new bakery opened near the railway station.",  # distractor
]


def test_commentary_links_reordered_paraphrases_and_leaves_distractors_out():
    links = align_comparable(COMMENTARY_EN, SOURCE_ZH, "en", "zh", default_scorers())
    assert sorted((b.src, b.tgt) for b in links) == [((1,), (5,)), ((3,), (1,)), ((4,), (3,))]
    assert all(0 < b.score <= 1 for b in links)


def test_a_list_number_alone_does_not_link_a_commentary_item_to_an_article_heading():
    source = ["第一条", *SOURCE_ZH[1:3], "第四条", *SOURCE_ZH[3:]]
    commentary = [*COMMENTARY_EN, "4. Concerts."]
    links = align_comparable(commentary, source, "en", "zh", default_scorers())
    assert [b for b in links if 6 in b.src] == []
    assert ((1,), (6,)) in [(b.src, b.tgt) for b in links]  # "20 years" still links


def test_no_link_above_threshold_gives_an_empty_alignment_and_a_notice(caplog):
    documents = pl.DataFrame({"doc_id": ["c", "s"], "name": ["comment", "source"],
                              "group_id": ["c", "s"], "lang": ["en", "zh"]})
    sentences = pl.DataFrame({"doc_id": ["c", "c", "s"], "sent_id": [0, 1, 0],
                              "text": ["Football fans filled the stadium.",
                                       "A bakery opened.", SOURCE_ZH[4]]})
    with caplog.at_level(logging.WARNING):
        tables = align_comparable_documents(documents, sentences, [("source", "comment")])
    assert tables["en-zh"].height == 0
    assert "comment ↔ source: no link above the threshold" in caplog.text


def test_build_writes_comparable_links_beside_parallel_beads(tmp_path):
    from corpus_tools.build import build

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "source.zh.txt").write_text("\n\n".join(SOURCE_ZH) + "\n", encoding="utf-8")
    (folder / "comment.en.txt").write_text(" ".join(COMMENTARY_EN) + "\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        'name = "c"\n'
        '[[documents]]\nid = "source"\npath = "source.zh.txt"\nlang = "zh"\n'
        '[[documents]]\nid = "comment"\npath = "comment.en.txt"\nlang = "en"\n'
        'role = "commentary"\n'
        '[[pairs]]\ndocs = ["comment", "source"]\nmode = "comparable"\n', encoding="utf-8")
    build(folder / "manifest.toml", root=tmp_path)
    table = pl.read_parquet(tmp_path / "alignments" / "c" / "en-zh.parquet")
    assert set(table["mode"]) == {"comparable"}
    assert table.height >= 2 and table["score"].min() >= 0.3


def test_align_command_comparable_mode_writes_links_with_scores(tmp_path):
    from click.testing import CliRunner

    from corpus_tools.cli import cli

    (tmp_path / "comment.en").write_text("\n".join(COMMENTARY_EN) + "\n", encoding="utf-8")
    (tmp_path / "source.zh").write_text("\n".join(SOURCE_ZH) + "\n", encoding="utf-8")
    out = tmp_path / "links.txt"
    args = ["align", "--mode", "comparable", "--presegmented", "--src-lang", "en",
            "--tgt-lang", "zh", str(tmp_path / "comment.en"), str(tmp_path / "source.zh"),
            "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    links = sorted(line.rsplit(":", 1)[0] for line in lines)
    assert links == ["[1]:[5]", "[3]:[1]", "[4]:[3]"]
    assert all(0.3 <= float(line.rsplit(":", 1)[1]) <= 1 for line in lines)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 1 and "exists" in again.output
    strict = CliRunner().invoke(cli, [*args[:-2], "--threshold", "0.99", "--format", "jsonl"])
    assert strict.exit_code == 0 and strict.stdout == ""
