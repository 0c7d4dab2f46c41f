"""The demo region's areas: a city of about 500,000 inhabitants in 12 Sozialräume (two of them tiny, to
exercise the secrecy rules) and 20 towns; larger synthetic regions for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

YEARS = list(range(2012, 2024))
REGION_KEY = "03999"
REGION_NAME = "Region Seewalden"
CITY_NAME = "Seewalden"
SEED = 20231231

# name, population 2012, deprivation, age (+ = older), growth per year, shelter (refugee housing)
CITY_DISTRICTS = [
    ("Altstadt", 31_500, 0.6, -0.4, 0.006, 0.5),
    ("Nordstadt", 64_000, 2.0, -0.8, 0.004, 1.4),
    ("Südstadt", 58_000, -0.6, 0.1, 0.003, 0.3),
    ("Oststadt", 52_500, 1.2, -0.3, 0.005, 1.0),
    ("Weststadt", 49_000, 0.2, 0.0, 0.002, 0.6),
    ("Lindenhof", 61_500, 1.6, -0.6, 0.006, 1.2),
    ("Bergfeld", 47_500, -1.1, 0.7, 0.001, 0.1),
    ("Auwiesen", 44_000, -0.3, 0.5, 0.002, 0.4),
    ("Heidhof", 46_000, 0.9, 0.3, -0.001, 0.9),
    ("Sonnenhügel", 50_500, -1.4, 0.9, 0.000, 0.1),
    ("Hafen", 1_180, 1.5, -0.5, 0.010, 0.0),
    ("Messegelände", 290, 0.3, 0.2, 0.000, 0.0),
]
# name, population 2012, deprivation, age, growth, shelter, hectares
TOWNS = [
    ("Falkenried, Stadt", 59_400, 0.9, 0.1, 0.003, 1.0, 10_850),
    ("Grünhagen, Stadt", 52_100, 0.4, 0.2, 0.004, 0.8, 9_120),
    ("Birkenfelde, Stadt", 46_800, -0.2, 0.3, 0.006, 0.5, 12_400),
    ("Hasselbrück, Stadt", 43_600, 1.1, 0.0, -0.002, 1.1, 7_690),
    ("Eschenrode, Stadt", 40_900, -0.7, 0.6, 0.005, 0.3, 11_030),
    ("Dornhagen, Stadt", 37_700, 0.6, 0.2, 0.001, 0.7, 8_850),
    ("Kirchwalden", 35_900, -1.0, 0.4, 0.008, 0.2, 6_640),
    ("Lerchenfeld, Stadt", 33_800, -0.4, 0.5, 0.004, 0.4, 14_720),
    ("Moorhusen, Stadt", 31_900, 0.2, 0.3, 0.000, 0.6, 16_310),
    ("Neuwerder", 29_700, -1.2, 0.8, 0.007, 0.1, 5_230),
    ("Ostermoor, Stadt", 27_800, 0.7, 0.4, -0.003, 0.9, 13_880),
    ("Pappelau", 25_600, -0.8, 0.1, 0.009, 0.2, 4_910),
    ("Rabenhorst, Stadt", 23_700, 0.1, 0.6, -0.001, 0.5, 12_150),
    ("Schilfbrook", 20_900, -0.5, 0.9, 0.002, 0.3, 7_780),
    ("Tannenkamp, Stadt", 18_800, 0.3, 0.7, -0.002, 0.4, 10_240),
    ("Uhlenbusch", 16_900, -1.3, 0.2, 0.010, 0.1, 3_860),
    ("Wiesengrund", 14_200, -0.9, 1.1, 0.001, 0.2, 8_460),
    ("Zedernhof", 12_300, -0.1, 1.0, -0.004, 0.3, 9_930),
    ("Hollerbeck", 10_100, -0.6, 1.2, -0.002, 0.2, 6_120),
    ("Krähenwinkel", 8_200, -0.3, 1.4, -0.005, 0.1, 5_570),
]
CITY_HECTARES = 20_410
MAX_MAPPED_KOMMUNEN = 60  # larger synthetic regions get no map geometry (generating it takes long)
DISTRICT_SHARE_OF_AREA = [0.035, 0.07, 0.09, 0.07, 0.08, 0.075, 0.12, 0.11, 0.10, 0.14, 0.06, 0.05]

# Town names for synthetic regions larger than the demo (``berichte demo --kommunen N``).
_PREFIXES = ["Birken", "Eichen", "Buchen", "Linden", "Erlen", "Tannen", "Weiden", "Ulmen", "Eschen", "Fichten",
             "Hasel", "Holler", "Kirsch", "Rosen", "Wiesen", "Moor", "Heide", "Berg", "Tal", "Bach", "See",
             "Sand", "Stein", "Mühl", "Kirch", "Wald", "Feld", "Hagen", "Brun", "Roden"]
_SUFFIXES = ["feld", "hagen", "rode", "dorf", "hausen", "stedt", "bach", "brück", "burg", "au", "horst", "winkel",
             "heim", "wald", "kamp", "busch", "moor", "hof", "werder", "grund", "berg", "born", "tal", "beck",
             "lohe", "holz", "wiek", "ried", "siel", "fleth"]


@dataclass
class Leaf:
    """An area for which counts are simulated (a Sozialraum, or a Kommune without Sozialräume)."""

    key: str
    name: str
    parent: str
    population: int
    deprivation: float
    age: float
    growth: float
    shelter: float
    hectares: int
    urban: bool


@dataclass
class DemoRegion:
    areas: list[tuple[str, str, str, str]]  # key, name, level, parent
    leaves: list[Leaf]
    city_key: str


def _synthetic_towns(n: int, rng: np.random.Generator) -> list[tuple]:
    taken = {d[0] for d in CITY_DISTRICTS} | {CITY_NAME}
    names = [p + s for p in _PREFIXES for s in _SUFFIXES if p + s not in taken]
    order = rng.permutation(len(names))
    towns = []
    for i in range(n):
        base = names[order[i % len(names)]]
        if i >= len(names):
            base = ("Ober" if (i // len(names)) % 2 else "Nieder") + base.lower()
            if i >= 2 * len(names):
                base = f"{base} {i // (2 * len(names)) + 1}"
        population = int(np.exp(rng.uniform(np.log(2_500), np.log(60_000))))
        towns.append((base, population, float(rng.normal(0, 0.8)), float(rng.normal(0.3, 0.5)),
                      float(rng.normal(0.002, 0.004)), float(abs(rng.normal(0.4, 0.3))),
                      int(population / rng.uniform(1.5, 8.0) * 1.0 + 800)))
    return towns


def demo_region(n_kommunen: int = 21, seed: int = SEED) -> DemoRegion:
    """The area list: the city with its Sozialräume and n_kommunen − 1 towns."""
    if n_kommunen < 2:
        raise ValueError("n_kommunen must be at least 2")
    rng = np.random.default_rng(seed + 1)
    towns = TOWNS[: n_kommunen - 1] if n_kommunen <= len(TOWNS) + 1 else _synthetic_towns(n_kommunen - 1, rng)
    width = 3 if n_kommunen <= 999 else 4
    city_key = REGION_KEY + f"{1:0{width}d}"
    areas = [(REGION_KEY, REGION_NAME, "region", "")]
    leaves = []
    city_area = [(city_key, f"{CITY_NAME}, Stadt", "kommune", REGION_KEY)]
    for i, (name, pop, dep, age, growth, shelter) in enumerate(CITY_DISTRICTS, start=1):
        key = f"{city_key}{i:03d}"
        hectares = int(round(CITY_HECTARES * DISTRICT_SHARE_OF_AREA[i - 1]))
        leaves.append(Leaf(key, name, city_key, pop, dep, age, growth, shelter, hectares, True))
    kommunen = []
    for i, town in enumerate(towns, start=2):
        name, pop, dep, age, growth, shelter, hectares = town
        key = REGION_KEY + f"{i:0{width}d}"
        kommunen.append((key, name, "kommune", REGION_KEY))
        leaves.append(Leaf(key, name, REGION_KEY, pop, dep, age, growth, shelter, hectares, False))
    areas += city_area + sorted(kommunen, key=lambda a: a[0])
    areas += [(leaf.key, leaf.name, "sozialraum", leaf.parent) for leaf in leaves if leaf.parent == city_key]
    return DemoRegion(areas, leaves, city_key)
