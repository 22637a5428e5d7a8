"""Query embeddings through ONNX Runtime: the same sentence-transformers model, exported once to a file.

One short query is too small for torch's per-operator overhead; ONNX Runtime runs the same graph in
about half the CPU time. Only mean-pooled, normalised models (the bundled all-MiniLM-L6-v2 and most
sentence-transformers models) are exported; the vectors match torch's to within float rounding,
which is checked on every load, so a stale or foreign file is replaced instead of used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigurationError

#: Largest difference from torch's vector that a loaded export may show (float rounding is ~1e-7).
MATCH_TOLERANCE = 1e-4
_PROBE = "Hoe vindt een werkzoekende met een arbeidsbeperking betaald werk?"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OPSET = 17
_READABLE = 0o644


def export_name(model_path: str) -> str:
    """File name of a model's export: the model folder and the torch version that wrote it."""
    import torch

    digest = hashlib.sha1(f"{Path(model_path).resolve()}|{torch.__version__}".encode()).hexdigest()[:16]
    return f"query-encoder-{digest}.onnx"


class OnnxQueryEncoder:
    """Embeds one query at a time with ONNX Runtime, as the given SentenceTransformer would."""

    def __init__(self, model: Any, *, model_path: str, folder: Path, threads: int) -> None:
        self._tokenizer = model.tokenizer
        self._max_length = int(model.max_seq_length)
        self._inputs = _check_pipeline(model)
        self._path = folder / export_name(model_path)
        self._threads = threads
        self._session: Any = None
        expected = np.asarray(model.encode([_PROBE], normalize_embeddings=True)[0], dtype=np.float32)
        if not (self._path.is_file() and self._usable(expected)):
            _export(model, self._path, self._inputs)  # missing, stale or damaged: write it anew
            if not self._usable(expected):
                raise ConfigurationError(
                    f"The ONNX export {self._path} does not give the model's vectors; "
                    "set WERKWIJZER_EMBEDDING_BACKEND=torch."
                )

    def encode(self, text: str) -> np.ndarray:
        """Unit-length vector of ``text`` (prefix already added), read-only like the torch path's."""
        encoded = self._tokenizer([text], return_tensors="np", truncation=True, max_length=self._max_length)
        feed = {name: encoded[name].astype(np.int64) for name in self._inputs}
        hidden = self._session.run(None, feed)[0]
        mask = encoded["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        vector = (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))[0]
        result = vector.astype(np.float32)
        result.flags.writeable = False
        return result

    def _open(self) -> Any:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        return onnxruntime.InferenceSession(str(self._path), options, providers=["CPUExecutionProvider"])

    def _usable(self, expected: np.ndarray) -> bool:
        """Open the export; True when it gives ``expected`` for the probe query."""
        try:
            self._session = self._open()
            got = self.encode(_PROBE)
        except Exception:  # noqa: BLE001 - the runtime raises its own kinds for a file it cannot read
            return False
        return got.shape == expected.shape and bool(np.abs(got - expected).max() <= MATCH_TOLERANCE)


def _check_pipeline(model: Any) -> tuple[str, ...]:
    """The transformer's input names, if the model is transformer → mean pooling (→ normalise)."""
    modules = list(model)
    kinds = [type(m).__name__ for m in modules]
    pooling = modules[1] if len(modules) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)
    if mode is None and getattr(pooling, "pooling_mode_mean_tokens", False):
        mode = "mean"  # older sentence-transformers name the mode by flags
    mean = mode == "mean"
    if kinds[:2] != ["Transformer", "Pooling"] or not mean or any(k != "Normalize" for k in kinds[2:]):
        raise ConfigurationError(
            f"WERKWIJZER_EMBEDDING_BACKEND=onnx needs a mean-pooled model (transformer, mean pooling, "
            f"normalise); this one is {' → '.join(kinds)}. Set WERKWIJZER_EMBEDDING_BACKEND=torch."
        )
    accepted = model.tokenizer.model_input_names
    return tuple(name for name in _INPUTS if name in accepted)


def _export(model: Any, path: Path, inputs: tuple[str, ...]) -> None:
    """Write the transformer as ONNX, atomically (worker processes may export at the same time)."""
    import torch

    try:
        import onnx  # noqa: F401  - torch's exporter needs it; say so plainly when it is missing
    except ImportError as e:
        raise ConfigurationError(
            "WERKWIJZER_EMBEDDING_BACKEND=onnx needs the onnx package: pip install 'werkwijzer[onnx]'."
        ) from e
    transformer = model[0].auto_model.eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(inputs, tensors, strict=True))).last_hidden_state

    sample = model.tokenizer([_PROBE], return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*inputs, "last_hidden_state")}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".onnx.tmp")
    os.close(handle)
    try:
        # The tracer warns about shape checks it freezes; the probe comparison on every load is the real check.
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHidden(),
                tuple(sample[name] for name in inputs),
                temporary,
                input_names=list(inputs),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=_OPSET,
                dynamo=False,
            )
        os.chmod(temporary, _READABLE)  # mkstemp makes it private; other service users read it too
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
