"""The ``scores`` build stage: each MT system against the human translation of its group.

For a system that translated a group's ``src`` document into ``tgt``, the hypotheses are its
translations of each aligned unit's source sentences (joined), the references the unit's
``tgt`` text in the ``parallel`` table; units with an empty side are left out. Numbers are
made at corpus (all groups), document (the reference document) and sentence (unit) level.

Translations made elsewhere (e.g. a commercial MT service) join as extra systems::

    [[systems]]
    name = "deepl"                   # the system column in scores
    group = "treaty"                 # the document group
    src = "zh"                       # language of the source document in that group
    tgt = "en"
    path = "treaty.deepl.en.txt"     # one line per source sentence, in order
    doc = "treaty-zh"                # only when the group has several documents in `src`

    [score]                          # all optional
    metrics = ["bleu", "chrf", "ter"]
    tokenize = "13a"                 # BLEU tokenizer override
    paired = "bs"                    # paired test between the systems of a language pair
    baseline = "opus-mt"
    comet_model = "/models/wmt22-comet-da"
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from corpus_tools.errors import ManifestError
from corpus_tools.fileio import sha256_file
from corpus_tools.lang import is_language_code, join_sentences
from corpus_tools.manifest import ID_PATTERN, Manifest, check_keys, stage_table
from corpus_tools.score.files import read_segments
from corpus_tools.score.levels import ScoreOptions, Segments, score_systems
from corpus_tools.score.metrics import DEFAULT_METRICS, parse_metrics
from corpus_tools.score.results import LEVELS, records_frame
from corpus_tools.score.significance import PAIRED_TESTS
from corpus_tools.tables import SCORES, TRANSLATIONS, conform

log = logging.getLogger(__name__)

SYSTEM_KEYS = {"name", "group", "src", "tgt", "path", "doc"}
SCORE_KEYS = {"metrics", "tokenize", "paired", "baseline", "comet_model"}


@dataclass(frozen=True)
class ExternalSystem:
    name: str
    group: str
    src: str
    tgt: str
    path: Path
    doc: str | None = None  # manifest id of the source document
    file: str = ""  # the path as the manifest names it (what tables record)


@dataclass(frozen=True)
class ScoreSettings:
    metrics: tuple[str, ...] = DEFAULT_METRICS
    tokenize: str | None = None
    paired: str | None = None
    baseline: str | None = None
    comet_model: str | None = None
    systems: tuple[ExternalSystem, ...] = ()

    def options(self, tgt_lang: str, systems: list[str]) -> ScoreOptions:
        paired = self.paired if len(systems) > 1 else None
        return ScoreOptions(tgt_lang=tgt_lang, metrics=self.metrics, levels=LEVELS,
                            tokenize=self.tokenize, paired=paired,
                            baseline=self.baseline if self.baseline in systems else None,
                            comet_model=self.comet_model)

    def signature(self) -> dict:
        """Every setting that changes a score; external systems' files by name and hash."""
        record = asdict(self)
        record["systems"] = [{**{k: v for k, v in asdict(s).items() if k != "path"},
                              "sha256": sha256_file(s.path)} for s in self.systems]
        return record


def score_settings(manifest: Manifest) -> ScoreSettings:
    """The manifest's ``[score]`` table and ``[[systems]]`` entries, validated."""
    raw = stage_table(manifest, "score")
    where = f"{manifest.path}: [score]"
    check_keys(raw, SCORE_KEYS, manifest.path, "[score]")
    if raw.get("paired") not in (None, *PAIRED_TESTS):
        raise ManifestError(f"{where}: paired must be one of {', '.join(PAIRED_TESTS)}")
    entries = manifest.settings.get("systems", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{manifest.path}: 'systems' must be [[systems]] tables")
    systems = tuple(_external_system(e, n, manifest) for n, e in enumerate(entries, start=1))
    names = [s.name for s in systems]
    if len(set(names)) != len(names):
        raise ManifestError(f"{manifest.path}: [[systems]] names must be unique, got {names}")
    return ScoreSettings(metrics=parse_metrics(raw.get("metrics", DEFAULT_METRICS)),
                         tokenize=raw.get("tokenize"), paired=raw.get("paired"),
                         baseline=raw.get("baseline"), comet_model=raw.get("comet_model"),
                         systems=systems)


def _external_system(raw: object, number: int, manifest: Manifest) -> ExternalSystem:
    label = f"{manifest.path}: [[systems]] #{number}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{label}: must be a table")
    check_keys(raw, SYSTEM_KEYS, manifest.path, f"[[systems]] #{number}")
    missing = sorted({"name", "group", "src", "tgt", "path"} - set(raw))
    if missing:
        raise ManifestError(f"{label}: missing {', '.join(missing)}")
    name = str(raw["name"])
    if not ID_PATTERN.match(name):
        raise ManifestError(f"{label}: name {name!r} must be a lowercase identifier")
    label = f"{manifest.path}: [[systems]] {name!r}"
    for lang in (raw["src"], raw["tgt"]):
        if not is_language_code(str(lang)):
            raise ManifestError(f"{label}: unknown language {lang!r} (use an ISO 639-1 code)")
    if raw["group"] not in {d.group for d in manifest.documents}:
        raise ManifestError(f"{label}: no document is in group {raw['group']!r}")
    if raw.get("doc") is not None and raw["doc"] not in {d.id for d in manifest.documents}:
        raise ManifestError(f"{label}: unknown document {raw['doc']!r}")
    path = (manifest.path.parent / str(raw["path"])).resolve()
    if not path.is_file():
        raise ManifestError(f"{label}: missing file {path}")
    return ExternalSystem(name=name, group=str(raw["group"]), src=str(raw["src"]),
                          tgt=str(raw["tgt"]), path=path, doc=raw.get("doc"),
                          file=manifest.relative(path))


def external_translations(systems: tuple[ExternalSystem, ...], documents: pl.DataFrame,
                          sentences: pl.DataFrame) -> pl.DataFrame:
    """The external systems' lines as ``translations`` rows, one per source sentence."""
    rows = []
    for system in systems:
        docs = documents.filter((pl.col("group_id") == system.group)
                                & (pl.col("lang") == system.src))
        if system.doc is not None:
            docs = docs.filter(pl.col("name") == system.doc)
        if docs.height != 1:
            raise ManifestError(f"[[systems]] {system.name!r}: group {system.group!r} has "
                                f"{docs.height} documents in {system.src!r}; name one with doc")
        doc_id, doc_name = docs["doc_id"][0], docs["name"][0]
        count = sentences.filter(pl.col("doc_id") == doc_id).height
        lines = read_segments(system.path)
        if len(lines) != count:
            raise ManifestError(f"{system.path} has {len(lines)} lines but document {doc_name!r} "
                                f"has {count} sentences")
        rows += [{"doc_id": doc_id, "sent_id": i, "src_lang": system.src, "tgt_lang": system.tgt,
                  "system": system.name, "model_id": system.file or str(system.path),
                  "revision": None,
                  "backend": "external", "options": "{}", "text": line}
                 for i, line in enumerate(lines)]
    return pl.DataFrame(rows, schema=TRANSLATIONS)


@dataclass(frozen=True)
class Line:
    """One aligned unit as a scoring line."""

    hyp: str
    ref: str
    source: str
    ref_doc: str


def aligned_lines(translations: pl.DataFrame, parallel: pl.DataFrame, src: str,
                  tgt: str) -> dict[tuple[str, int], Line]:
    """(group_id, unit_id) → the system's translation of the unit's source and its reference.

    Units without source or reference text, or with an untranslated source sentence, are
    left out."""
    text = {(d, s): t for d, s, t in translations.select("doc_id", "sent_id", "text").iter_rows()}
    docs = set(translations["doc_id"])
    lines = {}
    for unit in parallel.filter(pl.col(f"{src}_doc_id").is_in(docs)).iter_rows(named=True):
        parts = [text.get((unit[f"{src}_doc_id"], i)) for i in unit[f"{src}_sent_ids"]]
        if not parts or None in parts or not unit[tgt] or not unit[src]:
            continue
        lines[(unit["group_id"], unit["unit_id"])] = Line(
            join_sentences(parts, tgt), unit[tgt], unit[src], unit[f"{tgt}_doc_id"])
    return lines


def score_corpus(translations: pl.DataFrame, parallel: pl.DataFrame, documents: pl.DataFrame,
                 sentences: pl.DataFrame,
                 settings: ScoreSettings) -> tuple[pl.DataFrame, list[str]]:
    """The ``scores`` table for every system and language pair, and the signatures used."""
    external = external_translations(settings.systems, documents, sentences)
    clash = set(external["system"]) & set(translations["system"])
    if clash:
        raise ManifestError(f"[[systems]] {sorted(clash)[0]!r}: name already used by an MT system")
    every = pl.concat([conform(translations, TRANSLATIONS, "translations"), external])
    group_of = dict(zip(documents["doc_id"], documents["group_id"], strict=True))
    frames = []
    for (src, tgt), pair in every.sort("src_lang", "tgt_lang").group_by(
            "src_lang", "tgt_lang", maintain_order=True):
        if f"{src}_sent_ids" not in parallel.columns or tgt not in parallel.columns:
            log.warning("scores: no %s or %s documents to score %s→%s against", src, tgt, src, tgt)
            continue
        by_system = {name: aligned_lines(rows, parallel, src, tgt)
                     for (name,), rows in pair.sort("system").group_by("system",
                                                                        maintain_order=True)}
        frames += [records_frame(score_systems(hyps, segments, settings.options(tgt, list(hyps))),
                                 src, tgt, group_of)
                   for hyps, segments in _scoring_sets(by_system, settings)]
    scores = pl.concat(frames) if frames else pl.DataFrame(schema=SCORES)
    return scores, sorted(set(scores["signature"]))


def _scoring_sets(by_system: Mapping[str, dict[tuple[str, int], Line]], settings: ScoreSettings):
    """Systems scored together on the units all of them cover (paired), or each on its own."""
    if settings.paired and len(by_system) > 1:
        common = set.intersection(*(set(lines) for lines in by_system.values()))
        sets = [{name: {k: v for k, v in lines.items() if k in common}
                 for name, lines in by_system.items()}]
    else:
        sets = [{name: lines} for name, lines in by_system.items()]
    for systems in sets:
        keys = sorted(next(iter(systems.values())))
        if not keys:
            log.warning("scores: %s: no aligned unit to score", ", ".join(systems))
            continue
        first = next(iter(systems.values()))
        segments = Segments(refs=[[first[k].ref for k in keys]],
                            docs=[first[k].ref_doc for k in keys], ids=[k[1] for k in keys],
                            sources=[first[k].source for k in keys])
        yield {name: [lines[k].hyp for k in keys] for name, lines in systems.items()}, segments
