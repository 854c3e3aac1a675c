"""Tiny, deterministic Argos packages built from scratch, for offline tests and benchmarks.

A package is a SentencePiece model trained on a few lines, a CTranslate2
Transformer written with ``TransformerSpec.from_config`` and random weights
from a fixed numpy seed (no torch), and ``metadata.json``, zipped with fixed
timestamps so the same arguments give the same bytes. The model translates
nonsense, but through the real loading, tokenizing and decoding path.

Use :func:`build_tiny_package` directly, or :func:`tiny_argos_setup` (also
available as the ``argos_packages`` fixture), which installs fr→en and en→de
into a temporary Argos packages folder and points ``ARGOS_PACKAGES_DIR`` at it.
"""

from __future__ import annotations

import io
import json
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EOS_BIAS = 2.0  # tiny models stop after a few tokens: fast tests

TRAINING_TEXT = """\
Le président a reçu la délégation au palais mardi soir.
Les manœuvres militaires ont commencé près de la frontière.
The president received the delegation at the palace on Tuesday.
The military exercises began near the border last week.
Der Präsident empfing die Delegation am Dienstag im Palast.
Die Manöver begannen in der Nähe der Grenze.
« Viendrez-vous ? » a demandé le ministre, puis il est parti.
Selon l'agence, 100 000 soldats participent ; c'est 3,5 % de plus.
""".splitlines()


def train_sentencepiece(
    lines: Iterable[str], vocab_size: int, *, model_type: str = "unigram", normalization: str = "nmt_nfkc"
) -> bytes:
    """A SentencePiece model (serialized bytes) trained on ``lines``, single-threaded for determinism."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=out,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
        max_sentence_length=100000,
        normalization_rule_name=normalization,
    )
    return out.getvalue()


def vocabulary(sp_model: bytes) -> list[str]:
    """The model's pieces in id order; ids 0–2 are ``<unk>``, ``<s>``, ``</s>`` as CTranslate2 expects."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _out_features(scope: str, d_model: int, ffn: int, vocab: int) -> int:
    if scope.endswith("self_attention/linear_0"):
        return 3 * d_model  # fused query, key, value
    if scope.endswith("attention/linear_1") and "self_attention" not in scope:
        return 2 * d_model  # fused key, value of the encoder-decoder attention
    if scope.endswith("ffn/linear_0"):
        return ffn
    if scope.endswith("projection"):
        return vocab
    return d_model


def write_random_transformer(
    model_dir: Path,
    vocab: list[str],
    *,
    layers: int = 2,
    d_model: int = 16,
    ffn: int = 32,
    heads: int = 2,
    seed: int = 1234,
    quantization: str | None = None,
    eos_bias: float = 0.0,
) -> None:
    """Write a CTranslate2 Transformer (pre-norm, ReLU, sinusoidal positions) with seeded random weights.

    ``eos_bias`` is added to the output bias of ``</s>``: a positive one makes the
    random model stop after a few tokens instead of running to the length limit.
    """
    import numpy as np
    from ctranslate2.specs import common_spec, transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(layers, heads)

    def fill(layer: object, scope: str) -> None:
        if isinstance(layer, common_spec.LinearSpec):
            out = _out_features(scope, d_model, ffn, len(vocab))
            inp = ffn if scope.endswith("ffn/linear_1") else d_model
            layer.weight = rng.normal(0.0, inp**-0.5, (out, inp)).astype(np.float32)
            layer.bias = rng.normal(0.0, 0.1, (out,)).astype(np.float32)
            return
        if isinstance(layer, common_spec.LayerNormSpec):
            layer.gamma = np.ones(d_model, dtype=np.float32)
            layer.beta = np.zeros(d_model, dtype=np.float32)
            return
        if isinstance(layer, common_spec.EmbeddingsSpec):
            layer.weight = rng.normal(0.0, d_model**-0.5, (len(vocab), d_model)).astype(np.float32)
            return
        for name, value in sorted(vars(layer).items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    fill(item, f"{scope}/{name}_{i}")
            elif hasattr(value, "__dict__") and not isinstance(value, (str, np.generic, np.ndarray)):
                fill(value, f"{scope}/{name}")

    fill(spec, "")
    spec.decoder.projection.bias[vocab.index("</s>")] += eos_bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def zip_folder(folder: Path, archive: Path) -> None:
    """Zip ``folder`` (as the archive's one top folder) with sorted members and fixed timestamps."""

    def entries(root: Path) -> Iterator[Path]:
        for p in sorted(root.iterdir()):
            yield p
            if p.is_dir():
                yield from entries(p)

    with zipfile.ZipFile(archive, "w") as zf:
        top = zipfile.ZipInfo(folder.name + "/", ZIP_DATE)
        top.external_attr = (stat.S_IFDIR | 0o755) << 16
        zf.writestr(top, b"")
        for p in entries(folder):
            name = f"{folder.name}/{p.relative_to(folder).as_posix()}"
            if p.is_dir():
                info = zipfile.ZipInfo(name + "/", ZIP_DATE)
                info.external_attr = (stat.S_IFDIR | 0o755) << 16
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, p.read_bytes())


def metadata(from_code: str, to_code: str, version: str) -> dict:
    names = {"fr": "French", "en": "English", "de": "German", "es": "Spanish"}
    return {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": names.get(from_code, from_code),
        "to_code": to_code,
        "to_name": names.get(to_code, to_code),
        "type": "translate",
    }


def build_package_folder(
    folder: Path,
    from_code: str,
    to_code: str,
    version: str,
    sp_model: bytes,
    *,
    vocab_pad_to: int = 0,
    **model: object,
) -> None:
    """Lay out an Argos package folder: metadata.json, sentencepiece.model, model/.

    ``vocab_pad_to`` pads the model's vocabulary with unused tokens (``<unused1>``…)
    when the SentencePiece model has fewer pieces than the model should have rows.
    """
    folder.mkdir(parents=True)
    (folder / "metadata.json").write_text(json.dumps(metadata(from_code, to_code, version), indent=2, sort_keys=True))
    (folder / "sentencepiece.model").write_bytes(sp_model)
    vocab = vocabulary(sp_model)
    vocab += [f"<unused{i}>" for i in range(1, vocab_pad_to - len(vocab) + 1)]
    write_random_transformer(folder / "model", vocab, **model)  # type: ignore[arg-type]


def build_tiny_package(dest_dir: Path, from_code: str = "fr", to_code: str = "en", version: str = "1.0") -> Path:
    """Build ``translate-<from>_<to>-<version>.argosmodel`` in ``dest_dir`` and return its path."""
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    archive = Path(dest_dir) / f"{name}.argosmodel"
    seed = sum(map(ord, f"{from_code}>{to_code}:{version}"))  # fixed per pair, differs between pairs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        sp_model = train_sentencepiece(TRAINING_TEXT, 120, normalization="identity")
        build_package_folder(folder, from_code, to_code, version, sp_model, seed=seed, eos_bias=EOS_BIAS)
        zip_folder(folder, archive)
    return archive


def install_tiny_packages(packages_dir: Path, pairs: Iterable[tuple[str, str]] = (("fr", "en"), ("en", "de"))) -> list:
    """Build and install tiny packages for ``pairs`` into ``packages_dir``; returns their PackageInfo."""
    from polyglot.packages import install_package

    installed = []
    with tempfile.TemporaryDirectory() as tmp:
        for source, target in pairs:
            installed.append(install_package(build_tiny_package(Path(tmp), source, target), packages_dir))
    return installed


_CACHE: dict[tuple[str, str], bytes] = {}


def tiny_argos_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Install tiny fr→en and en→de packages in a temporary Argos packages folder; return it.

    ``ARGOS_PACKAGES_DIR`` and the XDG folders point into ``tmp_path``, so neither
    polyglot nor argostranslate touches the user's real packages.
    """
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    packages = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    from polyglot.packages import install_package

    archives = tmp_path / "archives"
    archives.mkdir()
    for pair in (("fr", "en"), ("en", "de")):
        if pair not in _CACHE:  # build once per session: same bytes anyway
            _CACHE[pair] = build_tiny_package(archives, *pair).read_bytes()
        path = archives / f"translate-{pair[0]}_{pair[1]}.argosmodel"
        path.write_bytes(_CACHE[pair])
        install_package(path, packages)
    shutil.rmtree(archives)
    return packages


@pytest.fixture
def argos_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pytest fixture around :func:`tiny_argos_setup` (import it into a test module to use it)."""
    return tiny_argos_setup(tmp_path, monkeypatch)
