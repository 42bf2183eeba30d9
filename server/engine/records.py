"""The procedure catalogue's records: one procedure as imported from a file, edited in the
admin form, exported, and saved by ``server.engine.procedures``."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from ..models.procedure import FORMER_LEVELS

Text = Annotated[str, Field(max_length=500)]

DOCUMENT_KINDS = ("original", "copy", "certified_copy")


class FileRecord(BaseModel):
    """A record read from a file or a form (CSV, Excel, JSON): text is coerced to numbers."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RequiredDocument(FileRecord):
    """A paper the citizen brings: its name, which kind (original or copy), how many."""

    name: Annotated[str, Field(min_length=1, max_length=500)]
    kind: Literal[DOCUMENT_KINDS] = "original"
    count: Annotated[int, Field(ge=1, le=99)] = 1


class FormLink(FileRecord):
    """A form held elsewhere (the national portal), given by its address."""

    name: Annotated[str, Field(min_length=1, max_length=300)]
    url: Annotated[str, Field(max_length=500, pattern=r"^https?://\S+$")]


def _half_days(value: int | float | None) -> int | float | None:
    if value is None:
        return None
    if (value * 2) % 1:
        raise ValueError("the processing time is whole or half working days (3, 0.5, 1.5)")
    return int(value) if float(value).is_integer() else float(value)


# Working days, whole or half: 0 is the same day, 0.5 half a working day.
ProcessingDays = Annotated[int | float, Field(ge=0, le=365), AfterValidator(_half_days)]


Channel = Literal["online", "post"]


class ChannelTerms(FileRecord):
    """A channel's own fee and time, where they differ from the procedure's (what a field
    leaves out is the procedure's own)."""

    fee: Text = ""
    fee_amount: Annotated[int, Field(ge=0, le=1_000_000_000)] | None = None
    processing_days: ProcessingDays | None = None


class ProcedureRecord(FileRecord):
    """One procedure as a site offers it: what the import, the admin form and export share."""

    code: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
    # The code with the agency's suffix (1.001193.000.00.00.H12); "code" is then national.
    local_code: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9_.-]*$")] = ""
    name: Annotated[str, Field(min_length=3, max_length=500)]
    service: Annotated[str, Field(min_length=1, max_length=32)]
    level: Literal["province", "commune"] = "commune"
    documents: list[RequiredDocument] = []
    processing_days: ProcessingDays | None = None
    fee: Text = ""
    fee_amount: Annotated[int, Field(ge=0, le=1_000_000_000)] | None = None
    legal_basis: Annotated[str, Field(max_length=4000)] = ""
    submit_at: Text = ""
    online_url: Annotated[str, Field(max_length=500, pattern=r"^(https?://\S+)?$")] = ""
    keywords: Text = ""
    forms: list[FormLink] = []
    active: bool = True
    channel_terms: dict[Channel, ChannelTerms] = {}

    @field_validator("level", mode="before")
    @classmethod
    def read_former_level(cls, value):
        """Read the abolished district tier of older files and callers as the commune."""
        return FORMER_LEVELS.get(value, value) if isinstance(value, str) else value
