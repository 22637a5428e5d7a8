"""The built wheel ships what the app reads at run time: the prompts (package data), export fonts and
templates, the thesaurus and the web page; an install of it loads them with no source tree around."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_CHECK = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    here = Path(sys.argv[1]).resolve()
    import assistant, prompts
    from assistant.prompts import DEFAULT_PROMPTS_DIR, REQUIRED_PROMPTS, PromptLibrary
    from assistant.language.thesaurus import Thesaurus
    from assistant.briefing.export.pdf import FONTS
    from assistant.briefing.export.html import TEMPLATES
    from api.main import STATIC_DIR

    for module in (assistant, prompts):
        assert Path(module.__file__).resolve().is_relative_to(here), module.__file__
    assert DEFAULT_PROMPTS_DIR.resolve().is_relative_to(here), DEFAULT_PROMPTS_DIR
    library = PromptLibrary.load(DEFAULT_PROMPTS_DIR)
    for name in REQUIRED_PROMPTS:
        library.get(name)
    assert Thesaurus.bundled()
    assert any(FONTS.glob("*.ttf")) and any(TEMPLATES.glob("*.j2"))
    assert (STATIC_DIR / "index.html").is_file()
    print("ok", len(REQUIRED_PROMPTS))
    """
)


@pytest.mark.slow
def test_the_wheel_ships_the_prompts_and_loads_them_outside_the_repository(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )
    (wheel,) = wheels.glob("werkwijzer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"prompts/__init__.py", "prompts/answer.md", "prompts/system.md"} <= set(names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The unpacked wheel comes first on the path; the dependencies come from this environment.
    out = subprocess.run(
        [sys.executable, "-c", _CHECK, str(unpacked)],
        check=True, capture_output=True, text=True, cwd=elsewhere,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
    )
    assert out.stdout.split() == ["ok", "5"], out.stderr
