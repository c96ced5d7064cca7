"""Reports: what a seller reads. Transcript text is data, never markup, in every format."""

import re
import shutil
import subprocess

import pytest

from dealcoach.engine import analyze
from dealcoach.engine.report import analysis_document
from dealcoach.engine.report.html import html_batch, html_report
from dealcoach.engine.report.markdown import markdown_report, markdown_summary
from dealcoach.engine.report.summary import team_summary
from tests.conftest import DATA, EXAMPLES

MARKUP = DATA / "reports" / "markup_in_transcript.txt"


@pytest.fixture(scope="module")
def markup_doc():
    return analysis_document(analyze(MARKUP, sellers=["Sanne"]))


@pytest.fixture(scope="module")
def example_docs():
    return [analysis_document(analyze(p)) for p in sorted(EXAMPLES.glob("*.vtt"))]


def test_html_escapes_every_transcript_text(markup_doc):
    page = html_report(markup_doc)
    assert "<script" not in page and "<img" not in page
    assert "<h1>ingevoegd</h1>" not in page and "<style>body" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Jansen &amp; Co" in page


def test_html_is_self_contained(example_docs):
    page = html_report(example_docs[0])
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page)
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "default-src 'none'" in page  # even a missed escape could load nothing


def test_html_findings_link_to_the_lines_that_prove_them(example_docs):
    doc = example_docs[0]
    page = html_report(doc)
    for finding in doc["findings"]:
        for i in finding["evidence"]["utterances"][:4]:
            assert f'href="#u{i}"' in page and f'id="u{i}"' in page
    assert "<svg" in page and 'class="bar"' in page


def test_html_highlights_the_matched_span(markup_doc):
    page = html_report(markup_doc)
    assert '<mark title="question, time_check">Kom ik gelegen?</mark>' in page


def test_markdown_keeps_transcript_text_inert(markup_doc):
    text = markdown_report(markup_doc)
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\[deze link\\](javascript:alert(1))" in text or "javascript" not in text
    assert text.index("**Uitkomst: afgesproken**") < text.index("### Bevindingen")


def test_markdown_report_has_outcome_figures_findings_and_quotes(example_docs):
    doc = example_docs[-1]  # the English Zoom call
    text = markdown_report(doc)
    assert text.startswith("## ")
    assert "**Outcome: agreed**" in text and "### Key figures" in text
    assert "seller talk share: 43%" in text
    agreed = next(f for f in doc["findings"] if f["rule"] == "next_step_agreed")
    quoted = agreed["evidence"]["utterances"][0]
    assert "`next_step_agreed`" in text and f"  > [{quoted + 1}]" in text  # counted from 1


def test_team_summary_counts_outcomes_open_endings_and_recurring_findings(example_docs):
    summary = team_summary(example_docs)
    assert summary["calls"] == 2
    assert sum(summary["outcomes"].values()) == 2
    shares = [d["metrics"]["sides"]["seller"]["talk_share"] for d in example_docs]
    assert summary["mean_seller_share"] == pytest.approx(sum(shares) / 2)
    assert all(row["severity"] != "good" for row in summary["recurring_findings"])
    text = markdown_summary(summary)
    assert "open-ending rate: 0%" in text and "| call | seller |" in text
    page = html_batch(example_docs, summary)
    assert page.count("<details") == 2 and "Team summary" in page


def test_team_summary_of_nothing_is_zero():
    summary = team_summary([])
    assert summary["calls"] == 0 and summary["open_ending_rate"] == 0.0


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_a_real_browser_renders_the_page_and_runs_nothing(markup_doc, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html_report(markup_doc), "utf-8")
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Kom ik gelegen?" in dom
    assert "<h1>ingevoegd</h1>" not in dom and "&lt;h1&gt;ingevoegd&lt;/h1&gt;" in dom
