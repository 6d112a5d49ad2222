"""The statistics' SVG charts: safe markup built from numbers
(recommendations/statistics/charts.py)."""

import re

from recommendations.statistics.charts import Bar, bar_chart


def chart(bars) -> str:
    return str(bar_chart("chart-x", "Cases <per> month", "See the table", bars))


def test_it_names_itself_for_assistive_technologies():
    svg = chart([Bar("January", 3)])
    assert 'role="img"' in svg and 'aria-labelledby="chart-x-title chart-x-desc"' in svg
    assert '<title id="chart-x-title">Cases &lt;per&gt; month</title>' in svg
    assert '<desc id="chart-x-desc">See the table</desc>' in svg


def test_it_has_no_script_and_no_style():
    svg = chart([Bar("January", 3), Bar("February", 0)]).lower()
    assert "<script" not in svg and "style" not in svg and "javascript:" not in svg
    assert not re.search(r"\son\w+=", svg)


def test_it_escapes_the_labels():
    svg = chart([Bar('<script>alert("x")</script>', 1)])
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg


def test_the_longest_bar_is_the_largest_value():
    widths = [int(w) for w in re.findall(r'<rect[^>]* width="(\d+)"', chart(
        [Bar("a", 2), Bar("b", 4), Bar("c", 0)]))]
    assert widths[1] > widths[0] > widths[2] == 0
    assert widths[1] == 2 * widths[0]


def test_an_empty_chart_says_no_data():
    svg = chart([])
    assert "No data" in svg and "<rect" not in svg


def test_an_all_zero_chart_draws_no_bar():
    assert re.findall(r'width="(\d+)" height', chart([Bar("a", 0)])) == ["0"]
