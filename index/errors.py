"""The project's exception hierarchy.

Library code raises these; only the CLI and the UI turn them into messages for people.
``ConfigurationError`` is a setup mistake; everything under ``InputError`` is a problem with
the file or text a person gave us.
"""

from __future__ import annotations


class DisclosureError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(DisclosureError):
    """The project is set up wrongly (settings, missing optional package)."""


class InputError(DisclosureError):
    """A file or text cannot be used; the message says what is wrong and what to do."""


class UnreadableFile(InputError):
    """The file cannot be read at all (missing, empty, binary, unknown encoding)."""


class TooLarge(UnreadableFile):
    """Beyond a limit checked before reading (size, pages, archive ratio, length): see index.limits."""


class UnsupportedFormat(InputError):
    """A format we do not read (.doc, .wps, images …)."""


class ScannedPdf(InputError):
    """A PDF with no text layer: only images of pages."""


class NotAReport(InputError):
    """The text is readable but is not a 政府信息公开工作年度报告."""


class NotIndexed(InputError):
    """A body or year that the knowledge base does not hold."""


class StoreUnavailable(DisclosureError):
    """A database or vector server went away; what was committed before is intact."""
