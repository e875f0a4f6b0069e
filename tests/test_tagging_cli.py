"""`riskwatch tag` and `riskwatch eval-tagger`, run through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from riskwatch.cli.tagging import eval_tagger_command, tag_command


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tag_prints_the_verdict_with_its_evidence() -> None:
    result = CliRunner().invoke(tag_command, ["Judge blocks Montana TikTok ban"])
    assert result.exit_code == 0
    assert "relevant:     yes" in result.stdout
    assert "apps:         tiktok" in result.stdout
    assert "jurisdiction: US-MT" in result.stdout
    assert "event:        injunction (relief)" in result.stdout
    assert "rule:court-stopped-measure@title" in result.stdout


def test_tag_reads_a_summary_too() -> None:
    result = CliRunner().invoke(
        tag_command, ["Canada moves against TikTok", "--summary",
                      "Ottawa ordered TikTok's Canadian arm to wind up."])
    assert "event:        divestiture_order (escalation)" in result.stdout


def test_tag_shows_why_an_item_is_not_relevant() -> None:
    result = CliRunner().invoke(tag_command, ["TikTok bans users who post deepfakes"])
    assert result.exit_code == 0
    assert "relevant:     no" in result.stdout
    assert "acts:tiktok='bans'@title" in result.stdout


def test_tag_wants_a_headline_or_a_file() -> None:
    assert CliRunner().invoke(tag_command, []).exit_code == 2
    assert CliRunner().invoke(tag_command, ["headline", "--jsonl", "x.jsonl"]).exit_code == 2


def test_tag_jsonl_writes_one_verdict_per_good_line_and_reports_bad_ones(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "items.jsonl", [
        json.dumps({"id": "a", "title": "Nepal bans TikTok", "summary": "The cabinet decided.",
                    "published": "2023-11-13", "source": "Reuters", "url": "https://x.test/a"}),
        "{not json",
        json.dumps({"id": "c", "summary": "no title"}),
        "",
        json.dumps({"id": 4, "title": "DeepSeek releases a model", "summary": None}),
    ])
    out = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(tag_command, ["--jsonl", str(source), "--out", str(out)])
    assert result.exit_code == 0
    verdicts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [v["id"] for v in verdicts] == ["a", 4]
    assert verdicts[0] == {
        "id": "a", "relevant": True, "apps": ["tiktok"], "jurisdiction": "NP",
        "event_type": "nationwide_ban", "direction": "escalation",
        "confidence": verdicts[0]["confidence"], "evidence": verdicts[0]["evidence"],
    }
    assert verdicts[1]["relevant"] is False
    assert "line 2: not JSON" in result.stderr
    assert "line 3: title: Missing data for required field." in result.stderr
    assert "line 4" not in result.stderr


def test_tag_jsonl_writes_to_stdout_without_out(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "items.jsonl", [json.dumps({"id": "a", "title": "Hi"})])
    result = CliRunner().invoke(tag_command, ["--jsonl", str(source)])
    assert json.loads(result.stdout)["id"] == "a"


def test_tag_jsonl_reports_undecodable_lines(tmp_path: Path) -> None:
    source = tmp_path / "items.jsonl"
    source.write_bytes(b'{"id": "a", "title": "\xff"}\n{"id": "b", "title": "ok"}\n')
    result = CliRunner().invoke(tag_command, ["--jsonl", str(source)])
    assert result.exit_code == 0
    assert "line 1: not UTF-8" in result.stderr
    assert json.loads(result.stdout)["id"] == "b"


def test_tag_jsonl_fails_only_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(tag_command, ["--jsonl", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
    assert "missing.jsonl" in result.stderr


def labelled(item_id: str, title: str, relevant: bool, apps: list[str],
             jurisdiction: str | None, event_type: str | None, direction: str | None) -> str:
    return json.dumps({"id": item_id, "title": title, "summary": "", "relevant": relevant,
                       "apps": apps, "jurisdiction": jurisdiction, "event_type": event_type,
                       "direction": direction})


def test_eval_tagger_prints_ours_beside_the_baseline(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "labelled.jsonl", [
        labelled("1", "Judge blocks Montana TikTok ban", True, ["tiktok"], "US-MT",
                 "injunction", "relief"),
        labelled("2", "TikTok bans users who post deepfakes", False, ["tiktok"], None, None,
                 None),
        labelled("3", "Nepal bans TikTok", True, ["tiktok"], "NP", "nationwide_ban",
                 "escalation"),
        labelled("4", "Pakistan lifts TikTok ban", True, ["tiktok"], "PK", "ban_lifted",
                 "relief"),
        '{"id": "5", "title": "missing labels"}',
    ])
    result = CliRunner().invoke(eval_tagger_command, [str(source)])
    assert result.exit_code == 0
    assert "4 items, 3 labelled relevant, 2 relief" in result.stdout
    rows = {line.split("  ")[0]: line.split() for line in result.stdout.splitlines()}
    assert rows["relevance F1"][-2:] == ["1.000", "0.857"]
    assert rows["relief recall"][-2:] == ["1.000", "0.000"]
    assert "line 5: " in result.stderr


def test_eval_tagger_lists_the_worst_errors(tmp_path: Path) -> None:
    source = write_lines(tmp_path / "labelled.jsonl", [
        labelled("x", "Judge blocks Montana TikTok ban", True, ["tiktok"], "US-MT",
                 "court_ruling_against_app", "escalation"),
    ])
    result = CliRunner().invoke(eval_tagger_command, [str(source), "--worst", "5"])
    assert "court_ruling_against_app -> injunction: 1" in result.stdout
    assert "[x] Judge blocks Montana TikTok ban" in result.stdout
