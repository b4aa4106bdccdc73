"""axe-core in the page under test: every page a browser test visits has zero violations."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page):
    """Run axe on ``page`` as it is now and fail with its report on any violation."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
