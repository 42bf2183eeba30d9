import io
import json
import math
import random
import unicodedata
import wave
from array import array

import pytest

from tests.support.services import require_program
from voice.announce import EN_TEMPLATE, announcement_words
from voice.numbers import LETTER_NAMES, number_phrases
from voice.synth import (
    CALL_GAP,
    TAIL_SILENCE,
    ClipEngine,
    EngineError,
    EspeakEngine,
    Synthesizer,
    build_synthesizer,
)
from voice.voicepack import (
    SAMPLE_RATE,
    ClipFormatError,
    MissingPhraseError,
    VoiceError,
    VoicePack,
    phrase_key,
    silence,
    to_wav,
)


def call_wav(synthesizer, number, counter=3):
    return synthesizer.synthesize(announcement_words(number, counter))


def seconds(wav):
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnframes() / reader.getframerate()


def samples(wav, start=0.0, end=None):
    with wave.open(io.BytesIO(wav)) as reader:
        values = array("h", reader.readframes(reader.getnframes()))
    return values[int(start * SAMPLE_RATE) : None if end is None else int(end * SAMPLE_RATE)]


def tone_power(values, frequency):
    """Goertzel power of one frequency, normalised by length."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / SAMPLE_RATE)
    previous = before = 0.0
    for value in values:
        previous, before = value + coefficient * previous - before, previous
    return (previous**2 + before**2 - coefficient * previous * before) / len(values) ** 2


def tone_wav(frequency, duration, rate=SAMPLE_RATE, channels=1):
    frames = array(
        "h",
        (
            int(8000 * math.sin(2 * math.pi * frequency * i / rate))
            for i in range(int(duration * rate))
            for _channel in range(channels)
        ),
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(frames.tobytes())
    return buffer.getvalue()


@pytest.fixture
def synthesizer():
    return build_synthesizer()


def test_call_audio_is_a_plausible_wav(synthesizer):
    wav = call_wav(synthesizer, "1023")
    with wave.open(io.BytesIO(wav)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        assert reader.getframerate() == SAMPLE_RATE
    assert 2.5 <= seconds(wav) <= 12


def test_longer_numbers_give_longer_audio(synthesizer):
    durations = [seconds(call_wav(synthesizer, number)) for number in ("7", "1023", "987654")]
    assert durations == sorted(durations)
    assert durations[0] < durations[1] < durations[2]


def test_chime_opens_the_call(synthesizer):
    start = samples(call_wav(synthesizer, "5"), 0.0, 0.3)
    rms = math.sqrt(sum(value * value for value in start) / len(start))
    assert rms > 1000
    assert tone_power(start, 659.25) > 20 * tone_power(start, 400.0)


def test_speech_follows_the_chime_pause(synthesizer):
    chime_seconds = seconds(to_wav(VoicePack.load().clip("chime")))
    pause = samples(call_wav(synthesizer, "5"), chime_seconds + 0.01, chime_seconds + 0.11)
    assert max(map(abs, pause)) == 0


def test_a_typical_call_lasts_at_most_four_and_a_half_seconds(synthesizer):
    rng = random.Random(18)
    calls = [(str(rng.randrange(1000, 10000)), rng.randrange(1, 21)) for _ in range(300)]
    calls += [("3233", 13), ("7777", 17), ("1024", 20), ("9999", 19)]  # the most syllables
    lengths = [seconds(call_wav(synthesizer, number, counter)) for number, counter in calls]
    assert max(lengths) <= 4.5  # chime included
    assert seconds(call_wav(synthesizer, "1023", 3)) <= 4.0


def test_without_the_chime_the_call_starts_with_speech(synthesizer):
    chime_seconds = seconds(to_wav(VoicePack.load().clip("chime")))
    with_chime = synthesizer.announce_calls([("1023", 3)])
    without = synthesizer.announce_calls([("1023", 3)], chime=False)
    assert without.duration == pytest.approx(with_chime.duration - chime_seconds - 0.12, abs=1e-3)
    assert without.spans[0][0] == 0.0
    assert tone_power(samples(without.wav, 0.0, 0.3), 659.25) < tone_power(
        samples(with_chime.wav, 0.0, 0.3), 659.25) / 20


def test_merged_calls_are_one_shorter_sentence_with_a_span_per_call(synthesizer):
    calls = [("1023", 3), ("2005", 5), ("A012", 14)]
    merged = synthesizer.announce_calls(calls)
    alone = [synthesizer.announce_calls([call], chime=index == 0).duration
             for index, call in enumerate(calls)]
    assert merged.duration < sum(alone) - 0.5
    assert len(merged.spans) == 3
    ends = [0.0, *(end for _start, end in merged.spans)]
    starts = [start for start, _end in merged.spans]
    assert all(before < start < end
               for before, (start, end) in zip(ends[:-1], merged.spans, strict=True))
    assert starts[0] == pytest.approx(0.72, abs=0.01)  # after the chime and its pause
    assert merged.spans[-1][1] < merged.duration
    speech = samples(merged.wav, starts[1], merged.spans[1][1])
    assert max(map(abs, speech)) > 5000


def test_announcement_spans_survive_the_disk_cache(tmp_path):
    first = Synthesizer(ClipEngine(VoicePack.load()), cache_dir=tmp_path)
    spoken = first.announce_calls([("1023", 3), ("2005", 5)])
    second = Synthesizer(ClipEngine(VoicePack.load()), cache_dir=tmp_path)
    assert second.announce_calls([("1023", 3), ("2005", 5)]) == spoken
    assert (second.disk_hits, second.misses) == (1, 0)


def test_a_pack_without_the_following_word_repeats_the_whole_template(tmp_path):
    template = "Mời công dân số thứ tự {number} đến quầy {counter}"
    manifest = {"phrases": {"Mời công dân số thứ tự": "moi.wav"}}
    (tmp_path / "pack.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    (tmp_path / "moi.wav").write_bytes(tone_wav(440, 0.5))
    custom = build_synthesizer(pack_dirs=[tmp_path])
    merged = custom.announce_calls([("12", 3), ("7", 5)], template)
    whole = [custom.announce_calls([("12", 3)], template, chime=True).duration,
             custom.announce_calls([("7", 5)], template, chime=False).duration]
    assert len(merged.spans) == 2
    assert merged.duration == pytest.approx(sum(whole) + CALL_GAP - TAIL_SILENCE, abs=1e-3)


def test_builtin_pack_covers_every_number_and_letter():
    pack = VoicePack.load()
    needed = set(LETTER_NAMES.values()) | {"chime"}
    for options in ({}, {"four": "bốn", "five": "năm", "zero_tens": "lẻ"}):
        for n in [*range(0, 2100), 10_005, 1_000_001, 2_000_000_000]:
            needed.update(number_phrases(n, **options))
    needed.update(announcement_words("A1", 1))
    missing = {phrase for phrase in needed if phrase_key(phrase) not in pack.files}
    assert not missing
    assert all(len(pack.clip(phrase)) > 0.1 * SAMPLE_RATE for phrase in needed)


def test_custom_clip_overrides_one_phrase(tmp_path, synthesizer):
    (tmp_path / "ba.wav").write_bytes(tone_wav(440, 1.5))
    custom = build_synthesizer(pack_dirs=[tmp_path])
    builtin_pack = VoicePack.load()
    builtin_wav, custom_wav = call_wav(synthesizer, "12", 3), call_wav(custom, "12", 3)
    assert custom_wav != builtin_wav
    grown = seconds(custom_wav) - seconds(builtin_wav)
    expected = 1.5 - len(builtin_pack.clip("ba")) / 2 / SAMPLE_RATE
    assert grown == pytest.approx(expected, abs=0.01)
    assert custom.engine.pack.files["ba"] == tmp_path / "ba.wav"
    assert custom.engine.pack.files["hai"] == builtin_pack.files["hai"]


def test_missing_phrase_is_named(tmp_path):
    manifest = {"phrases": {"mời lên tầng hai": "moi_len_tang_hai.wav"}}
    (tmp_path / "pack.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    pack = VoicePack.load([tmp_path, VoicePack.load().dirs[0]])
    with pytest.raises(MissingPhraseError, match="mời lên tầng hai.*moi_len_tang_hai.wav"):
        ClipEngine(pack).render(["mời lên tầng hai"])


def test_phrase_absent_from_every_manifest_is_named(synthesizer):
    words = announcement_words("1", 2, template=EN_TEMPLATE, language="en")
    with pytest.raises(MissingPhraseError, match="'Ticket number'") as error:
        synthesizer.synthesize(words)
    assert error.value.phrase == "Ticket number"


def test_clip_in_wrong_format_is_rejected(tmp_path):
    (tmp_path / "ba.wav").write_bytes(tone_wav(440, 0.2, rate=44100, channels=2))
    custom = build_synthesizer(pack_dirs=[tmp_path])
    with pytest.raises(ClipFormatError, match="2 channel.*44100 Hz.*22050"):
        call_wav(custom, "3")


def test_missing_custom_directory_is_an_error(tmp_path):
    with pytest.raises(VoiceError, match="does not exist"):
        build_synthesizer(pack_dirs=[tmp_path / "nope"])


class CountingEngine:
    cache_id = "counting"

    def __init__(self):
        self.renders = 0

    def render(self, phrases):
        self.renders += 1
        return silence(0.01 * len(phrases))


def test_cache_returns_identical_bytes(synthesizer):
    first = call_wav(synthesizer, "1023")
    second = call_wav(synthesizer, "1023")
    assert second is first
    assert (synthesizer.hits, synthesizer.misses) == (1, 1)
    call_wav(synthesizer, "1024")
    assert synthesizer.misses == 2


def test_cache_evicts_least_recently_used():
    engine = CountingEngine()
    synthesizer = Synthesizer(engine, cache_size=2)
    for phrases in (["a"], ["b"], ["a"], ["c"], ["a"], ["b"]):
        synthesizer.synthesize(phrases)
    assert engine.renders == 4
    assert (synthesizer.hits, synthesizer.misses) == (2, 4)


def test_disk_cache_is_shared_between_instances(tmp_path):
    first_engine, second_engine = CountingEngine(), CountingEngine()
    wav = Synthesizer(first_engine, cache_dir=tmp_path).synthesize(["bê", "một"])
    second = Synthesizer(second_engine, cache_dir=tmp_path)
    assert second.synthesize(["Bê", "một"]) == wav
    assert (second_engine.renders, second.disk_hits, second.misses) == (0, 1, 0)
    assert len(list(tmp_path.glob("*.wav"))) == 1


def test_unknown_engine_is_rejected():
    with pytest.raises(ValueError, match="festival"):
        build_synthesizer(engine="festival")


def test_espeak_falls_back_to_clips_when_missing():
    synthesizer = build_synthesizer(
        engine="espeak", espeak_options={"executable": "/nonexistent/espeak-ng"}
    )
    assert isinstance(synthesizer.engine, ClipEngine)


def test_espeak_failure_raises_engine_error():
    with pytest.raises(EngineError, match="espeak-ng failed"):
        EspeakEngine(executable="/nonexistent/espeak-ng").render(["một"])


def test_espeak_engine_speaks_the_sentence():
    require_program("espeak-ng")
    synthesizer = build_synthesizer(engine="espeak")
    assert isinstance(synthesizer.engine, EspeakEngine)
    wav = call_wav(synthesizer, "A015")
    assert 2.5 <= seconds(wav) <= 12
    assert tone_power(samples(wav, 0.0, 0.3), 659.25) > 0


def test_phrases_match_whatever_their_unicode_form_or_case(synthesizer):
    decomposed = unicodedata.normalize("NFD", "XIN MỜI SỐ")
    words = [decomposed, *announcement_words("1023", 3)[1:]]
    assert synthesizer.synthesize(words) == call_wav(synthesizer, "1023")
    assert synthesizer.hits == 1


@pytest.mark.parametrize(
    "manifest", ['{"phrases": ["ba.wav"]}', "{not json", '{"phrases": {"ba": "../ba.wav"}}']
)
def test_bad_manifest_is_an_error(tmp_path, manifest):
    (tmp_path / "pack.json").write_text(manifest, "utf-8")
    with pytest.raises(VoiceError, match="pack.json"):
        VoicePack.load([tmp_path])
