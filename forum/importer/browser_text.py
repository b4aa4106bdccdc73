"""Read the text Chromium and Chrome give of a XenForo thread page (select all and copy)."""

from forum.importer.structure import DumpError


def looks_like_browser_text(text):
    return False


def parse_browser_text(text, *, saved_on=None):
    raise DumpError("Chromium text is not read yet")
