"""The README's screenshots of the public pages, taken again from a running site.

    .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]

The site must hold the 1996 season (`make run` serves it). Each page is taken whole
at desktop (1,280 px) and phone (390 px) width, in Spanish and in English, with
Debian's Chromium; the files are named PAGE-es-desktop.png, PAGE-es-phone.png,
PAGE-desktop.png and PAGE-phone.png (English), in this folder.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "season-1996": "/seasons/1996/",
    "matches-1996": "/seasons/1996/matches/?team={José Gálvez}&sort=-date",
    "team": "/teams/leon-de-huanuco/",
    "team-early-exit": "/teams/sachapuyos/",
    "department": "/departments/huanuco/",
    "match": "/matches/1/",
    "not-found": "/no-such-page/",
    "group-1996": "/seasons/1996/final-stage/final-group-stage/",
    "seasons-index": "/seasons/",
    "records": "/records/",
    "head-to-head": "/teams/jose-galvez/vs/utc/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
# The site answers in the browser's language: a Peruvian visitor's, and an English one's.
LANGUAGES = {"es": ("", "es-PE"), "en": ("/en", "en-US")}
HERE = Path(__file__).resolve().parent


def with_team_ids(page, base_url, path):
    """The path with each {Team name} replaced by the team's id, as the match list's
    team filter takes it, read from the filter's own choices."""
    if "{" not in path:
        return path
    page.goto(base_url + path.split("?")[0])
    name = path[path.index("{") + 1 : path.index("}")]
    team_id = page.locator("select[name=team] option", has_text=name).first.get_attribute("value")
    return path.replace("{" + name + "}", team_id)


def take(base_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for width_name, width in WIDTHS.items():
            for language, (prefix, locale) in LANGUAGES.items():
                page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
                for name, path in PAGES.items():
                    page.goto(base_url + prefix + with_team_ids(page, base_url, path))
                    suffix = f"-{language}" if language == "es" else ""
                    target = HERE / f"{name}{suffix}-{width_name}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target.name)
                page.close()
        browser.close()


if __name__ == "__main__":
    take(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
