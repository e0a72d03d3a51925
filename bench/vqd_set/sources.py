"""Where the scenes come from: photographs shipped inside packages the registries carry.

PyPI: scikit-image's bundled photos and scikit-learn's two sample images (installed by
`make setup` with the `dev` extra). Debian: the nature photographs of `mate-backgrounds`, the
KDE wallpapers of `plasma-workspace-wallpapers` and one of `lomiri-wallpapers-20.04`
(installed by `make vqd-set`). Pictures of people's faces are left out.

Every scene is assigned its part explicitly. The first batch (14 scenes, split by a hash of
their names into tune and held-out) was looked at while the checks were tuned, so it is all
tune; the held-out part is the second batch, from packages no check had been run on.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import cv2

from bench.vqd_set.life import Image

MATE = Path("/usr/share/backgrounds/mate/nature")
PLASMA = Path("/usr/share/wallpapers")
LOMIRI = Path("/usr/share/backgrounds")
SKIMAGE = "pypi:scikit-image==0.26.0"
SKLEARN = "pypi:scikit-learn==1.9.1"
MATE_PACKAGE = "debian:mate-backgrounds"
PLASMA_PACKAGE = "debian:plasma-workspace-wallpapers"
LOMIRI_PACKAGE = "debian:lomiri-wallpapers-20.04"
# The widest world the renderer makes is 1,984 px (1280x720 views); a source is shrunk to this
# width once, on loading, instead of per clip. No picture of the first batch is wider, so its
# clips look as they did.
MAX_SOURCE_WIDTH = 2560


@dataclass(frozen=True)
class SceneSource:
    name: str
    package: str  # the registry package that ships the file
    file: str  # the file's path inside the package (or on the system, for Debian)
    part: str  # "tune" | "heldout": where the scorer counts its clips; not a rendering parameter
    batch: int  # scenes added together: a clip borrows pictures only from scenes of its batch

    def describe(self) -> str:
        return f"{self.package}: {self.file}"


def plasma(name: str) -> str:
    """A KDE wallpaper's one real file (its other sizes are links to it)."""
    return str(PLASMA / name / "contents/images/2560x1600.jpg")


SCENES = (
    SceneSource("coffee", SKIMAGE, "skimage/data/coffee.png", "tune", 1),
    SceneSource("chelsea", SKIMAGE, "skimage/data/chelsea.png", "tune", 1),
    SceneSource("rocket", SKIMAGE, "skimage/data/rocket.jpg", "tune", 1),
    SceneSource("brick", SKIMAGE, "skimage/data/brick.png", "tune", 1),
    SceneSource("gravel", SKIMAGE, "skimage/data/gravel.png", "tune", 1),
    SceneSource("grass", SKIMAGE, "skimage/data/grass.png", "tune", 1),
    SceneSource("motorcycle", SKIMAGE, "skimage/data/motorcycle_left.png", "tune", 1),
    SceneSource("hubble", SKIMAGE, "skimage/data/hubble_deep_field.jpg", "tune", 1),
    SceneSource("china", SKLEARN, "sklearn/datasets/images/china.jpg", "tune", 1),
    SceneSource("flower", SKLEARN, "sklearn/datasets/images/flower.jpg", "tune", 1),
    SceneSource("dune", MATE_PACKAGE, str(MATE / "Dune.jpg"), "tune", 1),
    SceneSource("storm", MATE_PACKAGE, str(MATE / "Storm.jpg"), "tune", 1),
    SceneSource("wood", MATE_PACKAGE, str(MATE / "Wood.jpg"), "tune", 1),
    SceneSource("meadow", MATE_PACKAGE, str(MATE / "GreenMeadow.jpg"), "tune", 1),
    SceneSource("eveningglow", PLASMA_PACKAGE, plasma("EveningGlow"), "heldout", 2),  # boats
    SceneSource("path", PLASMA_PACKAGE, plasma("Path"), "heldout", 2),  # a forest path
    SceneSource("pier", PLASMA_PACKAGE, plasma("BytheWater"), "heldout", 2),
    SceneSource("grey", PLASMA_PACKAGE, plasma("Grey"), "heldout", 2),  # architecture
    SceneSource("cups", PLASMA_PACKAGE, plasma("ColorfulCups"), "heldout", 2),  # a pattern
    SceneSource("fogpier", PLASMA_PACKAGE, plasma("ColdRipple"), "heldout", 2),  # low texture
    SceneSource(
        "kleiber", LOMIRI_PACKAGE, str(LOMIRI / "Kleiber_by_Lukas_Baubkus.jpg"), "heldout", 2
    ),
    SceneSource("garden", MATE_PACKAGE, str(MATE / "Garden.jpg"), "heldout", 2),
)
CI_SCENES = ("flower", "china")  # scikit-learn's, installed by `make setup`: both tune


def path_of(source: SceneSource) -> Path:
    if source.package.startswith("debian:"):
        return Path(source.file)
    top, rest = source.file.split("/", 1)
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{source.package} is not installed (make setup)")
    return Path(next(iter(spec.submodule_search_locations))) / rest


def install_hint(package: str) -> str:
    if package.startswith("debian:"):
        return f"bash scripts/ensure-system-packages.sh {package.removeprefix('debian:')}"
    return "make setup"


def shrunk(picture: Image, max_width: int = MAX_SOURCE_WIDTH) -> Image:
    if picture.shape[1] <= max_width:
        return picture
    height = round(picture.shape[0] * max_width / picture.shape[1])
    small: Image = cv2.resize(picture, (max_width, height), interpolation=cv2.INTER_AREA)
    return small


def load(source: SceneSource) -> Image:
    """The picture as 8-bit BGR (grey pictures as three equal channels, alpha dropped), at most
    MAX_SOURCE_WIDTH wide."""
    path = path_of(source)
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        raise FileNotFoundError(
            f"{path} missing: {source.describe()} ({install_hint(source.package)})"
        )
    return shrunk(picture)


def available(sources: tuple[SceneSource, ...]) -> tuple[SceneSource, ...]:
    return tuple(s for s in sources if path_of(s).is_file())
