"""Traditional Chinese characters and their simplified forms, for `normalise.fold`.

Headlines from Taiwan and Hong Kong spell 開罰, 重回 and 北卡州檢察長 where mainland outlets spell
开罚 and 北卡州检察长: folding every traditional character to its simplified form lets one
phrase, in either script, match both. The mapping is character by character, as a fold must be
(a few traditional characters share a simplified form: 後 and 后, 發 and 髮; that is harmless for
matching, since phrases and text fold alike). The character pairs come from the hanziconv
package (its parallel simplified/traditional character maps); the first pair listed for a
traditional character wins.
"""

from hanziconv.charmap import simplified_charmap, traditional_charmap


def _pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for traditional, simplified in zip(traditional_charmap, simplified_charmap, strict=True):
        if traditional != simplified:
            pairs.setdefault(traditional, simplified)
    return pairs


_PAIRS = _pairs()
TRADITIONAL = "".join(_PAIRS)
SIMPLIFIED = "".join(_PAIRS.values())
