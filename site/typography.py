"""French typography on output: a narrow no-break space (U+202F) before ; : ! ? and inside
« », as French printing wants and as editors cannot be asked to type.

Applied to the text of a rendered French HTML page, never to tags, attributes, scripts,
styles, code or form fields: a space an author typed becomes a narrow no-break space, so a
line never starts with a colon; a missing space inside guillemets is added. Nothing else
changes: "https://", "10:30" and "?q=" have no space to replace.
"""

from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
_SPACES = "[ \u00a0\u202f]"
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(script|style|textarea|pre|code|template)\b", re.IGNORECASE)
_BEFORE = re.compile(rf"(?<=\S){_SPACES}+([;:!?»])")
_OPENING = re.compile(rf"«{_SPACES}*(?=\S)")
_CLOSING_TIGHT = re.compile(r"(?<=[^\s\u00a0\u202f«])»")
_ENTITY_NBSP = re.compile(r"&nbsp;(?=[;:!?»])")


def french_text(text: str) -> str:
    text = _ENTITY_NBSP.sub(" ", text)
    text = _BEFORE.sub(NARROW_NBSP + r"\1", text)
    text = _OPENING.sub("«" + NARROW_NBSP, text)
    return _CLOSING_TIGHT.sub(NARROW_NBSP + "»", text)


def french_html(html: str) -> str:
    """``html`` with French spacing in its text nodes only."""
    out = []
    raw_until = None
    for part in _TAG_OR_TEXT.split(html):
        if not part:
            continue
        if part.startswith("<"):
            if raw_until:
                if part.lower().startswith(f"</{raw_until}"):
                    raw_until = None
            else:
                match = _RAW.match(part)
                if match and not part.endswith("/>"):
                    raw_until = match.group(1).lower()
            out.append(part)
        elif raw_until:
            out.append(part)
        else:
            out.append(french_text(part))
    return "".join(out)
