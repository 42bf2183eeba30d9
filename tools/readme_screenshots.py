"""Render every screen with the browser test and keep a few small copies for the README.

Usage:
    python -m tools.readme_screenshots      # writes docs/screenshots/*.png
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "screenshots"
# screen state → width of the README copy (the test saves each at its real size)
CHOSEN = {"kiosk-start-portrait": 360, "kiosk-result-landscape": 640, "tv-calling": 640,
          "console-serving": 640, "pad-rating": 560, "phone-called": 300, "dashboard": 640,
          "reports": 640, "reports-overview": 640}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QMS_SCREENSHOT_DIR": folder}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/screens"], cwd=ROOT, env=env, check=False)
        if run.returncode != 0:
            return run.returncode
        TARGET.mkdir(parents=True, exist_ok=True)
        for name, width in CHOSEN.items():
            image = Image.open(Path(folder) / f"{name}.png").convert("RGB")
            image.thumbnail((width, 10_000), Image.Resampling.LANCZOS)
            image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
                TARGET / f"{name}.png", optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
