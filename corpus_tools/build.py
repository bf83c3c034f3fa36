"""`build`: run every stage for a manifest, in order, skipping what is up to date.

A stage reads tables, calls one library function and writes tables. Its fingerprint — the
hashes of its input files and its settings — is kept in ``build.json`` beside the tables;
a stage whose fingerprint and outputs are unchanged is skipped. A stage that needs a model
that is not installed is skipped with one line; stages that need its output are skipped too.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from corpus_tools import __version__
from corpus_tools.errors import ModelMissingError
from corpus_tools.fileio import sha256_file, write_text_atomic
from corpus_tools.manifest import Manifest, load_manifest
from corpus_tools.tables import SCHEMAS, provenance, read_table, write_table

if TYPE_CHECKING:
    from corpus_tools.align.aligner import Aligner

log = logging.getLogger(__name__)

Tables = dict[str, pl.DataFrame]


@dataclass
class Corpus:
    """Where a manifest's tables live: ``ROOT/corpora/<name>/`` and ``ROOT/alignments/<name>/``."""

    manifest: Manifest
    root: Path

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpora" / self.manifest.name

    @property
    def alignments_dir(self) -> Path:
        return self.root / "alignments" / self.manifest.name

    def table_path(self, name: str) -> Path:
        """``documents`` → corpora/<name>/documents.parquet; ``alignments/en-ru`` → alignments/…"""
        if name.startswith("alignments/"):
            return self.alignments_dir / f"{name.split('/', 1)[1]}.parquet"
        return self.corpus_dir / f"{name}.parquet"

    @cached_property
    def aligner(self) -> Aligner:
        """The model-free scorers, and the manifest's encoder where it is installed (else a
        notice says how to get it and alignment goes on without it); one per build, so the
        alignments and parallel stages share the loaded encoder and its embeddings."""
        from corpus_tools.align.aligner import Aligner
        from corpus_tools.align.scorers import default_scorers

        return Aligner(default_scorers(_embedding_model(self), required=False))

    def table_names(self, pattern: str) -> list[str]:
        """Existing tables matching ``pattern`` (``alignments/*`` lists every language pair)."""
        if pattern == "alignments/*":
            return sorted(f"alignments/{p.stem}" for p in self.alignments_dir.glob("*.parquet"))
        return [pattern] if self.table_path(pattern).exists() else []


@dataclass(frozen=True)
class StageResult:
    tables: Tables
    settings: dict = field(default_factory=dict)  # backend/model ids, recorded as provenance


@dataclass(frozen=True)
class Stage:
    name: str
    inputs: tuple[str, ...]  # table names or patterns the stage needs
    run: Callable[[Corpus, Tables], StageResult]
    optional: tuple[str, ...] = ()  # tables the stage reads when they exist
    settings: Callable[[Corpus], dict] = lambda corpus: {}  # what changes the output
    source_files: Callable[[Corpus], list[Path]] = lambda corpus: []  # non-table inputs


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)  # written table → rows


def build(manifest_path: str | Path, root: str | Path = ".", force: bool = False,
          stages: list[Stage] | None = None) -> BuildReport:
    """Build every stage of the corpus described by ``manifest_path`` under ``root``."""
    corpus = Corpus(load_manifest(manifest_path), Path(root))
    state_path = corpus.corpus_dir / "build.json"
    state = json.loads(state_path.read_text()) if state_path.exists() and not force else {}
    report = BuildReport()
    for stage in stages if stages is not None else default_stages():
        input_names = [n for pattern in stage.inputs + stage.optional
                       for n in corpus.table_names(pattern)]
        missing = [p for p in stage.inputs if not corpus.table_names(p)]
        if missing:
            report.skipped[stage.name] = f"needs {', '.join(missing)}"
            log.warning("skipped %s: needs %s", stage.name, ", ".join(missing))
            continue
        files = {n: corpus.table_path(n) for n in input_names}
        files |= {str(p): p for p in stage.source_files(corpus)}
        fingerprint = _fingerprint(stage, corpus, files)
        previous = state.get(stage.name, {})
        if previous.get("fingerprint") == fingerprint and all(
                corpus.table_path(n).exists() for n in previous.get("outputs", [])):
            report.up_to_date.append(stage.name)
            continue
        try:
            result = stage.run(corpus, {n: read_table(corpus.table_path(n)) for n in input_names})
        except ModelMissingError as err:
            report.skipped[stage.name] = str(err)
            log.warning("skipped %s: %s", stage.name, err)
            continue
        _remove_stale_outputs(corpus, previous.get("outputs", []), result.tables)
        prov = provenance(files, name=stage.name, **result.settings)
        for name, table in result.tables.items():
            schema = SCHEMAS.get(name.split("/", 1)[0])
            write_table(table, corpus.table_path(name), schema, prov)
            report.tables[name] = table.height
        state[stage.name] = {"fingerprint": fingerprint, "outputs": sorted(result.tables)}
        write_text_atomic(state_path, json.dumps(state, indent=2, sort_keys=True))
        report.built.append(stage.name)
    return report


def _fingerprint(stage: Stage, corpus: Corpus, files: dict[str, Path]) -> str:
    record = {"tool_version": __version__, "stage": stage.name,
              "settings": stage.settings(corpus),
              "inputs": {name: sha256_file(path) for name, path in sorted(files.items())}}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


def _remove_stale_outputs(corpus: Corpus, previous: list[str], current: Tables) -> None:
    for name in set(previous) - set(current):
        corpus.table_path(name).unlink(missing_ok=True)


# --- the stages ---------------------------------------------------------------------------


def _documents(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.gather import gather_manifest

    documents, fetch_log = gather_manifest(corpus.manifest, corpus.corpus_dir / "cache")
    return StageResult({"documents": documents, "fetch_log": fetch_log})


def _manifest_files(corpus: Corpus) -> list[Path]:
    return [corpus.manifest.path] + [e.path for e in corpus.manifest.documents if e.path]


def _sentences(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.segment import get_segmenter, segment_documents

    segmenter = get_segmenter("auto")
    return StageResult({"sentences": segment_documents(tables["documents"], segmenter)},
                       {"segmenter": segmenter.name})


def _segmenter_settings(corpus: Corpus) -> dict:
    """The backend per language, so that installing a stanza model re-segments."""
    from corpus_tools.segment import get_segmenter

    langs = sorted({entry.lang for entry in corpus.manifest.documents})
    return {"segmenter": {lang: get_segmenter("auto", lang).name for lang in langs}}


def _embedding_model(corpus: Corpus) -> str | None:
    """The ``[align]`` table's ``embedding`` (checked with the manifest): the sentence
    encoder to align with, if any."""
    return corpus.manifest.settings.get("align", {}).get("embedding")


def _alignment_settings(corpus: Corpus) -> dict:
    """The dictionaries and the encoder installed, so that installing one re-aligns."""
    from corpus_tools.align.scorers.lexicon import installed_dictionaries
    from corpus_tools.models import encoder_revision

    model = _embedding_model(corpus)
    embedding = {"model": model, "revision": encoder_revision(model)} if model else None
    return {"dictionaries": installed_dictionaries(), "embedding": embedding}


def _alignments(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.align.corpus import align_documents

    aligner = corpus.aligner
    by_pair = align_documents(tables["documents"], tables["sentences"], aligner)
    comparable = [p.docs for p in corpus.manifest.pairs if p.mode == "comparable"]
    if comparable:
        from corpus_tools.align.comparable import align_comparable_documents

        found = align_comparable_documents(tables["documents"], tables["sentences"], comparable,
                                           aligner.scorers)
        for pair, table in found.items():
            by_pair[pair] = pl.concat([by_pair[pair], table]) if pair in by_pair else table
    return StageResult({f"alignments/{pair}": table for pair, table in by_pair.items()},
                       {"aligner": aligner.method, "scorers": [s.name for s in aligner.scorers],
                        "comparable": sorted(map(list, comparable)),
                        **_alignment_settings(corpus)})


def _parallel(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.align.parallel import build_parallel

    alignments = pl.concat([t for n, t in tables.items() if n.startswith("alignments/")])
    aligner = corpus.aligner
    return StageResult({"parallel": build_parallel(alignments, tables["sentences"],
                                                   tables["documents"], aligner=aligner)},
                       {"aligner": aligner.method, **_alignment_settings(corpus)})


def _translate_settings(corpus: Corpus) -> dict:
    return corpus.manifest.settings.get("translate", {})


def _corpus_langs(corpus: Corpus) -> set[str]:
    return {doc.lang for doc in corpus.manifest.documents}


def _translations_fingerprint(corpus: Corpus) -> dict:
    from corpus_tools.translate.corpus import configured_systems, model_revisions

    settings = _translate_settings(corpus)
    systems = configured_systems(settings, _corpus_langs(corpus))
    return {"translate": settings, "revisions": model_revisions(systems)}


def _translations(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.translate.corpus import translate_sentences

    table, settings = translate_sentences(tables["sentences"], _translate_settings(corpus),
                                          _corpus_langs(corpus), corpus.corpus_dir / "cache"
                                          / "translations.sqlite")
    return StageResult({"translations": table}, settings)


def _scores(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.score.corpus import score_corpus, score_settings

    scores, signatures = score_corpus(tables["translations"], tables["parallel"],
                                      tables["documents"], tables["sentences"],
                                      score_settings(corpus.manifest))
    return StageResult({"scores": scores}, {"sacrebleu": signatures})


def _score_settings(corpus: Corpus) -> dict:
    from corpus_tools.score.corpus import score_settings

    return score_settings(corpus.manifest).fingerprint()


def _external_systems(corpus: Corpus) -> list[Path]:
    from corpus_tools.score.corpus import score_settings

    return [system.path for system in score_settings(corpus.manifest).systems]


def _terms_settings(corpus: Corpus) -> dict:
    from corpus_tools.terms import manifest_settings

    return manifest_settings(corpus.manifest)


def _glossary_file(corpus: Corpus) -> list[Path]:
    return [Path(_terms_settings(corpus)["glossary"])]


def _terms(corpus: Corpus, tables: Tables) -> StageResult:
    from corpus_tools.terms import load_glossary
    from corpus_tools.terms.tables import build_term_tables

    settings = _terms_settings(corpus)
    result = build_term_tables(tables["documents"], tables["sentences"],
                               load_glossary(settings["glossary"]), tables.get("parallel"),
                               tables.get("translations"), settings["source_lang"])
    return StageResult(result.as_dict(), {**settings, "matchers": result.matchers,
                                          "renderings_note": result.renderings_note})


def default_stages() -> list[Stage]:
    return [
        Stage("documents", (), _documents, source_files=_manifest_files),
        Stage("sentences", ("documents",), _sentences, settings=_segmenter_settings),
        Stage("alignments", ("documents", "sentences"), _alignments,
              settings=_alignment_settings),
        Stage("parallel", ("documents", "sentences", "alignments/*"), _parallel,
              settings=_alignment_settings),
        Stage("translations", ("sentences",), _translations, settings=_translations_fingerprint),
        Stage("scores", ("translations", "parallel", "documents", "sentences"), _scores,
              settings=_score_settings, source_files=_external_systems),
        Stage("terms", ("documents", "sentences"), _terms, optional=("parallel", "translations"),
              settings=_terms_settings, source_files=_glossary_file),
    ]
