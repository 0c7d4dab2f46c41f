"""The demo region: fictional, seeded, internally consistent counts for a Region of Kommunen and Sozialräume.

"Region Seewalden" (fiktive Beispieldaten) has a city of about 500,000 inhabitants split into 12
Sozialräume, two of them tiny (to exercise the secrecy rules), and 20 towns of 8,000 to 60,000
inhabitants. Counts for 2012–2023 follow the trends of German municipal statistics: refugee immigration
in 2015/16 moving into SGB II in 2016/17, falling SGB II and unemployment until 2019, the rise in
unemployment in 2020, arrivals from Ukraine in 2022 moving into SGB II, the Wohngeld reforms of
2016, 2020 and 2023. Counts are consistent: age groups add up to the total, parts never exceed their
totals, the city's delivered totals equal the sum of its Sozialräume, births, deaths and migration add up
to the change in population.

The counts are written the way offices deliver them: the registry's export as Windows-1252 CSV with
``;``, wide by year; the Bundesagentur's table with ``*`` for anonymised values 1 and 2; the Jugendamt's
long table with German thousands separators; and so on. ``berichte demo --kommunen N`` builds larger
synthetic regions for benchmarks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from . import atomic

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


# Year effects (index 0 = 2012): multipliers on the base rates.
def _series(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=float)


ALO_TREND = _series([1.00, 1.01, 0.99, 0.96, 0.93, 0.88, 0.82, 0.79, 0.93, 0.89, 0.86, 0.90])
SGB2_TREND = _series([1.00, 0.99, 0.98, 0.97, 0.96, 0.95, 0.91, 0.87, 0.88, 0.85, 0.88, 0.90])
REFUGEE_SGB2 = _series([0.0, 0.0, 0.05, 0.15, 0.55, 0.95, 1.0, 0.95, 0.9, 0.85, 0.85, 0.8])
UKRAINE_SGB2 = _series([0] * 10 + [0.8, 1.0])
ASYL_TREND = _series([0.20, 0.30, 0.55, 1.60, 1.20, 0.60, 0.45, 0.40, 0.38, 0.40, 0.62, 0.78])
WOHNGELD_TREND = _series([1.00, 0.95, 0.88, 0.80, 1.05, 1.00, 0.93, 0.86, 1.12, 1.08, 1.01, 1.92])
IMMIGRATION = _series([0.002, 0.003, 0.005, 0.016, 0.006, 0.002, 0.002, 0.002, 0.000, 0.001, 0.012, 0.004])


def _allocate(total: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Split integer totals (shape n) into integer parts by shares (shape n×k), largest remainder."""
    exact = total[:, None] * shares / shares.sum(axis=1, keepdims=True)
    floor = np.floor(exact).astype(np.int64)
    remainder = (total - floor.sum(axis=1)).astype(np.int64)
    order = np.argsort(-(exact - floor), axis=1, kind="stable")
    rows = np.arange(len(total))[:, None]
    bonus = np.zeros_like(floor)
    ranks = np.empty_like(order)
    ranks[rows, order] = np.arange(shares.shape[1])[None, :]
    bonus[ranks < remainder[:, None]] = 1
    return floor + bonus


def simulate(leaves: list[Leaf], seed: int = SEED) -> dict[str, np.ndarray]:
    """Counts per leaf area (rows) and year (columns) for every delivered Merkmal."""
    rng = np.random.default_rng(seed)
    n, t = len(leaves), len(YEARS)
    yr = np.arange(t)[None, :]
    dep = np.array([leaf.deprivation for leaf in leaves])[:, None]
    age = np.array([leaf.age for leaf in leaves])[:, None]
    growth = np.array([leaf.growth for leaf in leaves])[:, None]
    shelter = np.array([leaf.shelter for leaf in leaves])[:, None]
    urban = np.array([leaf.urban for leaf in leaves], dtype=float)[:, None]
    pop0 = np.array([leaf.population for leaf in leaves], dtype=float)

    def poisson(mean):
        return rng.poisson(np.maximum(mean, 0)).astype(np.int64)

    def binom(n_, p):
        return rng.binomial(np.maximum(n_, 0).astype(np.int64), np.clip(p, 0, 1)).astype(np.int64)

    # Population: trend, immigration waves (more where refugees are housed), small noise.
    rate = growth + IMMIGRATION[None, :] * (0.4 + 0.6 * shelter) + rng.normal(0, 0.002, (n, t))
    rate[:, 8] -= 0.003  # 2020: less migration during the pandemic
    population = np.empty((n, t))
    prev = pop0 / (1 + rate[:, 0])
    pop_prev_2011 = np.round(prev).astype(np.int64)
    for j in range(t):
        prev = prev * (1 + rate[:, j])
        population[:, j] = prev
    ew = np.round(population).astype(np.int64)

    # Age structure: base shares shifted by the area's age profile, ageing over time.
    base = np.array([0.029, 0.028, 0.078, 0.027, 0.075, 0.262, 0.283, 0.160, 0.058])
    shift = np.array([-0.004, -0.004, -0.010, -0.003, -0.004, -0.020, 0.004, 0.025, 0.016])
    ageing = np.array([0.0002, 0.0001, 0.0, -0.0003, -0.0008, -0.0004, -0.0010, 0.0012, 0.0010])
    baby_boom = np.array([0.0, 0.0005, 0.001, 0.0015, 0.002, 0.0018, 0.0015, 0.0012, 0.001, 0.0008, 0.0, -0.0005])
    age_groups = np.empty((n, t, 9), dtype=np.int64)
    young_city = (urban * 0.012)[:, :, None]  # students and young adults in the city
    for j in range(t):
        shares = base[None, :] + age[:, 0, None] * shift[None, :] + j * ageing[None, :]
        shares[:, 0] += baby_boom[j]
        shares[:, 5] += young_city[:, 0, 0] * 1.5
        shares[:, 4] += young_city[:, 0, 0]
        shares[:, 7] -= young_city[:, 0, 0] * 1.5
        shares = np.clip(shares + rng.normal(0, 0.0008, shares.shape), 0.004, None)
        age_groups[:, j, :] = _allocate(ew[:, j], shares)
    names = ["ew_u3", "ew_3_6", "ew_6_15", "ew_15_18", "ew_18_25", "ew_25_45", "ew_45_65", "ew_65_80", "ew_80plus"]
    c: dict[str, np.ndarray] = {name: age_groups[:, :, i] for i, name in enumerate(names)}
    c["ew_insgesamt"] = ew
    u15 = c["ew_u3"] + c["ew_3_6"] + c["ew_6_15"]
    u18 = u15 + c["ew_15_18"]
    a15_65 = c["ew_15_18"] + c["ew_18_25"] + c["ew_25_45"] + c["ew_45_65"]
    a18_65 = c["ew_18_25"] + c["ew_25_45"] + c["ew_45_65"]
    u65 = u18 + a18_65
    a65 = c["ew_65_80"] + c["ew_80plus"]
    c["ew_weiblich"] = binom(ew, 0.508 + 0.004 * age)

    foreign_share = np.clip(0.07 + 0.045 * dep + 0.06 * urban + np.cumsum(IMMIGRATION, axis=0)[None, :] * 1.1
                            * (0.5 + 0.5 * shelter) + 0.002 * yr, 0.01, 0.6)
    c["ew_nichtdeutsch"] = binom(ew, foreign_share)
    c["ew_nichtdeutsch_u18"] = np.minimum(binom(u18, foreign_share * 1.15), c["ew_nichtdeutsch"])

    # Natural movement and migration, consistent with the change in population.
    c["geburten"] = poisson(ew * (0.0095 + 0.0015 * dep - 0.0012 * age + baby_boom[None, :] * 0.8))
    c["sterbefaelle"] = poisson(ew * (0.0105 + 0.0035 * age) + 0.0004 * ew * (yr >= 8))
    mobility = 0.055 + 0.04 * urban + 0.01 * dep
    c["zuzuege"] = poisson(ew * (mobility + IMMIGRATION[None, :] * (0.5 + 0.5 * shelter)))
    previous = np.concatenate([pop_prev_2011[:, None], ew[:, :-1]], axis=1)
    fortzuege = previous + c["geburten"] - c["sterbefaelle"] + c["zuzuege"] - ew
    shortfall = np.maximum(0, -fortzuege)
    c["zuzuege"] = c["zuzuege"] + shortfall
    c["fortzuege"] = fortzuege + shortfall

    # Households and housing.
    hh_size = np.clip(2.05 - 0.28 * urban + 0.06 * (-age) - 0.004 * yr + rng.normal(0, 0.01, (n, 1)), 1.55, 2.6)
    hh = np.round(ew / hh_size).astype(np.int64)
    c["haushalte"] = hh
    c["haushalte_kinder"] = np.minimum(binom(hh, 0.155 + 0.02 * (-age) - 0.025 * urban + 0.01 * dep),
                                       np.maximum(u18, 0))
    c["haushalte_alleinerziehend"] = binom(c["haushalte_kinder"], 0.17 + 0.04 * dep + 0.03 * urban)
    c["haushalte_einpersonen"] = binom(hh, 0.36 + 0.12 * urban + 0.02 * age)
    # Housing stock: completions follow demand with a lag, demolitions are small.
    dwellings = np.empty((n, t), dtype=np.int64)
    completions = np.empty((n, t), dtype=np.int64)
    stock = np.round(hh[:, 0] * (1.02 + 0.02 * rng.random(n))).astype(np.int64)
    for j in range(t):
        demand = np.clip(hh[:, j] * 1.03 - stock, 0, None)
        completions[:, j] = poisson(stock * (0.0035 + 0.004 * np.clip(growth[:, 0], 0, None) * 100 / 100)
                                    + demand * 0.25)
        stock = stock + completions[:, j] - poisson(stock * 0.0008)
        dwellings[:, j] = stock
    c["wohnungen"] = dwellings
    c["neubau_wohnungen"] = completions
    social0 = np.clip(0.05 + 0.03 * dep + 0.02 * urban, 0.005, 0.2)
    social_share = social0 * np.power(0.968, yr) + 0.002 * np.maximum(yr - 7, 0) * urban
    c["sozialwohnungen"] = binom(dwellings, social_share)
    c["wohnflaeche"] = np.round(dwellings * (88 - 18 * urban + 2 * age - 3 * dep + 0.25 * yr)).astype(np.int64)
    c["flaeche_ha"] = np.repeat(np.array([leaf.hectares for leaf in leaves])[:, None], t, axis=1)

    # Labour market (annual averages).
    alo_rate = np.clip(0.048 * np.exp(0.42 * dep) * (1 + 0.15 * urban), 0.01, 0.25) * ALO_TREND[None, :]
    alo_rate = alo_rate * (1 + 0.12 * shelter * REFUGEE_SGB2[None, :] * 0.5)
    c["alo_insgesamt"] = binom(a15_65, alo_rate)
    sgb2_part = np.clip(0.60 + 0.07 * dep + 0.03 * REFUGEE_SGB2[None, :] - 0.06 * (yr == 8), 0.3, 0.9)
    c["alo_langzeit"] = binom(c["alo_insgesamt"], np.clip(0.36 + 0.03 * dep - 0.006 * np.minimum(yr, 7)
                                                          + 0.05 * (yr >= 9) - 0.015 * (yr >= 11), 0.15, 0.6))
    c["alo_u25"] = binom(c["alo_insgesamt"], 0.09 - 0.01 * age)
    c["alo_frauen"] = binom(c["alo_insgesamt"], 0.44)
    c["alo_nichtdeutsch"] = binom(c["alo_insgesamt"], np.clip(foreign_share * 1.9, 0, 0.9))
    svb_rate = np.clip(0.56 - 0.045 * dep + 0.006 * np.minimum(yr, 7) + 0.004 * np.maximum(yr - 8, 0), 0.3, 0.75)
    c["svb_wohnort"] = binom(a15_65, svb_rate)
    c["svb_wohnort_frauen"] = binom(c["svb_wohnort"], 0.465)

    # SGB II.
    quota = np.clip(0.082 * np.exp(0.55 * dep) * (1 + 0.2 * urban), 0.006, 0.42) * SGB2_TREND[None, :]
    quota = quota + 0.012 * shelter * REFUGEE_SGB2[None, :] + 0.007 * (0.5 + shelter) * UKRAINE_SGB2[None, :]
    lb = binom(u65, quota)
    c["sgb2_lb"] = lb
    child_quota = np.clip(quota * (1.75 + 0.1 * dep), 0, 0.7)
    c["sgb2_lb_u15"] = np.minimum(binom(u15, child_quota), np.round(lb * 0.45).astype(np.int64))
    nef_other = np.round(lb * 0.02).astype(np.int64)
    c["sgb2_elb"] = lb - c["sgb2_lb_u15"] - nef_other
    sgb2_alo = np.minimum(binom(c["alo_insgesamt"], sgb2_part), c["sgb2_elb"])
    c["alo_sgb2"] = sgb2_alo
    c["alo_sgb3"] = c["alo_insgesamt"] - sgb2_alo
    foreign_lb_share = np.clip(foreign_share * 2.1 + 0.08 * REFUGEE_SGB2[None, :] + 0.06 * UKRAINE_SGB2[None, :],
                               0.02, 0.85)
    c["sgb2_lb_nichtdeutsch"] = np.minimum(binom(lb, foreign_lb_share), c["ew_nichtdeutsch"])
    bg = np.round(lb / np.clip(1.85 + 0.08 * dep, 1.5, 2.3)).astype(np.int64)
    c["sgb2_bg"] = bg
    c["sgb2_bg_kinder"] = np.minimum(binom(bg, 0.33 + 0.03 * dep), c["haushalte_kinder"])
    c["sgb2_bg_alleinerziehend"] = np.minimum(binom(c["sgb2_bg_kinder"], 0.52),
                                              c["haushalte_alleinerziehend"])

    # SGB XII, AsylbLG, Wohngeld.
    c["sgb12_gsa"] = binom(a65, np.clip(0.030 * np.exp(0.45 * dep) * (1 + 0.3 * urban) * (1 + 0.035 * yr), 0, 0.3))
    c["sgb12_gsem"] = binom(a18_65, np.clip(0.0085 * np.exp(0.3 * dep) * (1 + 0.01 * yr), 0, 0.1))
    c["sgb12_hlu"] = poisson(ew * 0.0011 * np.exp(0.3 * dep))
    c["asylblg"] = poisson(ew * 0.004 * (0.3 + shelter) * ASYL_TREND[None, :])
    c["wohngeld_hh"] = binom(hh, np.clip(0.013 * np.exp(0.3 * dep) * WOHNGELD_TREND[None, :], 0, 0.2))

    # Children, youth and education.
    krippe_rate = np.clip(0.27 + 0.017 * yr - 0.03 * dep + 0.04 * urban + rng.normal(0, 0.02, (n, 1)), 0.1, 0.75)
    c["krippe_plaetze"] = poisson(c["ew_u3"] * krippe_rate)
    c["krippe_kinder"] = np.minimum(binom(c["krippe_plaetze"], 0.95), c["ew_u3"])
    kita_rate = np.clip(0.92 + 0.006 * yr + rng.normal(0, 0.03, (n, 1)), 0.75, 1.15)
    c["kita_plaetze"] = poisson(c["ew_3_6"] * kita_rate)
    c["kita_kinder"] = np.minimum(binom(c["kita_plaetze"], 0.955), c["ew_3_6"])
    c["schueler"] = c["ew_6_15"] + binom(c["ew_15_18"], 0.55)
    c["schueler_foerderbedarf"] = binom(c["schueler"], np.clip(0.046 + 0.01 * dep - 0.0008 * yr, 0.01, 0.2))
    c["schuleingang_untersucht"] = binom(c["ew_3_6"], 0.33)
    c["schuleingang_sprachfoerderung"] = binom(c["schuleingang_untersucht"],
                                               np.clip(0.17 + 0.07 * dep + 0.04 * (yr >= 9), 0.02, 0.7))
    c["hze_faelle"] = poisson(u18 * 0.026 * np.exp(0.4 * dep) * (1 + 0.012 * yr))
    c["kwg_verfahren"] = poisson(u18 * 0.0065 * np.exp(0.3 * dep) * (1 + 0.05 * yr))

    # Health and care.
    c["spdi_klienten"] = poisson((a18_65 + a65) * 0.0042 * np.exp(0.3 * dep))
    care = c["ew_65_80"] * 0.065 + c["ew_80plus"] * 0.31 + (u65) * 0.006
    c["pflegebeduerftige"] = np.minimum(poisson(care * (1 + 0.16 * (yr >= 5)) * (1 + 0.02 * yr)), ew)
    return c


# Which office delivers which Merkmale, and at which level (leaf = Sozialraum/Kommune, or Kommune only).
SOURCES = {
    "einwohnermeldeamt": ["ew_insgesamt", "ew_weiblich", "ew_u3", "ew_3_6", "ew_6_15", "ew_15_18", "ew_18_25",
                          "ew_25_45", "ew_45_65", "ew_65_80", "ew_80plus", "ew_nichtdeutsch", "ew_nichtdeutsch_u18",
                          "geburten", "sterbefaelle", "zuzuege", "fortzuege", "haushalte", "haushalte_kinder",
                          "haushalte_alleinerziehend", "haushalte_einpersonen"],
    "bundesagentur": ["alo_insgesamt", "alo_sgb2", "alo_sgb3", "alo_langzeit", "alo_u25", "alo_frauen",
                      "alo_nichtdeutsch", "svb_wohnort", "svb_wohnort_frauen", "sgb2_lb", "sgb2_elb", "sgb2_lb_u15",
                      "sgb2_lb_nichtdeutsch", "sgb2_bg", "sgb2_bg_kinder", "sgb2_bg_alleinerziehend"],
    "sozialamt": ["sgb12_gsa", "sgb12_gsem", "sgb12_hlu", "asylblg", "wohngeld_hh"],
    "jugendamt": ["krippe_plaetze", "kita_plaetze", "krippe_kinder", "kita_kinder", "hze_faelle", "kwg_verfahren"],
    "schulen_gesundheit": ["schueler", "schueler_foerderbedarf", "schuleingang_untersucht",
                           "schuleingang_sprachfoerderung", "spdi_klienten"],
    "wohnen": ["wohnungen", "sozialwohnungen", "wohnflaeche", "flaeche_ha"],
    "landesamt": ["pflegebeduerftige", "neubau_wohnungen"],  # Kommunen only
}
# Merkmale whose Sozialraum values are not delivered (only the Kommune's), and those where the city
# delivers its own total in addition to its Sozialräume (the Bundesagentur's tables always include it).
KOMMUNE_ONLY = set(SOURCES["landesamt"])
CITY_TOTAL_TOO = set(SOURCES["bundesagentur"]) | {"ew_insgesamt"}


def _leaf_values(region: DemoRegion, counts: dict[str, np.ndarray], seed: int = SEED):
    """Rows to deliver: (key, merkmal) → array over years; city totals summed from its Sozialräume.

    Migration is not additive: moves between Sozialräume of the city (or between Kommunen of the
    Region) count in the parts but not in the whole. The registry therefore delivers the city's and
    the Region's own Zuzüge and Fortzüge, net of those internal moves.
    """
    rng = np.random.default_rng(seed + 2)
    city_rows = [i for i, leaf in enumerate(region.leaves) if leaf.parent == region.city_key]
    rows: dict[tuple[str, str], np.ndarray] = {}
    town_rows = [i for i, leaf in enumerate(region.leaves) if leaf.parent != region.city_key]
    inflow, outflow = counts["zuzuege"][city_rows].sum(axis=0), counts["fortzuege"][city_rows].sum(axis=0)
    for key, share in ((region.city_key, 0.38), (REGION_KEY, 0.22)):
        internal = np.minimum(rng.binomial(inflow, share), outflow)
        rows[(key, "zuzuege")] = inflow - internal
        rows[(key, "fortzuege")] = outflow - internal
        # the Region's parts are the Kommunen: the city's own flows plus the towns'
        inflow = rows[(key, "zuzuege")] + counts["zuzuege"][town_rows].sum(axis=0)
        outflow = rows[(key, "fortzuege")] + counts["fortzuege"][town_rows].sum(axis=0)
    for merkmal, values in counts.items():
        for i, leaf in enumerate(region.leaves):
            if leaf.parent == region.city_key and merkmal in KOMMUNE_ONLY:
                continue
            rows[(leaf.key, merkmal)] = values[i]
        if merkmal in KOMMUNE_ONLY or merkmal in CITY_TOTAL_TOO:
            rows[(region.city_key, merkmal)] = values[city_rows].sum(axis=0)
    return rows


def _sort_key(item):
    (key, merkmal), _ = item
    return key, merkmal


def _write_registry(path: Path, region: DemoRegion, rows, names) -> None:
    """Einwohnermeldeamt: Windows-1252, ';', wide by year, with a name column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Schlüssel", "Gebiet", "Merkmal"] + [str(y) for y in YEARS])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        writer.writerow([key, names[key], merkmal] + [str(int(v)) for v in values])
    atomic.write_bytes(path, out.getvalue().encode("cp1252"))


def _write_ba(path: Path, region: DemoRegion, rows, names) -> None:
    """Bundesagentur: UTF-8, ';', one row per area and year, Merkmale as columns; 1 and 2 anonymised as '*'."""
    merkmale = SOURCES["bundesagentur"]
    keys = sorted({key for key, _ in rows})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "jahr"] + merkmale)
    for key in keys:
        for j, year in enumerate(YEARS):
            cells = []
            for m in merkmale:
                v = int(rows[(key, m)][j])
                cells.append("*" if v in (1, 2) else str(v))
            writer.writerow([key, year] + cells)
    atomic.write_text(path, out.getvalue())


def _german_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _write_long(path: Path, rows, delimiter: str, german: bool) -> None:
    """Long layout: schluessel, jahr, merkmal, wert."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["schluessel", "jahr", "merkmal", "wert"])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        for year, v in zip(YEARS, values):
            writer.writerow([key, year, merkmal, _german_thousands(int(v)) if german else int(v)])
    atomic.write_text(path, out.getvalue())


def _write_wide(path: Path, rows, delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["schluessel", "merkmal"] + [str(y) for y in YEARS])
    for (key, merkmal), values in sorted(rows.items(), key=_sort_key):
        writer.writerow([key, merkmal] + [int(v) for v in values])
    atomic.write_text(path, out.getvalue())


def _standard_file(name: str) -> str:
    return resources.files("berichte").joinpath("standard", name).read_text(encoding="utf-8")


PROJECT_TEMPLATE = """\
# Projekteinstellungen des Sozialmonitorings.
# Diese Datei wurde von „berichte demo“ erzeugt: fiktive Beispieldaten einer erfundenen Region.
titel: Sozialmonitoring {region}
gebiet: {region}
herausgeber: "{region}, Stabsstelle Sozialplanung"
beispieldaten: true          # Berichte tragen den Hinweis „fiktive Beispieldaten“
jahre: {{von: {first}, bis: {last}}}
berichtsjahr: {last}
vergleichsjahr: {comparison}   # voreingestellter Vergleichszeitraum {comparison}–{last}
stichtag: "31.12."

ebenen:
  - {{id: region, name: Region, mehrzahl: Regionen, genus: f}}
  - {{id: kommune, name: Kommune, mehrzahl: Kommunen, genus: f}}
  - {{id: sozialraum, name: Sozialraum, mehrzahl: Sozialräume, genus: m}}

dateien:
  gebiete: gebiete.csv
  merkmale: merkmale.yml
  kennzahlen: kennzahlen.yml
  zahlen: [zahlen]

geheimhaltung:
  aktiv: true
  mindestanzahl: 3           # Anzahlen 1 und 2 werden nicht veröffentlicht
  zaehler_mindestens: 3      # Quoten nur ab 3 Fällen im Zähler …
  nenner_mindestens: 100     # … und mindestens 100 im Nenner
  sekundaer: true            # auch Werte sperren, aus denen sich gesperrte Werte errechnen ließen

signifikanz:
  niveau: 0.05               # Irrtumswahrscheinlichkeit für „bedeutsame“ Veränderungen
  streuung: 1.0              # „auffällig“ jenseits von ±1 Standardabweichung der Vergleichsgebiete

sozialindex:
  status: [arbeitslosenanteil_sgb2, sgb2_quote, kinderarmut, altersarmut, anteil_alleinerziehende]
  dynamik: [arbeitslosenanteil_sgb2, sgb2_quote, kinderarmut, altersarmut]
  jahre_dynamik: 3
  mindest_einwohner: 300
"""


def write_demo_project(target: Path, n_kommunen: int = 21, seed: int = SEED) -> dict[str, int]:
    """Write a complete demo project (data/ with settings, areas, Merkmale, catalogue, counts) to target."""
    target = Path(target)
    data = target / "data"
    (data / "zahlen").mkdir(parents=True, exist_ok=True)
    region = demo_region(n_kommunen, seed)
    counts = simulate(region.leaves, seed)
    rows = _leaf_values(region, counts, seed)
    names = {key: name for key, name, _, _ in region.areas}

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["schluessel", "name", "kurzname", "ebene", "uebergeordnet"])
    for key, name, level, parent in region.areas:
        writer.writerow([key, name, name.removesuffix(", Stadt"), level, parent])
    atomic.write_text(data / "gebiete.csv", out.getvalue())
    atomic.write_text(data / "projekt.yml", PROJECT_TEMPLATE.format(
        region=REGION_NAME, first=YEARS[0], last=YEARS[-1], comparison=YEARS[-1] - 5))
    atomic.write_text(data / "merkmale.yml", _standard_file("merkmale.yml"))
    atomic.write_text(data / "kennzahlen.yml", _standard_file("kennzahlen.yml"))

    def subset(source: str):
        wanted = set(SOURCES[source])
        return {k: v for k, v in rows.items() if k[1] in wanted}

    zahlen = data / "zahlen"
    _write_registry(zahlen / "einwohnermeldeamt.csv", region, subset("einwohnermeldeamt"), names)
    _write_ba(zahlen / "bundesagentur.csv", region, subset("bundesagentur"), names)
    _write_long(zahlen / "sozialamt.csv", subset("sozialamt"), ",", german=False)
    _write_long(zahlen / "jugendamt.csv", subset("jugendamt"), ";", german=True)
    _write_wide(zahlen / "schulen_gesundheit.csv", subset("schulen_gesundheit"), ";")
    _write_wide(zahlen / "wohnen.csv", subset("wohnen"), ",")
    _write_long(zahlen / "landesamt.csv", subset("landesamt"), ";", german=True)
    if n_kommunen <= MAX_MAPPED_KOMMUNEN:
        from .geometry import write_demo_geometry

        write_demo_geometry(data, n_kommunen=n_kommunen, seed=seed)
    return {"gebiete": len(region.areas), "werte": sum(len(v) for v in rows.values())}
