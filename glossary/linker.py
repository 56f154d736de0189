"""Links glossary terms in rendered rich text. Pure functions, no database: the matcher is
built from (form, entry) pairs (glossary/matchers.py builds and caches one per locale).

How a text is linked:
- the HTML is split into tags and text; text inside a link, a heading, code, a button... or a
  tooltip of ours is left alone, and tags are copied unchanged, so the HTML stays as valid as
  it was;
- each text is unescaped (``d&#x27;intérêt``), apostrophes, non-breaking spaces and hyphens
  are normalised (one character for one, so offsets still point into the original), and one
  regular expression finds the forms: whole words only, the longest form first ("France
  Services" before "France"), acronyms in capitals only, other forms in any case;
- the first occurrence of each term (any of its forms) on the page becomes a link to the
  term, described by its short definition (``aria-describedby``), which CSS shows as a
  tooltip on hover and on keyboard focus; later occurrences stay plain text.

The regular expression is a trie of the forms (branches share prefixes), so its cost grows
with the length of the text, not with the number of terms.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Elements whose text is never linked: links (no nested links), headings, code, form
#: controls, abbreviations and definitions (already explained), scripts.
SKIPPED_ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "button",
        "code",
        "dfn",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kbd",
        "label",
        "math",
        "option",
        "pre",
        "samp",
        "script",
        "select",
        "style",
        "svg",
        "textarea",
        "title",
        "var",
    }
)
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
TOOLTIP_CLASS = "glossary-tip"

_MARKUP = re.compile(
    r"""<!--.*?-->|<!\[CDATA\[.*?\]\]>|<!.*?>|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S,
)

#: One character for one: typographic apostrophes, non-breaking spaces and hyphens, line
#: breaks. Keeping lengths equal lets a match in the normalised text be cut from the original.
_NORMALISED = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\n": " ",
    "\r": " ",
    "\t": " ",
    "\u2010": "-",
    "\u2011": "-",
}
_TO_NORMALISE = re.compile("[" + "".join(_NORMALISED) + "]")
_WORD_START = re.compile(r"\w")


def normalise(text: str) -> str:
    # A search first: most texts have nothing to replace (str.translate is slower).
    if _TO_NORMALISE.search(text) is None:
        return text
    return _TO_NORMALISE.sub(lambda match: _NORMALISED[match.group()], text)


def is_case_sensitive(form: str) -> bool:
    """Forms written in capitals (EPCI, LEADER, ERDF) are acronyms: "leader" or "ami" in a
    sentence are ordinary words. Other forms match in any case."""
    letters = [char for char in form if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


@dataclass(frozen=True)
class Entry:
    """A term as the linker needs it. ``key`` is the same in every language (the page's
    translation key), so a page can leave out the term it describes."""

    key: str
    page_id: int
    url: str
    title: str
    definition: str


@dataclass
class LinkState:
    """What links one page: the terms already linked, a counter for unique tooltip ids."""

    id_prefix: str = "glossary-tip"
    exclude: set = field(default_factory=set)
    linked: set = field(default_factory=set)
    count: int = 0


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest first, as a trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        terminal = "" in node
        branches = [re.escape(char) + render(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer form is tried first, the shorter one if the word goes on.
        return f"(?:{body})?" if terminal else body

    return render(trie)


def _lower(text: str) -> str:
    """Lower case, one character for one (a few characters lengthen: they stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


class Matcher:
    """Finds the forms of a set of terms in plain text.

    One regular expression, a trie of every form in lower case, runs over the lower-cased text
    (a case-insensitive expression is twice as slow); an acronym found this way is kept only
    if the text has it in capitals.
    """

    def __init__(self, forms: Iterable[tuple[str, Entry]]):
        #: lower-cased form -> [(form as written, case-sensitive, entry)]
        self.forms: dict[str, list[tuple[str, bool, Entry]]] = {}
        for form, entry in forms:
            form = " ".join(normalise(form).split())
            if not form or not _WORD_START.match(form):
                continue  # empty, or starts with punctuation: no word boundary to anchor on
            sensitive = is_case_sensitive(form)
            candidates = self.forms.setdefault(_lower(form), [])
            if not any(c[0] == form or (not c[1] and not sensitive) for c in candidates):
                candidates.append((form, sensitive, entry))
        trie = _trie_pattern(self.forms)
        self._search = re.compile(rf"\b(?:{trie})(?!\w)") if self.forms else None
        insensitive = [key for key, items in self.forms.items() if any(not c[1] for c in items)]
        self._insensitive_at = (
            re.compile(rf"(?:{_trie_pattern(insensitive)})(?!\w)") if insensitive else None
        )

    def __bool__(self):
        return self._search is not None

    def __len__(self):
        return sum(len(items) for items in self.forms.values())

    def _entry_at(self, text: str, lowered: str, start: int, end: int) -> Entry | None:
        found = text[start:end]
        for form, sensitive, entry in self.forms.get(lowered[start:end], ()):
            if not sensitive or form == found:
                return entry
        return None

    def finditer(self, text: str):
        """(start, end, entry) of each form in ``text`` (already normalised), left to right,
        the longest form at each place."""
        if self._search is None:
            return
        lowered = _lower(text)
        position, length = 0, len(text)
        while position < length:
            match = self._search.search(lowered, position)
            if match is None:
                return
            start, end = match.span()
            entry = self._entry_at(text, lowered, start, end)
            if entry is None and self._insensitive_at is not None:
                # The longest form was an acronym not in capitals here ("leader"): a shorter
                # form that matches in any case may still start at this place.
                shorter = self._insensitive_at.match(lowered, start)
                if shorter is not None:
                    end = shorter.end()
                    entry = self._entry_at(text, lowered, start, end)
            if entry is not None:
                yield start, end, entry
                position = end
            else:
                position = start + 1


def _walk_text(markup: str):
    """Split HTML into ("tag", source) and ("text", source, linkable) pieces."""
    stack: list[tuple[str, bool]] = []
    skipped = 0
    position = 0
    for match in _MARKUP.finditer(markup):
        if match.start() > position:
            yield "text", markup[position : match.start()], skipped == 0
        position = match.end()
        yield "tag", match.group(0), False
        name = match.group(2)
        if name is None:
            continue  # comment, doctype
        name = name.lower()
        if match.group(1):  # closing tag: close up to the matching element
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    for _name, skip in stack[depth:]:
                        skipped -= skip
                    del stack[depth:]
                    break
        elif name not in VOID_ELEMENTS and not match.group(3).rstrip().endswith("/"):
            skip = name in SKIPPED_ELEMENTS or (name == "span" and TOOLTIP_CLASS in match.group(3))
            stack.append((name, skip))
            skipped += skip
    if position < len(markup):
        yield "text", markup[position:], skipped == 0


def _plain(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def find_terms(markup: str, matcher: Matcher) -> set[Entry]:
    """Every term used in the linkable text of ``markup`` (for the usage index)."""
    entries: set[Entry] = set()
    if not matcher:
        return entries
    for kind, source, *linkable in _walk_text(markup):
        if kind == "text" and linkable[0]:
            entries.update(entry for _s, _e, entry in matcher.finditer(normalise(_plain(source))))
    return entries


def link_terms(markup: str, matcher: Matcher, state: LinkState | None = None) -> str:
    """``markup`` with the first occurrence of each term linked to its entry."""
    if not matcher or not markup:
        return markup
    state = state or LinkState()
    out = []
    for kind, source, *linkable in _walk_text(markup):
        if kind == "tag" or not linkable[0] or not source.strip():
            out.append(source)
            continue
        plain = _plain(source)
        pieces, last = [], 0
        for start, end, entry in matcher.finditer(normalise(plain)):
            if entry.key in state.linked or entry.key in state.exclude:
                continue
            state.linked.add(entry.key)
            state.count += 1
            pieces.append(html.escape(plain[last:start], quote=False))
            pieces.append(_link(plain[start:end], entry, f"{state.id_prefix}-{state.count}"))
            last = end
        if pieces:
            pieces.append(html.escape(plain[last:], quote=False))
            out.append("".join(pieces))
        else:
            out.append(source)
    return "".join(out)


def _link(text: str, entry: Entry, tip_id: str) -> str:
    escape = html.escape
    return (
        f'<span class="glossary-ref"><a class="glossary-link" href="{escape(entry.url)}" '
        f'aria-describedby="{tip_id}">{escape(text, quote=False)}</a>'
        f'<span class="{TOOLTIP_CLASS}" id="{tip_id}" role="tooltip" hidden>'
        f"{escape(entry.definition, quote=False)}</span></span>"
    )
