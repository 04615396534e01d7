"""giamngheo as a user installs it from a wheel, not as this checkout runs it: the wheel holds the dbt project and
every file the pipeline reads beside its code, and a demo run from it gives the README's figures."""

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.readme import project_files

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_installed_in_a_fresh_venv_runs_the_demo(tmp_path):
    # building in place would leave setuptools' build/ in the checkout, and a stale file there would go into every later
    # wheel
    source = project_files(tmp_path / "source")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp_path / "dist").glob("giamngheo-*.whl")
    # a venv of its own, for giamngheo; its dependencies are this one's (installing them again would take minutes)
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                                "--no-deps", str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-3000:]
    where = subprocess.run([str(python), "-c", "import giamngheo, vocabulary.seeds as s; "
                            "print(giamngheo.__file__); print(s.SQL_DIR)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout.split()
    assert all(path.startswith(site) for path in where), where  # not this checkout's

    run = tmp_path / "run"
    run.mkdir()
    done = subprocess.run([str(target / "bin" / "giamngheo"), "demo", "--one-period"], capture_output=True,
                          text=True, cwd=run, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = [" ".join(line.split()) for line in done.stdout.splitlines()]
    assert "│ Hộ nghèo / poor │ 2.342 │" in lines and "│ Tỷ lệ hộ nghèo (%) │ 11,78 │" in lines
    assert (run / "out" / "2020" / "tong-hop-huyen-krong-pa-2020.xlsx").is_file()
