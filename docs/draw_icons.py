"""Draw the site's PNG icons and favicon.ico from its mark (tournaments/previews.py).

    .venv/bin/python docs/draw_icons.py

writes static/img/icon-192.png, icon-512.png, apple-touch-icon.png and favicon.ico
(16, 32 and 48 pixels). static/img/favicon.svg is the same mark, written by hand:
run this again after changing either.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from tournaments.previews import INK, mark  # noqa: E402

STATIC = ROOT / "static" / "img"


def main():
    STATIC.mkdir(parents=True, exist_ok=True)
    for name, size in (("icon-192.png", 192), ("icon-512.png", 512)):
        mark(size).save(STATIC / name, optimize=True)
    # Apple's home-screen icon is drawn with its own rounded corners: a full square.
    touch = Image.new("RGB", (180, 180), INK)
    touch.paste(mark(180), (0, 0), mark(180))
    touch.save(STATIC / "apple-touch-icon.png", optimize=True)
    mark(256).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
