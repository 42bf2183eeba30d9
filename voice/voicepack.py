"""Voice packs: directories of WAV clips, one per phrase, listed in pack.json."""

import hashlib
import io
import json
import sys
import unicodedata
import wave
from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

CHANNELS = 1
SAMPLE_WIDTH = 2
SAMPLE_RATE = 22050
BUILTIN_PACK = Path(__file__).with_name("pack")
MANIFEST = "pack.json"
CHIME = "chime"


class VoiceError(Exception):
    """Base class for announcement audio errors."""


class MissingPhraseError(VoiceError):
    """No directory of the voice pack has a clip for a phrase."""

    def __init__(self, phrase: str, detail: str) -> None:
        self.phrase = phrase
        super().__init__(f"voice pack has no clip for phrase {phrase!r} ({detail})")


class ClipFormatError(VoiceError):
    """A clip is not a 16-bit mono 22050 Hz PCM WAV file."""


def phrase_key(phrase: str) -> str:
    """Normalise a phrase for lookup: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", phrase).casefold().split())


def read_pcm(source: str | Path | BinaryIO, name: str = "") -> bytes:
    """Return the frames of a WAV file, which must be 16-bit mono 22050 Hz."""
    name = name or str(source)
    try:
        with wave.open(str(source) if isinstance(source, Path) else source, "rb") as wav:
            params = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        raise ClipFormatError(f"{name}: not a plain PCM WAV file ({exc})") from exc
    if params != (CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE):
        channels, width, rate = params
        raise ClipFormatError(
            f"{name}: {channels} channel(s), {8 * width}-bit, {rate} Hz; clips must be mono"
            f" 16-bit {SAMPLE_RATE} Hz (convert: sox in.wav -c 1 -b 16 -r {SAMPLE_RATE} out.wav)"
        )
    return frames


def to_wav(frames: bytes) -> bytes:
    """Wrap 16-bit mono frames in a WAV container."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(frames)
    return buffer.getvalue()


def samples_of(frames: bytes) -> array:
    """Return 16-bit frames as an array of samples."""
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def frames_of(samples: array) -> bytes:
    """Return an array of samples as 16-bit little-endian frames."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def silence(seconds: float) -> bytes:
    """Return frames of silence lasting `seconds`."""
    return bytes(round(seconds * SAMPLE_RATE) * SAMPLE_WIDTH * CHANNELS)


class VoicePack:
    """Clips keyed by phrase, looked up in directories in priority order."""

    def __init__(
        self, files: Mapping[str, Path], expected: Mapping[str, str], dirs: Sequence[Path]
    ) -> None:
        self.files = dict(files)
        self.expected = dict(expected)
        self.dirs = list(dirs)
        self.fingerprint = _fingerprint(self.files)
        self._frames: dict[str, bytes] = {}

    @classmethod
    def load(cls, dirs: Iterable[str | Path] = (BUILTIN_PACK,)) -> "VoicePack":
        """Load a pack; a clip in an earlier directory overrides a later one.

        File names come from each directory's pack.json, so a centre's directory
        may hold only WAV files named like the built-in ones.
        """
        dirs = [Path(d) for d in dirs]
        expected: dict[str, str] = {}
        for directory in reversed(dirs):
            if not directory.is_dir():
                raise VoiceError(f"voice pack directory {directory} does not exist")
            expected.update(_read_manifest(directory))
        if not expected:
            raise VoiceError(f"no {MANIFEST} found in {', '.join(map(str, dirs))}")
        files = {}
        for key, file_name in expected.items():
            path = next((d / file_name for d in dirs if (d / file_name).is_file()), None)
            if path is not None:
                files[key] = path
        return cls(files, expected, dirs)

    def clip(self, phrase: str) -> bytes:
        """Return the frames recorded for a phrase."""
        key = phrase_key(phrase)
        frames = self._frames.get(key)
        if frames is None:
            frames = read_pcm(self._path(phrase, key), name=f"clip for {phrase!r}")
            self._frames[key] = frames
        return frames

    def _path(self, phrase: str, key: str) -> Path:
        if key in self.files:
            return self.files[key]
        searched = ", ".join(map(str, self.dirs))
        if key in self.expected:
            raise MissingPhraseError(phrase, f"file {self.expected[key]} not in {searched}")
        raise MissingPhraseError(phrase, f"not listed in {MANIFEST} of {searched}")


def _read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    try:
        phrases = json.loads(path.read_text(encoding="utf-8"))["phrases"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VoiceError(f"{path}: unreadable manifest ({exc})") from exc
    if not isinstance(phrases, dict):
        raise VoiceError(f'{path}: "phrases" must map each phrase to a file name')
    manifest = {}
    for phrase, file_name in phrases.items():
        if Path(file_name).name != file_name:
            raise VoiceError(f"{path}: file for {phrase!r} must be a plain name, got {file_name!r}")
        manifest[phrase_key(phrase)] = file_name
    return manifest


def _fingerprint(files: Mapping[str, Path]) -> str:
    """Identify the exact clips in use, so a changed clip misses the disk cache."""
    digest = hashlib.sha256()
    for key in sorted(files):
        stat = files[key].stat()
        digest.update(f"{key}\0{files[key]}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
