"""Sentence splitting with stanza's neural tokenizer, when its model is installed.

The pipeline is built with ``download_method=None``: nothing is fetched at run time. A
missing model is a :class:`ModelMissingError` naming ``stanza:<lang>``.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import runpy
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_tools.errors import ModelMissingError

if TYPE_CHECKING:
    import stanza

PURPOSE = "sentence segmentation"


def resources_dir() -> Path | None:
    """Where stanza keeps its models: ``$STANZA_RESOURCES_DIR`` or stanza's default.

    The default is worked out without importing stanza (which imports torch, seconds of
    start-up for every ``segment --backend auto``): stanza's ``_version.py`` names the
    resources version its cache folder is keyed by.
    """
    if os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(os.environ["STANZA_RESOURCES_DIR"])
    spec = importlib.util.find_spec("stanza")
    if spec is None or spec.origin is None:
        return None
    from platformdirs import user_cache_dir

    version = runpy.run_path(str(Path(spec.origin).parent / "_version.py"))
    return Path(user_cache_dir("stanza", "StanfordNLP", version["__resources_version__"])) / \
        "resources"


def tokenizer_model(lang: str) -> Path | None:
    """The installed file of stanza's default tokenizer for ``lang``, or None."""
    directory = resources_dir()
    if directory is None or not (directory / "resources.json").exists():
        return None
    resources = json.loads((directory / "resources.json").read_text(encoding="utf-8"))
    while lang in resources and "alias" in resources[lang]:  # zh → zh-hans
        lang = resources[lang]["alias"]
    package = resources.get(lang, {}).get("default_processors", {}).get("tokenize")
    model = directory / lang / "tokenize" / f"{package}.pt"
    return model if package and model.exists() else None


def document_spans(document: stanza.Document) -> list[tuple[int, int]]:
    """Sentence spans of a stanza document: first token's start to last token's end."""
    return [(sentence.tokens[0].start_char, sentence.tokens[-1].end_char)
            for sentence in document.sentences]


class StanzaSegmenter:
    """stanza's tokenizer, one pipeline per language, each loaded on first use."""

    def __init__(self) -> None:
        self.name = f"stanza-{importlib.metadata.version('stanza')}"
        self._pipelines: dict[str, stanza.Pipeline] = {}

    def require(self, lang: str) -> None:
        """Raise :class:`ModelMissingError` unless ``lang``'s tokenizer is installed."""
        if tokenizer_model(lang) is None:
            raise ModelMissingError(f"stanza:{lang}", PURPOSE)

    def split(self, paragraph: str, lang: str) -> list[tuple[int, int]]:
        return document_spans(self._pipeline(lang)(paragraph))

    def _pipeline(self, lang: str) -> stanza.Pipeline:
        if lang not in self._pipelines:
            self.require(lang)
            import stanza

            try:
                self._pipelines[lang] = stanza.Pipeline(
                    lang, dir=str(resources_dir()), processors="tokenize",
                    download_method=None, logging_level="WARN")
            except FileNotFoundError:  # resources.json names a file that is not there
                raise ModelMissingError(f"stanza:{lang}", PURPOSE) from None
        return self._pipelines[lang]
