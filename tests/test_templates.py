"""The templates hold nothing the Content-Security-Policy would refuse, on any page."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
# Template comments ({# … #}) may name what they avoid.
COMMENT = re.compile(r"\{#.*?#\}")
INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_template_holds_inline_script_or_style(template):
    text = COMMENT.sub("", template.read_text())
    for what, pattern in INLINE.items():
        assert not pattern.search(text), f"{template} holds {what}"
