"""Folds text so that phrase matching ignores case, width, accents, punctuation and spacing.

Every phrase in the data files and every headline goes through `fold`, so the two always meet
in the same form: "Tik-Tok's", "TIKTOK’S" and "tiktok s" all fold to " tiktok s ", and
"François" and "Francois" both to " francois ", and 開罰 and 开罚 both to " 开 罚 ".
Clause punctuation (, ; : and their CJK forms) survives as a "," token, so that words on either
side of it are not read as one phrase: in "sides with TikTok, blocks ban" TikTok blocks nothing.
A question mark survives as a "?" token: "TikTok banned?" asks, it does not report.
"""

from __future__ import annotations

import re
import unicodedata

from riskwatch.tagging.traditional import SIMPLIFIED, TRADITIONAL

# Most headlines are ASCII: one translation table folds them.
# Every value is one character, which keeps str.translate on its fast ASCII path; the clause and
# question marks are spaced out afterwards.
_ASCII_FOLD = str.maketrans(
    {
        code: "," if chr(code) in ",;:" else "?" if chr(code) == "?" else " "
        for code in range(128)
        if not chr(code).isalnum()
    }
)
# Other text takes regexes that leave ASCII letters, digits and spaces alone, so they only
# stop at punctuation and at the rare runs of non-ASCII characters; str.split() handles spaces.
_CLAUSE_BREAK = re.compile(r"[,;:\u3001]")
_ASCII_PUNCTUATION = re.compile(
    r"[\x00-\x08\x0e-\x1f\x21-\x2b\x2d-\x2f\x3a-\x3e\x40\x5b-\x60\x7b-\x7f]+"
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Chinese, Japanese and Korean scripts have no spaces between words: spacing out each character
# turns "substring of a CJK run" into "sequence of whole tokens", so one matcher serves both.
_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3100, 0x312F), (0x3190, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
)
# Traditional Chinese characters fold to their simplified forms: 開罰 is 开罚.
_SIMPLIFIED_OF = dict(zip(TRADITIONAL, SIMPLIFIED, strict=True))
_FOLDED_CHARACTERS: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case, width-fold and tokenise `text` into space-separated words, padded by a space.

    The padding lets a phrase " ban " match whole words only: it cannot match inside "banana".
    """
    if text.isascii():
        text = text.lower().translate(_ASCII_FOLD)
        if "," in text:
            text = text.replace(",", " , ")
        if "?" in text:
            text = text.replace("?", " ? ")
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _ASCII_PUNCTUATION.sub(" ", _CLAUSE_BREAK.sub(" , ", text)).replace("?", " ? ")
        text = _NON_ASCII_RUN.sub(_fold_run, text)
    return " " + " ".join(text.split()) + " "


def _fold_run(run: re.Match[str]) -> str:
    return "".join(map(_fold_character, run.group()))


def _fold_character(character: str) -> str:
    """A CJK character spaced out (a traditional Chinese one in its simplified form), an
    accented Latin letter without its accent ("é" -> "e"), any other letter or digit kept,
    anything else a space."""
    folded = _FOLDED_CHARACTERS.get(character)
    if folded is None:
        code = ord(character)
        if any(first <= code <= last for first, last in _CJK_RANGES):
            folded = f" {_SIMPLIFIED_OF.get(character, character)} "
        elif unicodedata.category(character).startswith("M"):
            # A vowel sign or virama is part of its word in Devanagari and other Indic scripts:
            # "टिकटॉक" is one word, not three. (NFKC has already joined Latin accents to their
            # letters, so this keeps nothing a Latin word would lose.)
            folded = character
        elif character.isalnum():
            base = unicodedata.normalize("NFD", character)[0]
            if not base.isascii():
                # The dotless "ı" has no accent to drop, but its capital is "I": it is an "i"
                # whatever the case it was written in.
                base = character.upper().lower()
            folded = base if base.isascii() and base.isalpha() else character
        else:
            folded = " "
        _FOLDED_CHARACTERS[character] = folded  # a bounded cache: one entry per character seen
    return folded
