"""Seeded, internally consistent counts for the demo region's areas, 2012–2023.

The counts follow the trends of German municipal statistics: refugee immigration in 2015/16 moving into
SGB II in 2016/17, falling SGB II and unemployment until 2019, the rise in unemployment in 2020, arrivals
from Ukraine in 2022 moving into SGB II, the Wohngeld reforms of 2016, 2020 and 2023. Age groups add up
to the total, parts never exceed their totals, births, deaths and migration add up to the change in
population.

:func:`simulate` runs the steps below in a fixed order, all drawing from one random stream: population,
age structure, sex and citizenship, movements, households, housing, labour market, SGB II, other
benefits, children and education, health. Each step takes the areas' traits and the counts it builds on
(arrays: leaf areas × years) and returns its own counts by Merkmal. The order of the steps and of the
draws within them is part of the demo data: changing it changes every committed file in ``data/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .region import REGION_KEY, SEED, YEARS, DemoRegion, Leaf

Counts = dict[str, np.ndarray]  # Merkmal → integer counts, leaf areas (rows) × years (columns)


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
BABY_BOOM = _series([0.0, 0.0005, 0.001, 0.0015, 0.002, 0.0018, 0.0015, 0.0012, 0.001, 0.0008, 0.0, -0.0005])
YEAR = np.arange(len(YEARS))[None, :]  # year index as a row (0 = 2012), broadcast over the areas

# Age structure: base shares shifted by the area's age profile, ageing over time.
_AGE_GROUPS = ("ew_u3", "ew_3_6", "ew_6_15", "ew_15_18", "ew_18_25", "ew_25_45", "ew_45_65", "ew_65_80", "ew_80plus")
_AGE_BASE = np.array([0.029, 0.028, 0.078, 0.027, 0.075, 0.262, 0.283, 0.160, 0.058])
_AGE_SHIFT = np.array([-0.004, -0.004, -0.010, -0.003, -0.004, -0.020, 0.004, 0.025, 0.016])
_AGEING = np.array([0.0002, 0.0001, 0.0, -0.0003, -0.0008, -0.0004, -0.0010, 0.0012, 0.0010])


@dataclass(frozen=True)
class Traits:
    """The leaf areas' traits as columns (areas × 1), so that they broadcast over the years."""

    deprivation: np.ndarray
    age: np.ndarray
    growth: np.ndarray
    shelter: np.ndarray  # refugee housing
    urban: np.ndarray  # 1.0 in the city, 0.0 in the towns
    population: np.ndarray  # one value per area (not a column): inhabitants at the end of the first year
    hectares: np.ndarray  # one value per area

    @classmethod
    def of(cls, leaves: list[Leaf]) -> "Traits":
        def column(values, dtype=None) -> np.ndarray:
            return np.array(values, dtype=dtype)[:, None]

        return cls(column([leaf.deprivation for leaf in leaves]), column([leaf.age for leaf in leaves]),
                   column([leaf.growth for leaf in leaves]), column([leaf.shelter for leaf in leaves]),
                   column([leaf.urban for leaf in leaves], float),
                   np.array([leaf.population for leaf in leaves], dtype=float),
                   np.array([leaf.hectares for leaf in leaves]))


@dataclass(frozen=True)
class AgeBands:
    """Sums of age groups that the rates apply to."""

    u15: np.ndarray
    u18: np.ndarray
    a15_65: np.ndarray
    a18_65: np.ndarray
    u65: np.ndarray
    a65: np.ndarray

    @classmethod
    def of(cls, c: Mapping[str, np.ndarray]) -> "AgeBands":
        u15 = c["ew_u3"] + c["ew_3_6"] + c["ew_6_15"]
        u18 = u15 + c["ew_15_18"]
        a18_65 = c["ew_18_25"] + c["ew_25_45"] + c["ew_45_65"]
        return cls(u15, u18, c["ew_15_18"] + c["ew_18_25"] + c["ew_25_45"] + c["ew_45_65"], a18_65, u18 + a18_65,
                   c["ew_65_80"] + c["ew_80plus"])


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


def _poisson(rng: np.random.Generator, mean) -> np.ndarray:
    return rng.poisson(np.maximum(mean, 0)).astype(np.int64)


def _binom(rng: np.random.Generator, n_, p) -> np.ndarray:
    return rng.binomial(np.maximum(n_, 0).astype(np.int64), np.clip(p, 0, 1)).astype(np.int64)


def simulate(leaves: list[Leaf], seed: int = SEED) -> Counts:
    """Counts per leaf area (rows) and year (columns) for every delivered Merkmal."""
    rng = np.random.default_rng(seed)
    a = Traits.of(leaves)
    ew, before = _population(rng, a)
    c = _age_structure(rng, a, ew)
    c["ew_insgesamt"] = ew
    bands = AgeBands.of(c)
    structure, foreign_share = _sex_and_citizenship(rng, a, ew, bands.u18)
    c.update(structure)
    c.update(_movements(rng, a, ew, before))
    c.update(_households(rng, a, ew, bands.u18))
    c.update(_housing(rng, a, c["haushalte"]))
    c.update(_labour_market(rng, a, bands.a15_65, foreign_share))
    c.update(_sgb2(rng, a, c, bands, foreign_share))
    c.update(_other_benefits(rng, a, c, bands))
    c.update(_children_and_education(rng, a, c, bands.u18))
    c.update(_health(rng, a, c, bands))
    return c


def _population(rng: np.random.Generator, a: Traits) -> tuple[np.ndarray, np.ndarray]:
    """Inhabitants per area and year (trend, immigration waves – more where refugees are housed –, small
    noise), and per area in the year before the first (for the migration balance)."""
    n, t = len(a.population), len(YEARS)
    rate = a.growth + IMMIGRATION[None, :] * (0.4 + 0.6 * a.shelter) + rng.normal(0, 0.002, (n, t))
    rate[:, 8] -= 0.003  # 2020: less migration during the pandemic
    population = np.empty((n, t))
    prev = a.population / (1 + rate[:, 0])
    before = np.round(prev).astype(np.int64)
    for j in range(t):
        prev = prev * (1 + rate[:, j])
        population[:, j] = prev
    return np.round(population).astype(np.int64), before


def _age_structure(rng: np.random.Generator, a: Traits, ew: np.ndarray) -> Counts:
    """The inhabitants split into the nine age groups (adding up to the total)."""
    n, t = ew.shape
    age_groups = np.empty((n, t, len(_AGE_GROUPS)), dtype=np.int64)
    young_city = (a.urban * 0.012)[:, :, None]  # students and young adults in the city
    for j in range(t):
        shares = _AGE_BASE[None, :] + a.age[:, 0, None] * _AGE_SHIFT[None, :] + j * _AGEING[None, :]
        shares[:, 0] += BABY_BOOM[j]
        shares[:, 5] += young_city[:, 0, 0] * 1.5
        shares[:, 4] += young_city[:, 0, 0]
        shares[:, 7] -= young_city[:, 0, 0] * 1.5
        shares = np.clip(shares + rng.normal(0, 0.0008, shares.shape), 0.004, None)
        age_groups[:, j, :] = _allocate(ew[:, j], shares)
    return {name: age_groups[:, :, i] for i, name in enumerate(_AGE_GROUPS)}


def _sex_and_citizenship(rng: np.random.Generator, a: Traits, ew: np.ndarray, u18: np.ndarray
                         ) -> tuple[Counts, np.ndarray]:
    """Women and foreigners (all, under 18); also the foreigners' share, which later steps build on."""
    dep, shelter, urban = a.deprivation, a.shelter, a.urban
    c = {"ew_weiblich": _binom(rng, ew, 0.508 + 0.004 * a.age)}
    foreign_share = np.clip(0.07 + 0.045 * dep + 0.06 * urban + np.cumsum(IMMIGRATION, axis=0)[None, :] * 1.1
                            * (0.5 + 0.5 * shelter) + 0.002 * YEAR, 0.01, 0.6)
    c["ew_nichtdeutsch"] = _binom(rng, ew, foreign_share)
    c["ew_nichtdeutsch_u18"] = np.minimum(_binom(rng, u18, foreign_share * 1.15), c["ew_nichtdeutsch"])
    return c, foreign_share


def _movements(rng: np.random.Generator, a: Traits, ew: np.ndarray, before: np.ndarray) -> Counts:
    """Natural movement and migration, consistent with the change in population."""
    dep, age, urban, yr = a.deprivation, a.age, a.urban, YEAR
    births = _poisson(rng, ew * (0.0095 + 0.0015 * dep - 0.0012 * age + BABY_BOOM[None, :] * 0.8))
    deaths = _poisson(rng, ew * (0.0105 + 0.0035 * age) + 0.0004 * ew * (yr >= 8))
    mobility = 0.055 + 0.04 * urban + 0.01 * dep
    inflow = _poisson(rng, ew * (mobility + IMMIGRATION[None, :] * (0.5 + 0.5 * a.shelter)))
    previous = np.concatenate([before[:, None], ew[:, :-1]], axis=1)
    outflow = previous + births - deaths + inflow - ew
    shortfall = np.maximum(0, -outflow)
    return {"geburten": births, "sterbefaelle": deaths, "zuzuege": inflow + shortfall,
            "fortzuege": outflow + shortfall}


def _households(rng: np.random.Generator, a: Traits, ew: np.ndarray, u18: np.ndarray) -> Counts:
    """Households: all, with children, single parents, one person."""
    dep, age, urban, yr = a.deprivation, a.age, a.urban, YEAR
    size = np.clip(2.05 - 0.28 * urban + 0.06 * (-age) - 0.004 * yr + rng.normal(0, 0.01, (len(ew), 1)), 1.55, 2.6)
    hh = np.round(ew / size).astype(np.int64)
    with_children = np.minimum(_binom(rng, hh, 0.155 + 0.02 * (-age) - 0.025 * urban + 0.01 * dep),
                               np.maximum(u18, 0))
    return {"haushalte": hh, "haushalte_kinder": with_children,
            "haushalte_alleinerziehend": _binom(rng, with_children, 0.17 + 0.04 * dep + 0.03 * urban),
            "haushalte_einpersonen": _binom(rng, hh, 0.36 + 0.12 * urban + 0.02 * age)}


def _housing(rng: np.random.Generator, a: Traits, hh: np.ndarray) -> Counts:
    """Housing stock (completions follow demand with a lag, demolitions are small), social housing, floor
    space, area."""
    dep, age, urban, yr = a.deprivation, a.age, a.urban, YEAR
    n, t = hh.shape
    dwellings = np.empty((n, t), dtype=np.int64)
    completions = np.empty((n, t), dtype=np.int64)
    stock = np.round(hh[:, 0] * (1.02 + 0.02 * rng.random(n))).astype(np.int64)
    for j in range(t):
        demand = np.clip(hh[:, j] * 1.03 - stock, 0, None)
        completions[:, j] = _poisson(rng, stock * (0.0035 + 0.004 * np.clip(a.growth[:, 0], 0, None) * 100 / 100)
                                     + demand * 0.25)
        stock = stock + completions[:, j] - _poisson(rng, stock * 0.0008)
        dwellings[:, j] = stock
    social0 = np.clip(0.05 + 0.03 * dep + 0.02 * urban, 0.005, 0.2)
    social_share = social0 * np.power(0.968, yr) + 0.002 * np.maximum(yr - 7, 0) * urban
    return {"wohnungen": dwellings, "neubau_wohnungen": completions,
            "sozialwohnungen": _binom(rng, dwellings, social_share),
            "wohnflaeche": np.round(dwellings * (88 - 18 * urban + 2 * age - 3 * dep + 0.25 * yr)).astype(np.int64),
            "flaeche_ha": np.repeat(a.hectares[:, None], t, axis=1)}


def _labour_market(rng: np.random.Generator, a: Traits, a15_65: np.ndarray, foreign_share: np.ndarray) -> Counts:
    """Unemployed (annual averages) and employees subject to social insurance at their place of residence."""
    dep, yr = a.deprivation, YEAR
    alo_rate = np.clip(0.048 * np.exp(0.42 * dep) * (1 + 0.15 * a.urban), 0.01, 0.25) * ALO_TREND[None, :]
    alo_rate = alo_rate * (1 + 0.12 * a.shelter * REFUGEE_SGB2[None, :] * 0.5)
    alo = _binom(rng, a15_65, alo_rate)
    c = {"alo_insgesamt": alo,
         "alo_langzeit": _binom(rng, alo, np.clip(0.36 + 0.03 * dep - 0.006 * np.minimum(yr, 7)
                                                  + 0.05 * (yr >= 9) - 0.015 * (yr >= 11), 0.15, 0.6)),
         "alo_u25": _binom(rng, alo, 0.09 - 0.01 * a.age),
         "alo_frauen": _binom(rng, alo, 0.44),
         "alo_nichtdeutsch": _binom(rng, alo, np.clip(foreign_share * 1.9, 0, 0.9))}
    svb_rate = np.clip(0.56 - 0.045 * dep + 0.006 * np.minimum(yr, 7) + 0.004 * np.maximum(yr - 8, 0), 0.3, 0.75)
    c["svb_wohnort"] = _binom(rng, a15_65, svb_rate)
    c["svb_wohnort_frauen"] = _binom(rng, c["svb_wohnort"], 0.465)
    return c


def _sgb2(rng: np.random.Generator, a: Traits, c: Mapping[str, np.ndarray], bands: AgeBands,
          foreign_share: np.ndarray) -> Counts:
    """SGB II: beneficiaries (all, under 15, able to work, foreigners), the unemployed among them,
    Bedarfsgemeinschaften (all, with children, single parents)."""
    dep, shelter, yr = a.deprivation, a.shelter, YEAR
    quota = np.clip(0.082 * np.exp(0.55 * dep) * (1 + 0.2 * a.urban), 0.006, 0.42) * SGB2_TREND[None, :]
    quota = quota + 0.012 * shelter * REFUGEE_SGB2[None, :] + 0.007 * (0.5 + shelter) * UKRAINE_SGB2[None, :]
    lb = _binom(rng, bands.u65, quota)
    child_quota = np.clip(quota * (1.75 + 0.1 * dep), 0, 0.7)
    lb_u15 = np.minimum(_binom(rng, bands.u15, child_quota), np.round(lb * 0.45).astype(np.int64))
    nef_other = np.round(lb * 0.02).astype(np.int64)
    elb = lb - lb_u15 - nef_other
    sgb2_part = np.clip(0.60 + 0.07 * dep + 0.03 * REFUGEE_SGB2[None, :] - 0.06 * (yr == 8), 0.3, 0.9)
    sgb2_alo = np.minimum(_binom(rng, c["alo_insgesamt"], sgb2_part), elb)
    foreign_lb_share = np.clip(foreign_share * 2.1 + 0.08 * REFUGEE_SGB2[None, :] + 0.06 * UKRAINE_SGB2[None, :],
                               0.02, 0.85)
    out = {"sgb2_lb": lb, "sgb2_lb_u15": lb_u15, "sgb2_elb": elb, "alo_sgb2": sgb2_alo,
           "alo_sgb3": c["alo_insgesamt"] - sgb2_alo,
           "sgb2_lb_nichtdeutsch": np.minimum(_binom(rng, lb, foreign_lb_share), c["ew_nichtdeutsch"])}
    bg = np.round(lb / np.clip(1.85 + 0.08 * dep, 1.5, 2.3)).astype(np.int64)
    out["sgb2_bg"] = bg
    out["sgb2_bg_kinder"] = np.minimum(_binom(rng, bg, 0.33 + 0.03 * dep), c["haushalte_kinder"])
    out["sgb2_bg_alleinerziehend"] = np.minimum(_binom(rng, out["sgb2_bg_kinder"], 0.52),
                                                c["haushalte_alleinerziehend"])
    return out


def _other_benefits(rng: np.random.Generator, a: Traits, c: Mapping[str, np.ndarray], bands: AgeBands) -> Counts:
    """SGB XII, AsylbLG, Wohngeld."""
    dep, urban, yr, ew = a.deprivation, a.urban, YEAR, c["ew_insgesamt"]
    return {
        "sgb12_gsa": _binom(rng, bands.a65, np.clip(0.030 * np.exp(0.45 * dep) * (1 + 0.3 * urban)
                                                    * (1 + 0.035 * yr), 0, 0.3)),
        "sgb12_gsem": _binom(rng, bands.a18_65, np.clip(0.0085 * np.exp(0.3 * dep) * (1 + 0.01 * yr), 0, 0.1)),
        "sgb12_hlu": _poisson(rng, ew * 0.0011 * np.exp(0.3 * dep)),
        "asylblg": _poisson(rng, ew * 0.004 * (0.3 + a.shelter) * ASYL_TREND[None, :]),
        "wohngeld_hh": _binom(rng, c["haushalte"], np.clip(0.013 * np.exp(0.3 * dep) * WOHNGELD_TREND[None, :],
                                                           0, 0.2)),
    }


def _children_and_education(rng: np.random.Generator, a: Traits, c: Mapping[str, np.ndarray],
                            u18: np.ndarray) -> Counts:
    """Day care (places, children), pupils, school entry examinations, youth welfare."""
    dep, yr, n = a.deprivation, YEAR, len(u18)
    krippe_rate = np.clip(0.27 + 0.017 * yr - 0.03 * dep + 0.04 * a.urban + rng.normal(0, 0.02, (n, 1)), 0.1, 0.75)
    out = {"krippe_plaetze": _poisson(rng, c["ew_u3"] * krippe_rate)}
    out["krippe_kinder"] = np.minimum(_binom(rng, out["krippe_plaetze"], 0.95), c["ew_u3"])
    kita_rate = np.clip(0.92 + 0.006 * yr + rng.normal(0, 0.03, (n, 1)), 0.75, 1.15)
    out["kita_plaetze"] = _poisson(rng, c["ew_3_6"] * kita_rate)
    out["kita_kinder"] = np.minimum(_binom(rng, out["kita_plaetze"], 0.955), c["ew_3_6"])
    out["schueler"] = c["ew_6_15"] + _binom(rng, c["ew_15_18"], 0.55)
    out["schueler_foerderbedarf"] = _binom(rng, out["schueler"], np.clip(0.046 + 0.01 * dep - 0.0008 * yr, 0.01, 0.2))
    out["schuleingang_untersucht"] = _binom(rng, c["ew_3_6"], 0.33)
    out["schuleingang_sprachfoerderung"] = _binom(rng, out["schuleingang_untersucht"],
                                                  np.clip(0.17 + 0.07 * dep + 0.04 * (yr >= 9), 0.02, 0.7))
    out["hze_faelle"] = _poisson(rng, u18 * 0.026 * np.exp(0.4 * dep) * (1 + 0.012 * yr))
    out["kwg_verfahren"] = _poisson(rng, u18 * 0.0065 * np.exp(0.3 * dep) * (1 + 0.05 * yr))
    return out


def _health(rng: np.random.Generator, a: Traits, c: Mapping[str, np.ndarray], bands: AgeBands) -> Counts:
    """Clients of the social psychiatric service, people in need of care."""
    yr = YEAR
    care = c["ew_65_80"] * 0.065 + c["ew_80plus"] * 0.31 + (bands.u65) * 0.006
    return {"spdi_klienten": _poisson(rng, (bands.a18_65 + bands.a65) * 0.0042 * np.exp(0.3 * a.deprivation)),
            "pflegebeduerftige": np.minimum(_poisson(rng, care * (1 + 0.16 * (yr >= 5)) * (1 + 0.02 * yr)),
                                            c["ew_insgesamt"])}


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


def deliveries(region: DemoRegion, counts: dict[str, np.ndarray], seed: int = SEED):
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
