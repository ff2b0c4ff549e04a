import re
import json

from click.testing import CliRunner

from kg import __version__
from kg.cli import main
from tests.conftest import ROOT, SEEDS


def test_every_command_has_help_with_an_example_and_a_readme_mention():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output, name
        assert f"kg {name}" in readme, name


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert __version__ in result.output


def test_build_and_viz(tmp_path):
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(SEEDS / "003_31a8f32666ae666d.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "officials       5" in result.output
    page = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["viz", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Bùi Thanh Sơn" in html or json.dumps("Bùi Thanh Sơn")[1:-1] in html
    assert not re.search(r"""<(?:script|link|img)[^>]+(?:src|href)=["']https?:""", html)  # nothing loads from a network


def test_missing_path_is_a_one_line_message(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code != 0
    assert "no such file or folder" in result.output and "Traceback" not in result.output
