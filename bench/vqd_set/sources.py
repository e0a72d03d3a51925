"""Where the scenes come from: photographs shipped inside packages the registries carry.

PyPI: scikit-image's bundled photos and scikit-learn's two sample images (installed by
`make setup` with the `dev` extra). Debian: the nature photographs of `mate-backgrounds`
(installed by `make vqd-set`). Pictures of people's faces are left out.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import cv2

from bench.vqd_set.life import Image

MATE = Path("/usr/share/backgrounds/mate/nature")


@dataclass(frozen=True)
class SceneSource:
    name: str
    package: str  # the registry package that ships the file
    file: str  # the file's path inside the package (or on the system, for Debian)

    def describe(self) -> str:
        return f"{self.package}: {self.file}"


SCENES = (
    SceneSource("coffee", "pypi:scikit-image==0.26.0", "skimage/data/coffee.png"),
    SceneSource("chelsea", "pypi:scikit-image==0.26.0", "skimage/data/chelsea.png"),
    SceneSource("rocket", "pypi:scikit-image==0.26.0", "skimage/data/rocket.jpg"),
    SceneSource("brick", "pypi:scikit-image==0.26.0", "skimage/data/brick.png"),
    SceneSource("gravel", "pypi:scikit-image==0.26.0", "skimage/data/gravel.png"),
    SceneSource("grass", "pypi:scikit-image==0.26.0", "skimage/data/grass.png"),
    SceneSource("motorcycle", "pypi:scikit-image==0.26.0", "skimage/data/motorcycle_left.png"),
    SceneSource("hubble", "pypi:scikit-image==0.26.0", "skimage/data/hubble_deep_field.jpg"),
    SceneSource("china", "pypi:scikit-learn==1.9.1", "sklearn/datasets/images/china.jpg"),
    SceneSource("flower", "pypi:scikit-learn==1.9.1", "sklearn/datasets/images/flower.jpg"),
    SceneSource("dune", "debian:mate-backgrounds", str(MATE / "Dune.jpg")),
    SceneSource("storm", "debian:mate-backgrounds", str(MATE / "Storm.jpg")),
    SceneSource("wood", "debian:mate-backgrounds", str(MATE / "Wood.jpg")),
    SceneSource("meadow", "debian:mate-backgrounds", str(MATE / "GreenMeadow.jpg")),
)
CI_SCENES = ("flower", "china")  # scikit-learn's, installed by `make setup`: tune, heldout


def path_of(source: SceneSource) -> Path:
    if source.package.startswith("debian:"):
        return Path(source.file)
    top, rest = source.file.split("/", 1)
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{source.package} is not installed (make setup)")
    return Path(next(iter(spec.submodule_search_locations))) / rest


def load(source: SceneSource) -> Image:
    """The picture as 8-bit BGR (grey pictures as three equal channels, alpha dropped)."""
    path = path_of(source)
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        hint = (
            "bash scripts/ensure-system-packages.sh mate-backgrounds"
            if "debian" in source.package
            else "make setup"
        )
        raise FileNotFoundError(f"{path} missing: {source.describe()} ({hint})")
    return picture


def available(sources: tuple[SceneSource, ...]) -> tuple[SceneSource, ...]:
    return tuple(s for s in sources if path_of(s).is_file())
