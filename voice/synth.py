"""Announcement audio: render phrases with clips or espeak-ng, add the chime, cache."""

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from .voicepack import (
    BUILTIN_PACK,
    CHIME,
    VoiceError,
    VoicePack,
    phrase_key,
    read_pcm,
    silence,
    to_wav,
)

logger = logging.getLogger(__name__)

# Players and TVs often cut the last moment of a sound; a short tail keeps the last word.
TAIL_SILENCE = 0.2


class EngineError(VoiceError):
    """The speech engine failed to produce audio."""


class Engine(Protocol):
    """Renders phrases to 16-bit mono 22050 Hz frames."""

    cache_id: str

    def render(self, phrases: Sequence[str]) -> bytes: ...


class ClipEngine:
    """Render phrases by joining the pack's clips with short gaps."""

    def __init__(self, pack: VoicePack, word_gap: float = 0.06) -> None:
        self.pack = pack
        self.word_gap = word_gap
        self.cache_id = f"clips:{pack.fingerprint}:{word_gap}"

    def render(self, phrases: Sequence[str]) -> bytes:
        """Return the clips of the phrases, in order, separated by silence."""
        return silence(self.word_gap).join(self.pack.clip(phrase) for phrase in phrases)


class EspeakEngine:
    """Render the whole sentence with the espeak-ng program."""

    def __init__(
        self,
        voice: str = "vi",
        speed: int = 140,
        timeout: float = 10.0,
        executable: str = "espeak-ng",
    ) -> None:
        self.voice = voice
        self.speed = speed
        self.timeout = timeout
        self.executable = executable
        self.cache_id = f"espeak:{voice}:{speed}"

    def available(self) -> bool:
        """Tell whether the espeak-ng program can be found."""
        return shutil.which(self.executable) is not None

    def render(self, phrases: Sequence[str]) -> bytes:
        """Speak the phrases as one sentence and return its frames."""
        text = " ".join(phrases).replace("-", " ")
        with tempfile.TemporaryDirectory(prefix="qms-voice-") as tmp:
            out = Path(tmp) / "out.wav"
            command = [
                self.executable,
                "-v",
                self.voice,
                "-s",
                str(self.speed),
                "-w",
                str(out),
                "--stdin",
            ]
            try:
                subprocess.run(
                    command,
                    input=text.encode(),
                    capture_output=True,
                    timeout=self.timeout,
                    check=True,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise EngineError(f"espeak-ng failed: {exc}") from exc
            return read_pcm(out, name="espeak-ng output")


class Synthesizer:
    """Turn phrase sequences into WAV bytes: chime, pause, speech; cached by text."""

    def __init__(
        self,
        engine: Engine,
        chime: bytes = b"",
        chime_gap: float = 0.35,
        cache_size: int = 32,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.engine = engine
        self.chime = chime
        self.chime_gap = chime_gap
        self.cache_size = cache_size
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.hits = 0
        self.disk_hits = 0
        self.misses = 0
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._prefix = f"{engine.cache_id}:{hashlib.sha256(chime).hexdigest()}:{chime_gap}"

    def synthesize(self, phrases: Iterable[str]) -> bytes:
        """Return the WAV bytes for the phrases, from cache when possible."""
        phrases = list(phrases)
        text = "\0".join([self._prefix, *map(phrase_key, phrases)])
        key = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            wav = self._memory.get(key)
            if wav is not None:
                self._memory.move_to_end(key)
                self.hits += 1
                return wav
        wav = self._read_disk(key)
        from_disk = wav is not None
        if wav is None:
            wav = to_wav(self._render(phrases))
            self._write_disk(key, wav)
        with self._lock:
            if from_disk:
                self.disk_hits += 1
            else:
                self.misses += 1
            self._memory[key] = wav
            while len(self._memory) > self.cache_size:
                self._memory.popitem(last=False)
        return wav

    def _render(self, phrases: Sequence[str]) -> bytes:
        speech = self.engine.render(phrases)
        lead = self.chime + silence(self.chime_gap) if self.chime else b""
        return lead + speech + silence(TAIL_SILENCE)

    def _read_disk(self, key: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        try:
            return (self.cache_dir / f"{key}.wav").read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("cannot read voice cache %s: %s", self.cache_dir, exc)
            return None

    def _write_disk(self, key: str, wav: bytes) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a file.
            partial = self.cache_dir / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
            partial.write_bytes(wav)
            os.replace(partial, self.cache_dir / f"{key}.wav")
        except OSError as exc:
            logger.warning("cannot write voice cache %s: %s", self.cache_dir, exc)


def build_synthesizer(
    engine: str = "clips",
    pack_dirs: Iterable[str | Path] = (),
    cache_dir: str | Path | None = None,
    espeak_options: Mapping[str, object] | None = None,
    cache_size: int = 32,
) -> Synthesizer:
    """Build a synthesizer over the custom pack dirs, then the built-in pack.

    engine is "clips" (default, needs nothing at run time) or "espeak", which is
    used only if espeak-ng is on the PATH; otherwise the clips are used.
    """
    if engine not in ("clips", "espeak"):
        raise ValueError(f"unknown voice engine {engine!r}; use 'clips' or 'espeak'")
    pack = VoicePack.load([*pack_dirs, BUILTIN_PACK])
    chosen: Engine = ClipEngine(pack)
    if engine == "espeak":
        espeak = EspeakEngine(**(espeak_options or {}))
        if espeak.available():
            chosen = espeak
        else:
            logger.warning("%s not found on PATH; using the voice pack", espeak.executable)
    return Synthesizer(chosen, chime=pack.clip(CHIME), cache_size=cache_size, cache_dir=cache_dir)
