"""Announcement audio: render phrases with clips or espeak-ng, add the chime, cache."""

import hashlib
import json
import logging
import operator
import os
import shutil
import subprocess
import tempfile
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .announce import VI_TEMPLATE, announcement_parts, follow_on_phrases
from .voicepack import (
    BUILTIN_PACK,
    CHANNELS,
    CHIME,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    MissingPhraseError,
    VoiceError,
    VoicePack,
    frames_of,
    phrase_key,
    read_pcm,
    samples_of,
    silence,
    to_wav,
)

logger = logging.getLogger(__name__)

# Players and TVs often cut the last moment of a sound; a short tail keeps the last word.
TAIL_SILENCE = 0.15
# The pause between the calls of one merged sentence, where a comma would be.
CALL_GAP = 0.15
BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH * CHANNELS


class EngineError(VoiceError):
    """The speech engine failed to produce audio."""


class Engine(Protocol):
    """Renders phrases to 16-bit mono 22050 Hz frames."""

    cache_id: str

    def render(self, phrases: Sequence[str]) -> bytes: ...


class ClipEngine:
    """Render phrases by joining the pack's clips, each overlapping the last a little."""

    def __init__(self, pack: VoicePack, overlap: float = 0.03) -> None:
        self.pack = pack
        self.overlap = overlap
        self.cache_id = f"clips:{pack.fingerprint}:{overlap}"

    def render(self, phrases: Sequence[str]) -> bytes:
        """Return the clips of the phrases in order, cross-faded into one another.

        Words spoken in a row run into each other; clips recorded alone end in a fading
        vowel and start with a breath, so mixing those edges sounds closer to speech than a
        pause does, and keeps a long call short.
        """
        joined = samples_of(b"")
        for phrase in phrases:
            clip = samples_of(self.pack.clip(phrase))
            width = min(round(self.overlap * SAMPLE_RATE), len(joined), len(clip))
            if width:
                joined[-width:] = _mix(joined[-width:], clip[:width])
            joined.extend(clip[width:])
        return frames_of(joined)


def _mix(first: array, second: array) -> array:
    """Add two runs of samples, clamped to 16 bits only when the sum overflows (rare)."""
    total = list(map(operator.add, first, second))
    try:
        return array("h", total)
    except OverflowError:
        return array("h", (max(-32768, min(32767, value)) for value in total))


class EspeakEngine:
    """Render the whole sentence with the espeak-ng program."""

    def __init__(
        self,
        voice: str = "vi",
        speed: int = 200,
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


@dataclass(frozen=True)
class Announcement:
    """One announcement's WAV and where each call's part of it is spoken, in seconds."""

    wav: bytes
    spans: tuple[tuple[float, float], ...]

    @property
    def duration(self) -> float:
        """Return the length of the audio in seconds."""
        return (len(self.wav) - 44) / BYTES_PER_SECOND


class Synthesizer:
    """Turn phrase sequences into WAV bytes: chime, pause, speech; cached by text."""

    def __init__(
        self,
        engine: Engine,
        chime: bytes = b"",
        chime_gap: float = 0.12,
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
        self._memory: OrderedDict[str, Announcement] = OrderedDict()
        self._lock = threading.Lock()
        self._prefix = f"{engine.cache_id}:{hashlib.sha256(chime).hexdigest()}:{chime_gap}"

    def synthesize(self, phrases: Iterable[str], chime: bool = True) -> bytes:
        """Return the WAV bytes for the phrases, from cache when possible."""
        return self.announce([list(phrases)], chime=chime).wav

    def announce(self, parts: Sequence[Sequence[str]], chime: bool = True) -> Announcement:
        """Return one announcement speaking each part (one call each) after a short pause."""
        parts = [list(part) for part in parts]
        text = "\0".join([self._prefix, f"{chime}:{CALL_GAP}",
                          *("\1".join(map(phrase_key, part)) for part in parts)])
        key = hashlib.sha256(text.encode()).hexdigest()
        with self._lock:
            announcement = self._memory.get(key)
            if announcement is not None:
                self._memory.move_to_end(key)
                self.hits += 1
                return announcement
        announcement = self._read_disk(key)
        from_disk = announcement is not None
        if announcement is None:
            announcement = self._render(parts, chime)
            self._write_disk(key, announcement)
        with self._lock:
            if from_disk:
                self.disk_hits += 1
            else:
                self.misses += 1
            self._memory[key] = announcement
            while len(self._memory) > self.cache_size:
                self._memory.popitem(last=False)
        return announcement

    def announce_calls(
        self,
        calls: Sequence[tuple[str | int, str | int]],
        template: str = VI_TEMPLATE,
        chime: bool = True,
    ) -> Announcement:
        """Return one sentence calling each (number, counter) in turn.

        A centre's own pack may lack the word that leads each following call ("số"); then
        each call is spoken with the whole template rather than not at all.
        """
        try:
            return self.announce(announcement_parts(calls, template), chime)
        except MissingPhraseError as error:
            if len(calls) < 2 or phrase_key(error.phrase) not in map(
                    phrase_key, follow_on_phrases(template)):
                raise
            return self.announce(announcement_parts(calls, template, repeat_whole=True), chime)

    def _render(self, parts: Sequence[Sequence[str]], chime: bool) -> Announcement:
        frames = [self.chime + silence(self.chime_gap)] if chime and self.chime else []
        spans = []
        for index, part in enumerate(parts):
            if index:
                frames.append(silence(CALL_GAP))
            start = sum(map(len, frames)) / BYTES_PER_SECOND
            frames.append(self.engine.render(part))
            spans.append((start, start + len(frames[-1]) / BYTES_PER_SECOND))
        frames.append(silence(TAIL_SILENCE))
        return Announcement(to_wav(b"".join(frames)), tuple(spans))

    def _read_disk(self, key: str) -> Announcement | None:
        if self.cache_dir is None:
            return None
        try:
            spans = json.loads((self.cache_dir / f"{key}.json").read_text())
            wav = (self.cache_dir / f"{key}.wav").read_bytes()
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            logger.warning("cannot read voice cache %s: %s", self.cache_dir, exc)
            return None
        return Announcement(wav, tuple(tuple(span) for span in spans))

    def _write_disk(self, key: str, announcement: Announcement) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader never sees half a file; the WAV last, as readers
            # take a missing WAV for a miss.
            for suffix, data in ((".json", json.dumps(announcement.spans).encode()),
                                 (".wav", announcement.wav)):
                partial = self.cache_dir / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
                partial.write_bytes(data)
                os.replace(partial, self.cache_dir / f"{key}{suffix}")
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
