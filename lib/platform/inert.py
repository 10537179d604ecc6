"""User text made inert wherever it is shown: the one escaping helper for Markdown, HTML and chart labels.

Venue names and addresses, registrants, people's names, staff names and what a scanned ID card says are typed
(or forged) by someone else. Shown through Streamlit's Markdown (st.markdown, st.caption, st.info, widget
labels, headings) a `![x](http://host/...)` loads an image, `[link](javascript:...)` is clickable, `$x$` is
typeset, `:red[x]` is coloured; inside HTML an `<img onerror>` runs; in a plotly label `<a href>` is a live link.
Every piece of user text goes through one of these three functions on its way to the screen:

- `markdown(text)` for Markdown: every ASCII punctuation character is backslash-escaped (CommonMark lets any of
  them be escaped, so links, images, emphasis, math, directives and HTML cannot start), an invisible word joiner
  keeps `http://`, `www.` and `@` from being autolinked, and line breaks become spaces (no headings, lists or
  code blocks);
- `html(text)` for HTML shown with unsafe_allow_html: every ASCII punctuation character as a numeric character
  reference, line breaks as spaces, so it is inert both as HTML and as the Markdown around it;
- `chart_label(text)` for plotly labels, ticks and hover names: plotly's own tags (`<a>`, `<b>`, `<br>`) and
  entities cannot start, and a label cannot be read as LaTeX.

Plain-text places (st.dataframe cells, selectbox and multiselect options, text inputs, files) need none of them.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = frozenset(string.punctuation)


def _one_line(text: object) -> str:
    return " ".join(str("" if text is None else text).split())


# Streamlit's Markdown turns `http://`, `https://`, `www.` and `name@host.tld` in the text into links after
# parsing, on the text itself (GFM autolink literals work on text nodes, where escapes are already resolved):
# an invisible word joiner after `http`/`https`/`www`/`@` is what keeps them text.
_AUTOLINK_START = re.compile(r"(?i)(https?(?=:)|\bwww(?=\.)|@)")
_JOINER = "\u2060"


def markdown(text: object) -> str:
    """User text to put inside Markdown: shown as typed, never interpreted (no link, image, emphasis, HTML,
    math or autolink)."""
    unlinked = _AUTOLINK_START.sub(lambda m: m.group(0) + _JOINER, _one_line(text))
    return "".join("\\" + c if c in _PUNCTUATION else c for c in unlinked)


def html(text: object) -> str:
    """User text to put inside HTML (and the Markdown it sits in): shown as typed, never interpreted."""
    unlinked = _AUTOLINK_START.sub(lambda m: m.group(0) + _JOINER, _one_line(text))
    return "".join(f"&#{ord(c)};" if c in _PUNCTUATION else c for c in unlinked)


def chart_label(text: object) -> str:
    """User text for a plotly label: its pseudo-HTML tags, entities and LaTeX cannot start."""
    return _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("$", "&#36;")
