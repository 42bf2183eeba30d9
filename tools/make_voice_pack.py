"""Generate the built-in Vietnamese voice pack in voice/pack/.

Regenerate (needs espeak-ng with its "vi" voice, e.g. `apt-get install espeak-ng`),
from the repository root:

    python -m tools.make_voice_pack [--speed 200] [--voice vi] [--out DIR]

Every clip is 16-bit mono 22050 Hz PCM WAV with leading and trailing silence cut,
and pack.json maps each phrase (exact Vietnamese text) to its file. The speed and the
short chime keep one call within 4.5 s, so that calls piling up are all heard soon
(docs/display.md, "Announcements").

Recording a centre's own voice: record any of the phrases in pack.json, save each
as a WAV file with the same file name (16-bit, mono, 22050 Hz; e.g.
`sox raw.wav -c 1 -b 16 -r 22050 den_quay_so.wav`), trim the silence around it,
and put the files in one directory. Configure that directory before the built-in
pack (`VoicePack.load([custom_dir, BUILTIN_PACK])`): its clips replace the built-in
ones phrase by phrase. A pack.json there is needed only for new phrases, such as
a custom template.
"""

import argparse
import json
import math
import subprocess
import tempfile
import unicodedata
from array import array
from pathlib import Path

from voice.announce import LONG_VI_TEMPLATE, VI_TEMPLATE, template_phrases
from voice.numbers import DIGITS, LETTER_NAMES, SCALES
from voice.voicepack import (
    BUILTIN_PACK,
    CHIME,
    MANIFEST,
    SAMPLE_RATE,
    frames_of,
    read_pcm,
    samples_of,
    to_wav,
)

NUMBER_WORDS = [*DIGITS, "mốt", "tư", "lăm", "linh", "lẻ", "mười", "mươi", "trăm", *SCALES[1:]]
# Two pairs differ only by tone and would share an ASCII name.
FILE_NAMES = {"mốt": "mot_sac.wav", "mươi": "muoi_ngang.wav"}
# espeak-ng reads the letter name "gi" (J) as a bare consonant; "di" sounds the same in the North.
SPOKEN_AS = {"gi": "di"}
VOICE_PEAK = 0.7
CHIME_PEAK = 0.5


def ascii_slug(text: str) -> str:
    """Return text without diacritics, lower case, with words joined by "_"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).lower()
    return "_".join("".join(c if c.isalnum() else " " for c in plain).split())


def letter_file_name(letter: str) -> str:
    """Name a letter's clip by its Telex spelling, so Ă/Â/A stay distinct."""
    telex = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}
    return f"letter_{telex.get(letter, letter.lower())}.wav"


def pack_phrases() -> dict[str, str]:
    """Map every phrase the announcements need to its clip's file name."""
    phrases = {phrase: f"{ascii_slug(phrase)}.wav"
               for template in (VI_TEMPLATE, LONG_VI_TEMPLATE)
               for phrase in template_phrases(template)}
    phrases |= {word: FILE_NAMES.get(word, f"{ascii_slug(word)}.wav") for word in NUMBER_WORDS}
    phrases |= {name: letter_file_name(letter) for letter, name in LETTER_NAMES.items()}
    if len(set(phrases.values())) != len(phrases):
        raise SystemExit("two phrases map to the same file name")
    return phrases


def speak(text: str, voice: str, speed: int) -> array:
    """Return espeak-ng's samples for text."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.wav"
        command = [
            "espeak-ng",
            "-v",
            voice,
            "-s",
            str(speed),
            "-w",
            str(out),
            text.replace("-", " "),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=30)
        return samples_of(read_pcm(out))


def trim_and_normalise(samples: array, peak: float = VOICE_PEAK) -> array:
    """Cut silence at both ends, fade the edges and scale to a common peak."""
    loudest = max(map(abs, samples), default=0) or 1
    threshold = loudest * 0.03
    loud = [i for i, value in enumerate(samples) if abs(value) > threshold]
    start = max(loud[0] - int(0.01 * SAMPLE_RATE), 0)
    end = min(loud[-1] + int(0.03 * SAMPLE_RATE), len(samples))
    clip = samples[start:end]
    fade = min(int(0.005 * SAMPLE_RATE), len(clip) // 2)
    scale = peak * 32767 / loudest
    for i in range(len(clip)):
        edge = min(i, len(clip) - 1 - i, fade) / fade if fade else 1.0
        clip[i] = round(clip[i] * scale * edge)
    return clip


def chime(peak: float = CHIME_PEAK) -> array:
    """Synthesise a quick two-tone "ding-dong" (E5 then C5) with bell-like decay."""
    notes = [(659.25, 0.0, 0.3), (523.25, 0.2, 0.4)]  # frequency, start s, length s
    total = int(0.6 * SAMPLE_RATE)
    mix = [0.0] * total
    for frequency, start, length in notes:
        offset = int(start * SAMPLE_RATE)
        for i in range(min(int(length * SAMPLE_RATE), total - offset)):
            t = i / SAMPLE_RATE
            envelope = min(t / 0.004, 1.0, (length - t) / 0.01) * math.exp(-t / 0.12)
            tone = sum(
                weight * math.sin(2 * math.pi * frequency * ratio * t)
                for ratio, weight in ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12))
            )
            mix[offset + i] += envelope * tone
    loudest = max(map(abs, mix))
    return array("h", (round(value * peak * 32767 / loudest) for value in mix))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="vi")
    parser.add_argument("--speed", type=int, default=200, help="words per minute")
    parser.add_argument("--out", type=Path, default=BUILTIN_PACK)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    phrases = pack_phrases()
    for phrase, file_name in phrases.items():
        clip = trim_and_normalise(speak(SPOKEN_AS.get(phrase, phrase), args.voice, args.speed))
        (args.out / file_name).write_bytes(to_wav(frames_of(clip)))
    (args.out / "chime.wav").write_bytes(to_wav(frames_of(chime())))
    manifest = {
        "format": {"channels": 1, "sample_width": 2, "sample_rate": SAMPLE_RATE},
        "source": f"espeak-ng -v {args.voice} -s {args.speed}; chime synthesised",
        "phrases": {CHIME: "chime.wav", **phrases},
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (args.out / MANIFEST).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
