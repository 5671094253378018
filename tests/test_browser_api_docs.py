"""The API's Swagger UI works in a real Chromium under the site's CSP."""

import pytest

from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]

# Collects the CSP's refusals in the page before any of its scripts runs.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_swagger_ui_shows_every_operation_with_nothing_refused(live_server, transactional_db, page):
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/seasons/{year}/matches/" in [path.replace("\u200b", "") for path in paths]
    assert len(paths) == 7
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
