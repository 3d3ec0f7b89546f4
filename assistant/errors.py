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



class DraftRefused(InputError):
    """A draft that would lose or move a clause of the notes: refused, naming the clause."""


__all__ = [
    "ConfigurationError",
    "DraftRefused",
    "DisclosureError",
    "InputError",
    "NotAReport",
    "NotIndexed",
    "ScannedPdf",
    "TooLarge",
    "UnreadableFile",
    "UnsupportedFormat",
]


_ENGLISH_HALF = __import__("re").compile(
    r"\s+\((?=[^()]*[A-Za-z]{2,}[\s,:;.'-]+[A-Za-z]{2,})[^()\u4e00-\u9fff]*(?:[\u4e00-\u9fff][^()]*)?\)(?=\s*$|\s*[\u4e00-\u9fff])")


def readable(error: BaseException | str) -> str:
    """The message a person reads: the Chinese sentence, without the English half that some
    messages carry for logs and --json ("……请检查文件。 (x.txt is empty.)" → "……请检查文件。")."""
    return _ENGLISH_HALF.sub("", str(error)).strip()
