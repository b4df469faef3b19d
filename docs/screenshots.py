"""Builds the documentation site and saves screenshots of its home page and two tutorials with headless Chromium, to
check how the pages look (layout, code blocks, figures) without a browser at hand:

    python docs/screenshots.py                      # into docs/img/screenshots/
    python docs/screenshots.py --output /tmp/shots --chromium /usr/bin/chromium

Needs the docs extra (mkdocs) and Chromium (`apt-get install chromium`). The site is opened from its files
(file://), so nothing is served.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
PAGES = {"home.png": ("index.html", 1600),  # name: (page of the built site, window height)
         "operators.png": ("tutorials/beginner/03_operators/index.html", 2600),
         "estimator.png": ("tutorials/beginner/07_estimator/index.html", 2200)}


def build_site(site_dir):
    """`mkdocs build --strict` into `site_dir`."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)], cwd=REPO,
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def screenshot(chromium, page, target, width=1280, height=1600):
    """One PNG of `page` (a file of the built site) at the given window size."""
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(REPO / "docs" / "img" / "screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args(argv)
    if not args.chromium:
        parser.error("no Chromium found: install it (apt-get install chromium) or give --chromium PATH")
    output = pathlib.Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as site:
        build_site(site)
        for name, (page, height) in PAGES.items():
            screenshot(args.chromium, pathlib.Path(site) / page, output / name, height=height)
            print(f"saved {output / name}")


if __name__ == "__main__":
    main()
