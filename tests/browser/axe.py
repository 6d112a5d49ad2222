"""axe-core in the page under test: injected from node_modules (installed by `make test` from
the npm registry, pinned by package-lock.json), never fetched from a CDN at run time."""

from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and everything below it.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_SCRIPT}): `make test` installs it with "
            "`npm ci` from package-lock.json; install Node.js and npm (18 or later) first."
        )
    return AXE_SCRIPT


def axe_violations(page) -> list[dict]:
    """The WCAG 2.2 AA violations axe finds in the page as it is now."""
    # Evaluated through the DevTools protocol, not as an inline <script>, which the CSP refuses.
    page.evaluate(axe_script().read_text())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations;
        }""",
        WCAG_TAGS,
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One paragraph per violation: its rule, what it means, and where (CSS selectors)."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}\n      {node.get('failureSummary', '')}".rstrip())
    return "\n".join(lines)


OVERFLOWING_ELEMENTS_JS = """() => {
    const width = window.innerWidth;
    return [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > width + 1)
        .filter(el => !el.closest(".table-responsive")
                      || ["absolute", "fixed"].includes(getComputedStyle(el).position))
        .slice(0, 10)
        .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
             + (el.className && typeof el.className === "string"
                ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
}"""


def horizontal_overflow(page) -> list[str] | None:
    """None when the page fits the window's width; otherwise the elements sticking out
    (tables inside .table-responsive scroll in their own box and do not count, but what is
    positioned out of that box does)."""
    fits = page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    return None if fits else page.evaluate(OVERFLOWING_ELEMENTS_JS)
