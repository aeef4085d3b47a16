"""Write ``pipeline/data/characters.csv`` from OpenCC's character tables (run by hand).

Usage: ``python tools/seed_characters.py DATA_DIR > pipeline/data/characters.csv``, where
DATA_DIR holds OpenCC's ``STCharacters.txt`` and ``TSCharacters.txt`` (data/dictionary in
github.com/BYVoid/OpenCC). Rows:

* ``s2t``: a Simplified character with more than one Traditional form. ``leftover`` when
  the character is also written in Traditional text but OpenCC's default Traditional form
  differs (后 -> 後): a Traditional article that writes it and never its other forms is a
  converted page. ``variant`` when OpenCC's default is the character itself (周, 布, 了):
  both spellings are Traditional, so a Traditional source keeps what it wrote.
  ``simplified-only``: never written in Traditional text (发 -> 發/髮).
* ``t2s``: a Traditional character with more than one Simplified form (乾 -> 干/乾).
* ``tw-variant``: a Hong Kong (or OpenCC) character shape that Taiwan writes differently.
* ``normalize``: a non-standard shape every Traditional locale writes otherwise (凈 -> 淨).

Policies decided by hand (news usage) are in ``DECIDED``; the rest follow the rule above.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

#: Hand decisions that override the default policy, with the reason.
DECIDED = {
    "台": ("variant", "Taiwan and Hong Kong pages write 台 (台北, 台灣) as often as 臺"),
    "准": ("variant", "准 (准許, 批准) is standard Traditional beside 準"),
    "岳": ("variant", "surname and 岳父 are 岳 in Traditional; 嶽 only for peaks"),
    "制": ("leftover", "default 制 stays; only phrases (制程 -> 製程) change it"),
    "系": ("leftover", "系統 stays 系; converted pages leave 關系 for 關係"),
}
#: Hong Kong / OpenCC shapes and the Taiwan shape (from OpenCC HKVariants + TWVariants).
TW_VARIANTS = {
    "僞": "偽",
    "兑": "兌",
    "卧": "臥",
    "啓": "啟",
    "囱": "囪",
    "嫺": "嫻",
    "峯": "峰",
    "悦": "悅",
    "户": "戶",
    "敍": "敘",
    "温": "溫",
    "爲": "為",
    "牀": "床",
    "癡": "痴",
    "着": "著",
    "祕": "秘",
    "税": "稅",
    "綫": "線",
    "羣": "群",
    "脣": "唇",
    "脱": "脫",
    "葱": "蔥",
    "衆": "眾",
    "衞": "衛",
    "衹": "只",
    "裏": "裡",
    "説": "說",
    "鈎": "鉤",
    "鉢": "缽",
    "鋭": "銳",
    "閲": "閱",
    "麪": "麵",
}
NORMALIZE = {"凈": ("淨", "a variant of 淨; Simplified writes 净 (OpenCC t2s already does)")}


def _table(path: Path) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            rows.append((key, values.split()))
    return rows


def _bmp(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def main() -> int:
    data = Path(sys.argv[1])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("char", "direction", "forms", "policy", "note", "source"))
    for key, values in _table(data / "STCharacters.txt"):
        if len(values) < 2 or not _bmp(key + "".join(values)):
            continue
        if key in values:
            policy = "leftover" if values[0] != key else "variant"
            policy, note = DECIDED.get(key, (policy, ""))
        else:
            policy, note = "simplified-only", ""
        out.writerow((key, "s2t", " ".join(values), policy, note, "OpenCC STCharacters"))
    for key, values in _table(data / "TSCharacters.txt"):
        if len(values) < 2 or not _bmp(key + "".join(values)):
            continue
        policy = "valid-simplified" if key in values else "traditional-only"
        out.writerow((key, "t2s", " ".join(values), policy, "", "OpenCC TSCharacters"))
    out.writerow(
        (
            "著",
            "t2s",
            "着 著",
            "valid-simplified",
            "aspect particle 着 (意味着, 沿着); 著名, 显著 keep 著",
            "zhl10n review; OpenCC TWVariantsRevPhrases decides (tw2s)",
        )
    )
    for key, value in TW_VARIANTS.items():
        out.writerow((key, "tw-variant", value, "tw-variant", "", "OpenCC HKVariants + TWVariants"))
    for key, (value, note) in NORMALIZE.items():
        out.writerow((key, "normalize", value, "normalize", note, "zhl10n review"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
