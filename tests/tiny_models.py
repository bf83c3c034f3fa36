"""Tiny seq2seq models with random weights, built in a test run (no downloads).

They have the real architectures and tokenizers (Marian with SentencePiece source.spm /
target.spm / vocab.json; an NLLB-style M2M100 whose tokenizer knows the FLORES-200 language
tags and needs a forced first target token), so every loading and generation path runs;
only the weights are random. Each builder takes about a second.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

# Written for these tests: a few lines in each language to train the tokenizers on.
LINES = [
    "The parties agreed to strengthen good-neighbourly relations.",
    "The summit was held in Astana on a sunny day.",
    "Стороны договорились укреплять добрососедские отношения.",
    "Саммит прошёл в Астане в солнечный день.",
    "双方同意加强睦邻友好关系。",
    "峰会在阿斯塔纳举行，天气晴朗。",
]

SMALL = dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
             decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
             max_position_embeddings=128, init_std=0.5)  # large weights: outputs vary with input


def build_tiny_marian(path: Path, seed: int = 0, vocab_size: int = 0, **shape) -> Path:
    """A random ``MarianMTModel`` with a SentencePiece tokenizer trained on ``LINES``.

    ``vocab_size`` pads the vocabulary with unused pieces (benchmarks use opus-mt's ~60k);
    ``shape`` overrides ``MarianConfig`` fields (d_model, layers …).
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    path.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(LINES * 10), model_writer=model, vocab_size=120,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False, bos_id=-1,
        eos_id=0, unk_id=1, pad_id=-1, minloglevel=2)
    for name in ("source.spm", "target.spm"):
        (path / name).write_bytes(model.getvalue())
    pieces = spm.SentencePieceProcessor(model_proto=model.getvalue())
    vocab = {pieces.id_to_piece(i): i for i in range(pieces.get_piece_size())}
    vocab |= {f"▁filler{i}": i for i in range(len(vocab), vocab_size - 1)}
    vocab["<pad>"] = len(vocab)  # last, as in opus-mt (CTranslate2's converter expects it)
    (path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    tokenizer = MarianTokenizer(source_spm=str(path / "source.spm"),
                                target_spm=str(path / "target.spm"), vocab=str(path / "vocab.json"))
    config = MarianConfig(vocab_size=len(vocab), pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id,
                          decoder_start_token_id=tokenizer.pad_token_id,
                          forced_eos_token_id=tokenizer.eos_token_id, **(SMALL | shape))
    torch.manual_seed(seed)
    MarianMTModel(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def build_tiny_nllb(path: Path, seed: int = 0) -> Path:
    """A random NLLB-style model: ``M2M100ForConditionalGeneration`` + ``NllbTokenizer``."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    path.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace()
    bpe.train_from_iterator(LINES * 10, trainers.BpeTrainer(
        vocab_size=200, special_tokens=["<s>", "<pad>", "</s>", "<unk>"], show_progress=False))
    state = json.loads(bpe.to_str())["model"]
    tokenizer = NllbTokenizer(vocab=state["vocab"],
                              merges=[tuple(m) for m in state["merges"]])
    config = M2M100Config(vocab_size=len(tokenizer), pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id,
                          decoder_start_token_id=tokenizer.eos_token_id,
                          tie_word_embeddings=False, **SMALL)
    torch.manual_seed(seed)
    model = M2M100ForConditionalGeneration(config)
    with torch.no_grad():  # make the language tags unlikely outputs, so the text is not empty
        model.get_output_embeddings().weight[len(state["vocab"]):] *= 0.01
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def put_in_hf_cache(model_dir: Path, cache: Path, repo_id: str,
                    commit: str = "0123456789abcdef0123456789abcdef01234567") -> Path:
    """Lay ``model_dir`` out as the Hugging Face cache does for ``repo_id`` at ``commit``."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    for file in model_dir.iterdir():
        (snapshot / file.name).write_bytes(file.read_bytes())
    return snapshot
