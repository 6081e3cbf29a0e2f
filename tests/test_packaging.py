"""The wheel carries the data: an installed `tradeterms validate` finds it with no argument."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def build_wheel(out: Path) -> Path:
    cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return next(out.glob("tradeterms-*.whl"))


def _borrow_dependencies(python: Path) -> None:
    """Let the new environment import the test runner's dependencies (pydantic, PyYAML, …)
    without installing them again, and without the runner's own (editable) tradeterms."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    runner = [p for p in sys.path if p.endswith("site-packages")]
    Path(purelib.stdout.strip(), "runner-deps.pth").write_text("\n".join(runner) + "\n")


def test_wheel_installs_and_validates_its_own_data(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tradeterms/data/deals.yaml" in names and "tradeterms/py.typed" in names
    shipped = sorted(p.name for p in (ROOT / "data" / "deals").glob("*.yaml"))
    assert shipped and [n for n in shipped if f"tradeterms/data/deals/{n}" not in names] == []
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    _borrow_dependencies(python)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(env_dir / "bin" / "tradeterms"), "validate"],
        cwd=tmp_path,  # away from the source tree: the data must come from the wheel
        capture_output=True,
        text=True,
        env=clean_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    code = (
        "import tradeterms, tradeterms.loader as l; c = tradeterms.load(); "
        "print(l.default_data_path()); print(len(c)); print(c.files[-1])"
    )
    run = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, env=clean_env
    )
    entry, count, last = run.stdout.split("\n")[:3]
    assert entry.endswith("site-packages/tradeterms/data/deals.yaml"), run.stderr
    assert int(count) == len(shipped)  # every deal file of the wheel is loaded
    assert "site-packages/tradeterms/data/deals/" in last
