"""``zhl10n convert`` and ``zhl10n doctor`` through the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
import types
from pathlib import Path

import opencc
import pytest
from typer.testing import CliRunner

from pipeline import convert as conv
from pipeline.cli import app
from pipeline.convert import clib_cli, convert_plain, engine_info
from pipeline.layers import shipped_conversions, shipped_vocabulary

DATA = Path(__file__).resolve().parent / "data" / "convert"
MIXED = DATA / "mixed.txt"
REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "articles" / "huang-visit-2025-07-21.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixture_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding the small test glossary and conversions, as the current folder."""
    shutil.copy(DATA / "glossary.csv", tmp_path / "glossary.csv")
    shutil.copy(DATA / "conversions.csv", tmp_path / "conversions.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with no glossary: shielding has nothing to shield."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(runner: CliRunner, *args: str, input: bytes | None = None):  # noqa: A002
    return runner.invoke(app, list(args), input=input)


# --- byte for byte with OpenCC -----------------------------------------------------------------


@pytest.mark.parametrize("config", ["s2tw", "s2tw.json", "t2s", "s2twp", "s2hk", "tw2sp", "t2jp"])
def test_no_glossary_equals_the_binding(
    runner: CliRunner, fixture_project: Path, config: str
) -> None:
    result = invoke(runner, "convert", "-c", config, "--no-glossary", str(MIXED))
    assert result.exit_code == 0, result.stderr
    text = MIXED.read_bytes().decode()
    engine = opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
    assert result.stdout_bytes == engine.convert(text).encode()
    if config.startswith("s2"):  # no tofu-risk dictionary: the binding's default agrees
        default = opencc.OpenCC(config.removesuffix(".json"))
        assert result.stdout_bytes == default.convert(text).encode()


@pytest.mark.parametrize("config", ["s2tw", "t2s", "s2twp"])
def test_no_glossary_equals_the_native_opencc_cli(
    runner: CliRunner, fixture_project: Path, config: str
) -> None:
    native = clib_cli()
    if native is None:
        pytest.skip("this opencc wheel ships no native opencc executable")
    shipped = Path(engine_info().data_dir) / f"{config}.json"
    expected = subprocess.run(
        [str(native), "-c", str(shipped), "-i", str(MIXED)], check=True, capture_output=True
    ).stdout
    result = invoke(runner, "convert", "-c", config, "--no-glossary", "-i", str(MIXED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == expected


def test_no_glossary_equals_the_python_opencc_cli(runner: CliRunner, fixture_project: Path) -> None:
    script = Path(sys.executable).parent / "opencc"
    if not script.is_file():
        pytest.skip("the binding's opencc console script is not installed")
    expected = subprocess.run(
        [str(script), "-c", "s2tw", "-i", str(MIXED)], check=True, capture_output=True
    ).stdout
    result = invoke(runner, "convert", "-c", "s2tw", "--no-glossary", str(MIXED))
    assert result.stdout_bytes == expected


def test_tofu_risk_dictionaries_on_request(runner: CliRunner, bare: Path) -> None:
    data = "㑮與發展\n".encode()
    plain = invoke(runner, "convert", "-c", "t2s", "--no-glossary", input=data)
    tofu = invoke(
        runner,
        "convert",
        "-c",
        "t2s",
        "--no-glossary",
        "--include-tofu-risk-dictionaries",
        input=data,
    )
    assert plain.stdout_bytes == "㑮与发展\n".encode()
    assert tofu.stdout_bytes == opencc.OpenCC("t2s").convert("㑮與發展\n").encode()
    assert tofu.stdout_bytes != plain.stdout_bytes


# --- shielding ---------------------------------------------------------------------------------


def test_glossary_on_by_default_from_the_project(runner: CliRunner, fixture_project: Path) -> None:
    result = invoke(runner, "convert", "-c", "t2s", str(MIXED))
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode()
    assert "华为昇腾" in out and "升腾" not in out and "预示着" in out
    plain = invoke(runner, "convert", "-c", "t2s", "--no-glossary", str(MIXED))
    assert "华为升腾" in plain.stdout_bytes.decode()


def test_config_picks_the_locale_forms(runner: CliRunner, fixture_project: Path) -> None:
    tw = invoke(runner, "convert", "-c", "s2twp", str(MIXED)).stdout_bytes.decode()
    assert "輝達" in tw and "國產替代進程" in tw and "晶片資料" in tw and "黃仁勳" in tw
    hk = invoke(runner, "convert", "-c", "s2hk", str(MIXED)).stdout_bytes.decode()
    assert "英偉達" in hk and "台積電" in hk


def test_to_locale_detects_the_source_script(runner: CliRunner, fixture_project: Path) -> None:
    result = invoke(runner, "convert", "--to", "zh_Hant", str(ARTICLE))
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode()
    assert "黃仁勳" in out and "黃仁勛" not in out and "背後" in out and "背后" not in out
    simplified = "黄仁勋访华背后，华为昇腾芯片数据显示英伟达。\n".encode()
    hans = invoke(runner, "convert", "--to", "zh_Hans", input=simplified)
    assert hans.stdout_bytes == simplified  # Simplified source: zh_Hans is the source
    taiwan = invoke(runner, "convert", "--to", "zh_TW", "--from", "zh_Hans", input=simplified)
    # Regional words come from the vocabulary shipped with zhl10n, not s2twp: 數據 stays
    # (經濟數據 must not become 經濟資料); 芯片 -> 晶片 comes from the vocabulary.
    assert taiwan.stdout_bytes.decode() == "黃仁勳訪華背後，華為昇騰晶片數據顯示輝達。\n"
    # A project row with the shipped id and no words switches the shipped row off.
    (fixture_project / "vocabulary.csv").write_text(
        "id,zh_Hans,zh_TW,zh_HK,note,source\n芯片,,,,we keep 芯片,\n", encoding="utf-8"
    )
    taiwan = invoke(runner, "convert", "--to", "zh_TW", "--from", "zh_Hans", input=simplified)
    assert taiwan.stdout_bytes.decode() == "黃仁勳訪華背後，華為昇騰芯片數據顯示輝達。\n"


def test_explicit_glossary_files(runner: CliRunner, bare: Path) -> None:
    args = ["convert", "--to", "zh_Hans", "--from", "zh_Hant"]
    data = "華為昇騰預示著\n".encode()
    # zh_Hans from Traditional is tw2s: its phrase data makes the particle 著 -> 着
    assert invoke(runner, *args, input=data).stdout_bytes.decode() == "华为升腾预示着\n"
    shielded = invoke(
        runner,
        *args,
        "--glossary",
        str(DATA / "glossary.csv"),
        "--conversions",
        str(DATA / "conversions.csv"),
        input=data,
    )
    assert shielded.stdout_bytes.decode() == "华为昇腾预示着\n"


def test_required_results_with_the_repository_files(runner: CliRunner, bare: Path) -> None:
    """The raw article through the command line, with the real glossary (the conversion
    rows ship with the tool)."""
    shutil.copy(REPO / "glossary.csv", bare / "glossary.csv")
    out = {
        locale: invoke(runner, "convert", "--to", locale, str(ARTICLE)).stdout_bytes.decode()
        for locale in ("zh_Hans", "zh_Hant", "zh_TW", "zh_HK")
    }
    assert "昇腾" in out["zh_Hans"] and "升腾" not in out["zh_Hans"]
    assert "英伟达" in out["zh_Hans"] and "黄仁勋" in out["zh_Hans"] and "预示着" in out["zh_Hans"]
    assert "黃仁勳" in out["zh_Hant"]
    assert "輝達" in out["zh_TW"] and "台積電" in out["zh_TW"] and "國產替代進程" in out["zh_TW"]
    assert "英偉達" in out["zh_HK"]


# --- files and streams -------------------------------------------------------------------------


def test_output_file_and_several_inputs(runner: CliRunner, bare: Path) -> None:
    (bare / "a.txt").write_text("發展\n", encoding="utf-8")
    (bare / "b.txt").write_text("經濟\n", encoding="utf-8")
    result = invoke(
        runner,
        "convert",
        "-c",
        "t2s",
        "-i",
        "a.txt",
        "-",
        "b.txt",
        "-o",
        "out.txt",
        input="黃仁勳\n".encode(),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b""
    assert (bare / "out.txt").read_text(encoding="utf-8") == "发展\n黄仁勋\n经济\n"


def test_stdin_to_stdout(runner: CliRunner, bare: Path) -> None:
    result = invoke(runner, "convert", "-c", "s2t", input="发展\r\n经济".encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == "發展\r\n經濟".encode()


def test_default_config_is_s2t_as_in_opencc(runner: CliRunner, bare: Path) -> None:
    assert invoke(runner, "convert", input="后".encode()).stdout_bytes == "後".encode()


def test_subprocess_streams_a_pipe(tmp_path: Path) -> None:
    """The real executable, as a filter in a pipe."""
    zhl10n = Path(sys.executable).parent / "zhl10n"
    if not zhl10n.is_file():
        pytest.skip("zhl10n console script not installed")
    data = "發展范式\n".encode() * 50_000
    result = subprocess.run(
        [str(zhl10n), "convert", "-c", "s2tw", "--no-glossary"],
        input=data,
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "發展範式\n".encode() * 50_000


# --- errors ------------------------------------------------------------------------------------


def test_unknown_config(runner: CliRunner, bare: Path) -> None:
    result = invoke(runner, "convert", "-c", "s2xx", input=b"x")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "unknown OpenCC configuration 's2xx'" in lines[0]
    assert "s2twp" in lines[0] and "t2jp" in lines[0]


def test_undecodable_input_names_the_byte_offset(runner: CliRunner, bare: Path) -> None:
    (bare / "bad.txt").write_bytes("漢字\n".encode() + b"\xff")
    result = invoke(runner, "convert", "-c", "t2s", "bad.txt", "-o", "out.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: bad.txt: cannot decode as utf-8 at byte offset 7 (byte 0xff): invalid start byte"
    )
    assert not (bare / "out.txt").exists()
    gb = invoke(
        runner, "convert", "-c", "t2s", "--encoding", "gb18030", input="發展".encode("gb18030")
    )
    assert gb.exit_code == 0 and gb.stdout_bytes == "发展".encode()


def test_missing_input_file(runner: CliRunner, bare: Path) -> None:
    (bare / "out.txt").write_text("old", encoding="utf-8")
    result = invoke(runner, "convert", "-c", "t2s", "missing.txt", "-o", "out.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: missing.txt: input file not found"
    assert (bare / "out.txt").read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-c", "t2s", "--to", "zh_TW"], "not both"),
        (["--to", "en"], "--to must be one of"),
        (["--to", "zh_TW", "--from", "Klingon"], "--from must be one of"),
        (["--encoding", "nope"], "unknown encoding"),
    ],
)
def test_bad_options(runner: CliRunner, bare: Path, args: list[str], message: str) -> None:
    result = invoke(runner, "convert", *args, input=b"x")
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_broken_glossary_is_an_input_error(runner: CliRunner, bare: Path) -> None:
    (bare / "glossary.csv").write_text("id,zh_Hant\nx,\n", encoding="utf-8")
    result = invoke(runner, "convert", "-c", "t2s", input=b"x")
    assert result.exit_code == 2 and "glossary.csv" in result.stderr
    ok = invoke(runner, "convert", "-c", "t2s", "--no-glossary", input="發".encode())
    assert ok.exit_code == 0 and ok.stdout_bytes == "发".encode()


# --- doctor / version --------------------------------------------------------------------------


def test_doctor_reports_engine_and_data(runner: CliRunner, fixture_project: Path) -> None:
    result = invoke(runner, "doctor")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"engine: OpenCC (official binding) {opencc.__version__}" in out
    assert f"data: {engine_info().data_dir}" in out
    assert "glossary: glossary.csv (7 entries)" in out
    shipped = len(shipped_conversions())
    assert (
        f"conversions: {shipped + 1} rows: {shipped} shipped with zhl10n; conversions.csv "
        "adds 1, replaces 1, switches off 0" in out
    )
    assert f"vocabulary: {len(shipped_vocabulary())} rows shipped with zhl10n\n" in out
    assert result.stderr == ""


def test_doctor_warns_about_reimplemented(
    runner: CliRunner, bare: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = bare / "fake" / "opencc"
    (package / "dictionary").mkdir(parents=True)

    class FakeOpenCC:
        def __init__(self, config: str) -> None:
            self.config = config

        def convert(self, text: str) -> str:
            return text

    fake = types.SimpleNamespace(__file__=str(package / "__init__.py"), OpenCC=FakeOpenCC)
    monkeypatch.setattr(conv, "opencc", fake)
    conv._engine.cache_clear()
    try:
        result = invoke(runner, "doctor")
    finally:
        conv._engine.cache_clear()
    assert result.exit_code == 1
    assert "engine: opencc-python-reimplemented" in result.stdout
    assert "warning:" in result.stderr and "out of date" in result.stderr


def test_doctor_reports_a_broken_glossary(runner: CliRunner, bare: Path) -> None:
    (bare / "glossary.csv").write_text("id,zh_Hant\nx,\n", encoding="utf-8")
    result = invoke(runner, "doctor")
    assert result.exit_code == 1
    assert "glossary: glossary.csv (unreadable)" in result.stdout
    assert f"conversions: {len(shipped_conversions())} rows shipped with zhl10n" in result.stdout


def test_version_names_the_engine(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert f"OpenCC (official binding) {opencc.__version__}" in result.stdout


@pytest.mark.parametrize("command", ["convert", "doctor"])
def test_help_text(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "OpenCC" in result.stdout


def test_convert_plain_matches_cli_default_path(runner: CliRunner, bare: Path) -> None:
    text = MIXED.read_bytes().decode()
    result = invoke(runner, "convert", "-c", "s2hk", "--no-glossary", str(MIXED))
    assert result.stdout_bytes.decode() == convert_plain(text, "s2hk")
