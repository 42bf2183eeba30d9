"""Offline Vietnamese call announcements: words for numbers, sentences, audio."""

from .announce import (
    EN_TEMPLATE,
    VI_TEMPLATE,
    announcement_parts,
    announcement_text,
    announcement_words,
    check_template,
)
from .numbers import number_to_words, ticket_number_phrases, ticket_number_words
from .synth import (
    Announcement,
    ClipEngine,
    EngineError,
    EspeakEngine,
    Synthesizer,
    build_synthesizer,
)
from .voicepack import BUILTIN_PACK, ClipFormatError, MissingPhraseError, VoiceError, VoicePack

__all__ = [
    "Announcement",
    "BUILTIN_PACK",
    "EN_TEMPLATE",
    "VI_TEMPLATE",
    "ClipEngine",
    "ClipFormatError",
    "EngineError",
    "EspeakEngine",
    "MissingPhraseError",
    "Synthesizer",
    "VoiceError",
    "VoicePack",
    "announcement_parts",
    "announcement_text",
    "announcement_words",
    "check_template",
    "build_synthesizer",
    "number_to_words",
    "ticket_number_phrases",
    "ticket_number_words",
]
