"""Call announcement sentences: the text shown and the phrases spoken."""

import re
from collections.abc import Sequence
from string import Formatter

from .numbers import ticket_number_phrases

VI_TEMPLATE = "Xin mời số {number} đến quầy {counter}"
# The default before calls were kept short; its clips stay in the pack for sites that saved it.
LONG_VI_TEMPLATE = "Xin mời công dân có số {number} đến quầy số {counter}"
EN_TEMPLATE = "Ticket number {number}, please go to counter {counter}"
PLACEHOLDERS = ("number", "counter")


MAX_TEMPLATE_LENGTH = 150  # longer takes too long to speak while others wait their turn


def announcement_text(number: str | int, counter: str | int, template: str = VI_TEMPLATE) -> str:
    """Return the announcement as displayed, with the numbers in digits.

    Format specs and conversions are ignored, so ``{number:>99999999}`` saved before they were
    refused cannot make the server build a huge string.
    """
    values = {"number": number, "counter": counter}
    return "".join(literal + (str(values.get(field, "")) if field is not None else "")
                   for literal, field, _spec, _conversion in Formatter().parse(template))


def check_template(template: str) -> None:
    """Raise ValueError unless ``template`` uses only bare ``{number}`` and ``{counter}``."""
    if len(template) > MAX_TEMPLATE_LENGTH:
        raise ValueError(f"longer than {MAX_TEMPLATE_LENGTH} characters")
    for _literal, field, spec, conversion in Formatter().parse(template):
        if field is not None and (field not in PLACEHOLDERS or spec or conversion):
            raise ValueError(f"only {{number}} and {{counter}} may be used, not {{{field}}}")


def announcement_words(
    number: str | int,
    counter: str | int,
    template: str = VI_TEMPLATE,
    language: str = "vi",
    **variants: str,
) -> list[str]:
    """Return the phrases to speak, in order, with numbers spelled out in words.

    Fixed text between placeholders stays whole (one voice clip each); punctuation
    splits it. `variants` are passed to `number_phrases` (four, five, zero_tens).
    """
    values = {"number": number, "counter": counter}
    phrases: list[str] = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        phrases += _literal_phrases(literal)
        if field is None:
            continue
        if field not in values:
            raise ValueError(f"unknown placeholder {{{field}}}; use {PLACEHOLDERS}")
        phrases += ticket_number_phrases(str(values[field]), language, **variants)
    return phrases


def announcement_parts(
    calls: Sequence[tuple[str | int, str | int]],
    template: str = VI_TEMPLATE,
    language: str = "vi",
    *,
    repeat_whole: bool = False,
    **variants: str,
) -> list[list[str]]:
    """Return one sentence calling several tickets, as one list of phrases per call.

    The first call takes the whole template; each following one repeats the template only
    from the word before its first placeholder ("…, số 2005 đến quầy 5"), and the text after
    the last placeholder closes the sentence once. With `repeat_whole` every call takes the
    whole template (for a voice pack that lacks that word's clip).
    """
    if not calls:
        raise ValueError("no call to announce")
    pieces = list(Formatter().parse(template))
    closing = pieces.pop()[0] if pieces and pieces[-1][1] is None else ""
    if repeat_whole or not pieces:
        return [announcement_words(number, counter, template, language, **variants)
                for number, counter in calls]
    lead = follow_on_phrases(template)
    follow_on = "".join(f"{{{field}}}" if index == 0 else f"{literal}{{{field}}}"
                        for index, (literal, field, _spec, _conversion) in enumerate(pieces))
    body = "".join(f"{literal}{{{field}}}" for literal, field, _spec, _conversion in pieces)
    parts = [announcement_words(*calls[0], body, language, **variants)]
    parts += [lead + announcement_words(number, counter, follow_on, language, **variants)
              for number, counter in calls[1:]]
    parts[-1] += _literal_phrases(closing)
    return parts


def template_phrases(template: str) -> list[str]:
    """Return the fixed phrases of a template, which a voice pack must record."""
    return [
        phrase
        for literal, _field, _spec, _conversion in Formatter().parse(template)
        for phrase in _literal_phrases(literal)
    ] + follow_on_phrases(template)


def follow_on_phrases(template: str) -> list[str]:
    """Return the word that leads each following call of a merged sentence ("số"), if any."""
    head = next(iter(Formatter().parse(template)), ("", None, None, None))
    if head[1] is None:
        return []
    words = re.findall(r"[^\W\d_]+$", head[0].rstrip())
    return words[-1:]


def _literal_phrases(literal: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"[,.;:!?]+", literal) if part.strip()]
