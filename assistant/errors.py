"""Re-export of the project's exception hierarchy (defined beside the readers, its first users)."""

from index.errors import (
    ConfigurationError,
    DisclosureError,
    InputError,
    NotAReport,
    NotIndexed,
    ScannedPdf,
    TooLarge,
    UnreadableFile,
    UnsupportedFormat,
)

__all__ = [
    "ConfigurationError",
    "DisclosureError",
    "InputError",
    "NotAReport",
    "NotIndexed",
    "ScannedPdf",
    "TooLarge",
    "UnreadableFile",
    "UnsupportedFormat",
]
