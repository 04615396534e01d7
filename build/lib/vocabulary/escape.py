"""Text from a commune's file is data wherever it goes: these make it inert for each place it is written.

A file name or a cell can hold anything: terminal escape sequences, rich markup, Markdown, shell syntax, a formula.
"""

import html
import re
import shlex
import unicodedata

# C0 and C1 control characters (ESC among them), DEL, and the bidirectional overrides that reorder what a reader sees
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what makes structure inside a line (the text never starts one: it always follows other text)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|<>~!])")


def for_terminal(text) -> str:
    """One line a terminal shows as written: control characters (escape sequences, carriage returns, line breaks)
    replaced by '?'. Rich markup is not interpreted where giamngheo prints data (it prints such text as Text).

    >>> for_terminal("a\\x1b[31mred\\nb")
    'a?[31mred?b'
    """
    return _CONTROL.sub("?", str(text)).replace("\n", "?")


def for_csv(text) -> str:
    """A CSV field a spreadsheet shows, never runs: a field (or a part after a ; or , that a spreadsheet may split
    on) starting like a formula gets a leading apostrophe.

    >>> for_csv("=1+1"), for_csv("ok; =HYPERLINK(1)"), for_csv(None)
    ("'=1+1", "'ok; =HYPERLINK(1)", '')
    """
    value = "" if text is None else str(text)
    parts = re.split(r"[;,]", value)
    if any(part.lstrip().startswith(_FORMULA_STARTS) for part in parts) or value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def for_markdown(text) -> str:
    """Text a Markdown renderer shows literally (no links, emphasis, HTML or tables made of it).

    >>> print(for_markdown("[x](http://e) *a* <b>"))
    \\[x\\](http://e) \\*a\\* \\<b\\>
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", for_terminal(text))


def for_shell(text) -> str:
    """One shell word, whatever it holds, for a command shown to be pasted.

    >>> for_shell('Chư Ngọk"; rm -rf ~; "')
    '\\'Chư Ngọk"; rm -rf ~; "\\''
    """
    return shlex.quote(unicodedata.normalize("NFC", for_terminal(text)))


def for_html(text) -> str:
    """Text an HTML page shows as written, inside an element or an attribute's quotes: no tag, entity or script
    made of it, and no control character.

    >>> for_html('<script>alert("x")</script> & Ia Mláh'), for_html(None)
    ('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ia Mláh', '')
    """
    return "" if text is None else html.escape(_CONTROL.sub("?", str(text)), quote=True)
