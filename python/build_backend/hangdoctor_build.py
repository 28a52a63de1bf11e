"""A PEP 517 build backend for this distribution, standard library only.

pip runs it in the interpreter being installed into, so `pip install python/` works offline and
without setuptools (which CPython 3.12+ venvs no longer bring). It builds a pure-Python wheel of
the packages under src/ (with $HANGDOCTOR_BUNDLE_JAR as hangdoctor_guard/_bundled/hangdoctor.jar
when set, as the release build does) and an sdist of this folder. Both are reproducible: sorted entries, dated
by SOURCE_DATE_EPOCH (or 1980-01-01).
"""

import base64
import hashlib
import io
import os
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDIST_FILES = ("pyproject.toml", "README.md", "build_backend", "src")


def _project():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _dist_name(project):
    return project["name"].replace("-", "_")


def _epoch():
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License: {project['license']}",
    ]
    for extra, requirements in sorted(project.get("optional-dependencies", {}).items()):
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {r}; extra == "{extra}"' for r in requirements]
    lines += [f"Requires-Dist: {r}" for r in project.get("dependencies", [])]
    readme = (ROOT / project["readme"]).read_text(encoding="utf-8")
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + readme


def _entry_points(project):
    out = []
    for group, entries in sorted(project.get("entry-points", {}).items()):
        out.append(f"[{group}]")
        out += [f"{name} = {target}" for name, target in sorted(entries.items())]
        out.append("")
    return "\n".join(out)


def _package_files():
    src = ROOT / "src"
    for path in sorted(src.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path.relative_to(src).as_posix(), path.read_bytes()


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    name, version = _dist_name(project), project["version"]
    info = f"{name}-{version}.dist-info"
    files = list(_package_files())
    bundle = os.environ.get("HANGDOCTOR_BUNDLE_JAR")
    if bundle:  # the release build: the CLI travels in the wheel (hangdoctor_guard.locate)
        files.append(("hangdoctor_guard/_bundled/hangdoctor.jar", Path(bundle).read_bytes()))
    files.append((f"{info}/METADATA", _metadata(project).encode()))
    files.append(
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: hangdoctor_build\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n",
        )
    )
    files.append((f"{info}/entry_points.txt", _entry_points(project).encode()))
    record = [_record_line(n, d) for n, d in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    wheel_name = f"{name}-{version}-py3-none-any.whl"
    stamp = time.gmtime(_epoch())[:6]
    target = Path(wheel_directory) / wheel_name
    tmp = target.with_name(wheel_name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as whl:
        for n, d in files:
            entry = zipfile.ZipInfo(n, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(entry, d)
    os.replace(tmp, target)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = f"{_dist_name(project)}-{project['version']}"
    paths = []
    for top in SDIST_FILES:
        p = ROOT / top
        candidates = [p] if p.is_file() else sorted(p.rglob("*"))
        paths += [
            c
            for c in candidates
            if c.is_file() and "__pycache__" not in c.parts and c.suffix != ".pyc"
        ]
    target = Path(sdist_directory) / f"{base}.tar.gz"
    tmp = target.with_name(target.name + ".tmp")
    with tarfile.open(tmp, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        pkg_info = _metadata(project).encode()
        for rel, data in [("PKG-INFO", pkg_info)] + [
            (c.relative_to(ROOT).as_posix(), c.read_bytes()) for c in paths
        ]:
            entry = tarfile.TarInfo(f"{base}/{rel}")
            entry.size, entry.mtime, entry.mode = len(data), _epoch(), 0o644
            tar.addfile(entry, io.BytesIO(data))
    os.replace(tmp, target)
    return target.name
