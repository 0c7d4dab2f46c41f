"""Seeded, internally consistent counts for the demo region's areas, 2012–2023.

The counts follow the trends of German municipal statistics: refugee immigration in 2015/16 moving into
SGB II in 2016/17, falling SGB II and unemployment until 2019, the rise in unemployment in 2020, arrivals
from Ukraine in 2022 moving into SGB II, the Wohngeld reforms of 2016, 2020 and 2023. Age groups add up
to the total, parts never exceed their totals, births, deaths and migration add up to the change in
population.
"""

from __future__ import annotations

import numpy as np

from .region import REGION_KEY, SEED, YEARS, DemoRegion, Leaf

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
