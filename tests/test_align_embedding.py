import numpy as np
import pytest

from corpus_tools.align.scorers.embedding import EmbeddingScorer
from corpus_tools.errors import ModelMissingError


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
    scorer = EmbeddingScorer(str(tiny_encoder))
    src, tgt = ["the cat sat", "a dog ran"], ["a dog ran", "кот сидел"]
    sim = scorer.prepare(src, tgt, "en", "ru").score_groups([((0,), (0,)), ((0, 1), (0, 1))])
    s, t = scorer.encode(src), scorer.encode(tgt)
    pair = s.sum(0) @ t.sum(0) / np.linalg.norm(s.sum(0)) / np.linalg.norm(t.sum(0))
    assert sim[0] == pytest.approx(max(float(s[0] @ t[0]), 0.0), abs=1e-4)
    assert sim[1] == pytest.approx(max(float(pair), 0.0), abs=1e-4)


def test_missing_model_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    scorer = EmbeddingScorer(str(tmp_path / "no-such-model"))
    with pytest.raises(ModelMissingError, match="no-such-model"):
        scorer.encode(["hello"])
