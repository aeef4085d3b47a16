"""Seed candidate rows for ``vocabulary.csv`` from OpenCC and MediaWiki tables (run by hand).

Usage: ``python tools/seed_vocabulary.py DATA_DIR > candidates.csv`` where DATA_DIR holds
OpenCC's ``TWPhrases.txt`` and ``HKPhrases.txt`` (github.com/BYVoid/OpenCC, data/dictionary)
and MediaWiki's ``ZhConversion.php`` (as packaged in github.com/Gowee/zhconv-rs, data/).

One candidate row per concept (its Simplified form): the Taiwan and Hong Kong forms from
the tables, else the mainland term in that region's script. Rows whose regional forms differ
only in script are left out; so are single characters, keys with digits or Latin letters,
and the computing-sense swaps news must not get (对象 -> 物件, 程序 -> 程式, 文件 -> 檔案,
支持 -> 支援, 设备 -> 裝置, 数据 -> 資料, 发布 -> 釋出, 声明 -> 宣告, 扩展 -> 擴充套件,
参数 -> 引數). The output is a starting point: every row is reviewed before it is added.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import opencc

T2S = opencc.OpenCC("t2s").convert
S2TW = opencc.OpenCC("s2tw").convert
S2HK = opencc.OpenCC("s2hk").convert

#: Computing senses that s2twp/MediaWiki give to everyday news words.
COMPUTING = ("对象", "程序", "文件", "支持", "设备", "数据", "发布", "声明", "扩展", "参数")
_HAN_ONLY = re.compile(r"^[\u3400-\u9fff·]+$")


def opencc_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            key, values = line.split("\t", 1)
            pairs.append((key, values.split()[0]))
    return pairs


def mediawiki_pairs(php: str, name: str) -> list[tuple[str, str]]:
    body = re.search(r"public const %s = \[(.*?)\n\t\];" % name, php, re.S)
    assert body is not None, name
    return re.findall(r"'((?:[^'\\]|\\.)*)' => '((?:[^'\\]|\\.)*)'", body.group(1))


def main() -> int:
    data = Path(sys.argv[1])
    php = (data / "ZhConversion.php").read_text(encoding="utf-8")
    rows: dict[str, dict[str, str]] = {}
    # A key may itself be a Taiwan or Hong Kong word (纽西兰): its mainland word names the row.
    mainland = {T2S(k): T2S(v) for k, v in mediawiki_pairs(php, "ZH_TO_CN") if len(k) > 1}

    def add(key: str, value: str, region: str, source: str) -> None:
        if len(key) < 2 or not _HAN_ONLY.match(key) or not _HAN_ONLY.match(value):
            return
        hans = mainland.get(T2S(key), T2S(key))
        row = rows.setdefault(hans, {"zh_TW": "", "zh_HK": "", "source": ""})
        if not row[region]:
            row[region] = value
            row["source"] = "; ".join(filter(None, (row["source"], source)))

    for key, value in opencc_pairs(data / "TWPhrases.txt"):
        add(key, value, "zh_TW", "OpenCC TWPhrases")
    for key, value in mediawiki_pairs(php, "ZH_TO_TW"):
        add(key, value, "zh_TW", "MediaWiki zh2TW")
    for key, value in opencc_pairs(data / "HKPhrases.txt"):
        add(key, value, "zh_HK", "OpenCC HKPhrases")
    for key, value in mediawiki_pairs(php, "ZH_TO_HK"):
        add(key, value, "zh_HK", "MediaWiki zh2HK")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(("zh_Hans", "zh_TW", "zh_HK", "source"))
    for hans, row in sorted(rows.items()):
        tw = row["zh_TW"] or S2TW(hans)
        hk = row["zh_HK"] or S2HK(hans)
        if T2S(tw) == hans and T2S(hk) == hans:
            continue  # script or variant only: OpenCC's business
        if any(word in hans for word in COMPUTING) and hans in COMPUTING:
            continue
        out.writerow((hans, tw, hk, row["source"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
