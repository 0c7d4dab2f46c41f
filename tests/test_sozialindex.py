"""Sozialindex: method, boundaries, settings parser and the ``berichte sozialindex`` command.

Every expected value is worked out by hand in the comments. How values are compared:
- data built so that every intermediate value is a small binary fraction (e.g. 13, 7, 12, … → mean 10,
  SD 2, z = 1.5, −1.5, 1, …) are compared with ``==``: the float result is exact;
- irrational results (√2, √3, …) are compared with ``pytest.approx(rel=1e-12)``;
- classes near a threshold are tested on purpose with values 2e-9 beside it (beyond the documented
  tolerance of 1e-9) and with values a few ulps beside it (inside the tolerance, "on" the threshold).
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from berichte.cli import main
from berichte.problems import Problems
from berichte.compute.sozialindex import classify_dynamics, classify_status, compute_sozialindex, standardise
from berichte.load.sozialindex_config import (BOUNDARY_TOLERANCE, GESAMT_GRUPPEN, SozialindexConfig, SozialindexError,
                                             indicators_from_names, parse_sozialindex_settings)
from berichte.load.yamlfiles import load_yaml

R2, R3 = math.sqrt(2), math.sqrt(3)


def config(status=(), dynamik=(), weights=None, **kwargs) -> SozialindexConfig:
    return SozialindexConfig(status=indicators_from_names(status, weights),
                             dynamics=indicators_from_names(dynamik, weights), **kwargs)


def frame(keys=None, **columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    keys = keys or [f"0{i + 1}" for i in range(n)]
    return pd.DataFrame(columns, index=pd.Index(keys, name="schluessel"), dtype="float64")


# --- z-values, sums, indices ---------------------------------------------------------------------------

def test_z_values_population_sd_one_indicator():
    # a = 2, 4, 4, 6: mean 4; deviations −2, 0, 0, 2; squares 4, 0, 0, 4 → variance 8/4 = 2 (divisor n),
    # SD √2 → z = −√2, 0, 0, √2. One indicator: sum = z; its mean is 0 and its SD √((2+0+0+2)/4) = 1,
    # so the index equals z. Classes: −1.414 < −1 → hoch; 0 → mittel; 1 < 1.414 ≤ 1.5 → niedrig.
    result = compute_sozialindex(frame(a=[2, 4, 4, 6]), config(["a"]))
    assert result["z_status_a"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    assert result["status_summe"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    assert result["status_index"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    assert result["status_klasse"].tolist() == ["hoch", "mittel", "mittel", "niedrig"]
    assert result["besonderer_aufmerksamkeitsbedarf"].tolist() == [False, False, False, True]
    assert result["bewertet"].all() and (result["grund"] == "").all()


def test_two_indicators_sum_is_standardised_again():
    # z_a = −√2, 0, 0, √2 (as above). b = 1, 1, 3, 3: mean 2, deviations ±1, SD 1 → z_b = −1, −1, 1, 1.
    # Sum = −(1+√2), −1, 1, 1+√2; mean 0; squares (1+√2)² = 3+2√2, 1, 1, 3+2√2
    # → variance (8+4√2)/4 = 2+√2.
    # Index = sum / √(2+√2): −1.30656, −0.54120, 0.54120, 1.30656 → hoch, mittel, mittel, niedrig.
    result = compute_sozialindex(frame(a=[2, 4, 4, 6], b=[1, 1, 3, 3]), config(["a", "b"]))
    assert result["z_status_b"].tolist() == [-1.0, -1.0, 1.0, 1.0]
    sums = [-(1 + R2), -1, 1, 1 + R2]
    assert result["status_summe"].tolist() == pytest.approx(sums, rel=1e-12)
    sd = math.sqrt(2 + R2)
    assert result["status_index"].tolist() == pytest.approx([s / sd for s in sums], rel=1e-12)
    assert result["status_index"].iloc[0] == pytest.approx(-1.3065629648763766, rel=1e-12)
    assert result["status_klasse"].tolist() == ["hoch", "mittel", "mittel", "niedrig"]


def test_weights():
    # Weight 2 on a: sum = 2·z_a + z_b = −(1+2√2), −1, 1, 1+2√2; squares (1+2√2)² = 9+4√2, 1, 1, 9+4√2
    # → variance (20+8√2)/4 = 5+2√2, index = sum / √(5+2√2): ±1.36831, ±0.35741.
    result = compute_sozialindex(frame(a=[2, 4, 4, 6], b=[1, 1, 3, 3]), config(["a", "b"], weights={"a": 2}))
    sums = [-(1 + 2 * R2), -1, 1, 1 + 2 * R2]
    assert result["status_summe"].tolist() == pytest.approx(sums, rel=1e-12)
    sd = math.sqrt(5 + 2 * R2)
    assert result["status_index"].tolist() == pytest.approx([s / sd for s in sums], rel=1e-12)
    # z columns stay unweighted
    assert result["z_status_a"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)


def test_weights_can_change_the_class():
    # Area 4 is an outlier in a only: a = 0, 0, 0, 1 → mean 1/4, SD √(3/16) = √3/4, z_a = −1/√3 (×3), √3.
    # b = 0, 2, 2, 0 → z_b = −1, 1, 1, −1.
    # Equal weights: sum = −1/√3−1, 1−1/√3, 1−1/√3, √3−1
    #   = −1.57735, 0.42265, 0.42265, 0.73205; mean 0;
    #   variance = (2.48803 + 2·0.17863 + 0.53590)/4 = 0.84530 → index of area 4 = 0.73205/0.91940 = 0.79623
    #   → mittel.
    # Weight 3 on a: sum = −√3−1, 1−√3, 1−√3, 3√3−1
    #   = −2.73205, −0.73205, −0.73205, 4.19615; variance
    #   (7.46410 + 2·0.53590 + 17.60770)/4 = 6.53590 → index of area 4 = 4.19615/2.55654 = 1.64134
    #   → sehr niedrig.
    data = frame(a=[0, 0, 0, 1], b=[0, 2, 2, 0])
    equal = compute_sozialindex(data, config(["a", "b"]))
    weighted = compute_sozialindex(data, config(["a", "b"], weights={"a": 3}))
    s = [-1 / R3 - 1, 1 - 1 / R3, 1 - 1 / R3, R3 - 1]
    assert equal["status_index"].iloc[3] == pytest.approx(s[3] / math.sqrt(sum(x * x for x in s) / 4), rel=1e-12)
    assert equal["status_index"].iloc[3] == pytest.approx(0.79623, abs=1e-5)
    assert equal["status_klasse"].iloc[3] == "mittel"
    w = [-R3 - 1, 1 - R3, 1 - R3, 3 * R3 - 1]
    assert weighted["status_index"].iloc[3] == pytest.approx(w[3] / math.sqrt(sum(x * x for x in w) / 4), rel=1e-12)
    assert weighted["status_index"].iloc[3] == pytest.approx(1.64134, abs=1e-5)
    assert weighted["status_klasse"].iloc[3] == "sehr niedrig"


def test_flipped_polarity():
    # "-a": a higher value is favourable, so z = −(z of a) = √2, 0, 0, −√2 → niedrig, …, hoch.
    flipped = compute_sozialindex(frame(a=[2, 4, 4, 6]), config(["-a"]))
    assert flipped["z_status_a"].tolist() == pytest.approx([R2, 0, 0, -R2], rel=1e-12)
    assert flipped["status_klasse"].tolist() == ["niedrig", "mittel", "mittel", "hoch"]
    negated = compute_sozialindex(frame(a=[-2, -4, -4, -6]), config(["a"]))
    pd.testing.assert_series_equal(flipped["status_index"], negated["status_index"])
    assert indicators_from_names(["−a"])[0].flipped  # typographic minus sign works, too


def test_single_outlier_has_z_root_n_minus_one():
    # One area at 1, the others at 0: z of the outlier = √(n−1), the others −1/√(n−1).
    # n = 3: √2 = 1.414 → niedrig; n = 4: √3 = 1.732 → sehr niedrig.
    three = compute_sozialindex(frame(a=[0, 0, 1]), config(["a"]))
    four = compute_sozialindex(frame(a=[0, 0, 0, 1]), config(["a"]))
    assert three["status_index"].tolist() == pytest.approx([-1 / R2, -1 / R2, R2], rel=1e-12)
    assert four["status_index"].tolist() == pytest.approx([-1 / R3] * 3 + [R3], rel=1e-12)
    assert three["status_klasse"].tolist()[-1] == "niedrig"
    assert four["status_klasse"].tolist() == ["mittel"] * 3 + ["sehr niedrig"]


# --- boundaries --------------------------------------------------------------------------------------

NINE = [13, 7, 12, 8, 12, 8, 11, 9, 10]
# mean 90/9 = 10; deviations 3, −3, 2, −2, 2, −2, 1, −1, 0; squares sum 36 → variance 4, SD 2 (exact)
# → z = 1.5, −1.5, 1, −1, 1, −1, 0.5, −0.5, 0 exactly; the second standardisation keeps them
# (mean 0, variance (2·2.25 + 4·1 + 2·0.25)/9 = 1).
NINE_Z = [1.5, -1.5, 1.0, -1.0, 1.0, -1.0, 0.5, -0.5, 0.0]


def test_index_exactly_on_each_threshold():
    result = compute_sozialindex(frame(a=NINE, d=NINE), config(["a"], ["d"]))
    assert result["status_index"].tolist() == NINE_Z  # exact, not approx
    assert result["dynamik_index"].tolist() == NINE_Z
    # +1.5 → niedrig (not sehr niedrig), ±1 → mittel, −1.5 → hoch
    assert result["status_klasse"].tolist() == [
        "niedrig", "hoch", "mittel", "mittel", "mittel", "mittel", "mittel", "mittel", "mittel"]
    # ±1 → stabil; ±1.5 → negativ / positiv
    assert result["dynamik_klasse"].tolist() == [
        "negativ", "positiv", "stabil", "stabil", "stabil", "stabil", "stabil", "stabil", "stabil"]
    assert result["gesamt_gruppe"].tolist()[:3] == ["niedrig/negativ", "hoch/positiv", "mittel/stabil"]
    assert result["gesamt_kuerzel"].tolist()[:3] == ["3 -", "1 +", "2 +/-"]


def test_minus_one_and_plus_one_exactly_from_data():
    # 0, 0, 2, 2: mean 1, deviations ±1, SD 1 → index −1, −1, 1, 1 exactly → all mittel / stabil.
    result = compute_sozialindex(frame(a=[0, 0, 2, 2], d=[0, 0, 2, 2]), config(["a"], ["d"]))
    assert result["status_index"].tolist() == [-1.0, -1.0, 1.0, 1.0]
    assert result["status_klasse"].tolist() == ["mittel"] * 4
    assert result["dynamik_klasse"].tolist() == ["stabil"] * 4
    assert not result["besonderer_aufmerksamkeitsbedarf"].any()


def test_float_noise_on_a_threshold_counts_as_on_it():
    # 0.1, 0.1, 0.3, 0.3 and 0.7, 0.7, 0.9, 0.9 are mathematically −1, −1, 1, 1 after standardising, but
    # floating point gives values a few ulps off (e.g. −1.0000000000000002, 1.0000000000000004). Within the
    # tolerance they count as on the threshold: mittel, not hoch / niedrig.
    for values in ([0.1, 0.1, 0.3, 0.3], [0.7, 0.7, 0.9, 0.9], [1.1, 1.1, 1.3, 1.3]):
        result = compute_sozialindex(frame(a=values, d=values), config(["a"], ["d"]))
        assert result["status_index"].tolist() == pytest.approx([-1, -1, 1, 1], abs=1e-14)
        assert result["status_klasse"].tolist() == ["mittel"] * 4
        assert result["dynamik_klasse"].tolist() == ["stabil"] * 4


def test_classes_near_each_threshold():
    eps = 2 * BOUNDARY_TOLERANCE  # beyond the tolerance: really beside the threshold
    ulp = lambda x, direction: float(np.nextafter(x, direction))  # noqa: E731 - inside the tolerance
    values = [-1 - eps, ulp(-1, -2), -1.0, ulp(-1, 0), -1 + eps,
              1 - eps, ulp(1, 0), 1.0, ulp(1, 2), 1 + eps,
              1.5 - eps, ulp(1.5, 0), 1.5, ulp(1.5, 2), 1.5 + eps, float("nan")]
    assert classify_status(values).tolist() == [
        "hoch", "mittel", "mittel", "mittel", "mittel",
        "mittel", "mittel", "mittel", "mittel", "niedrig",
        "niedrig", "niedrig", "niedrig", "niedrig", "sehr niedrig", np.nan]
    dyn = [-1 - eps, -1.0, -1 + eps, 1 - eps, 1.0, ulp(1, 2), 1 + eps]
    assert classify_dynamics(dyn).tolist() == ["positiv", "stabil", "stabil", "stabil", "stabil", "stabil", "negativ"]


def test_configured_thresholds_and_labels():
    cfg = config(["a"], status_thresholds=(-0.5, 0.5, 1.0), status_labels=("A", "B", "C", "D"))
    result = compute_sozialindex(frame(a=NINE), cfg)
    # z = 1.5 → D; −1.5 → A; 1 → on t3 → C; −1 → A; 0.5 → on t2 → B; −0.5 → on t1 → B; 0 → B
    assert result["status_klasse"].tolist() == ["D", "A", "C", "A", "C", "A", "B", "B", "B"]
    assert result["besonderer_aufmerksamkeitsbedarf"].tolist() == [True, False, True, False, True,
                                                                   False, False, False, False]


# --- Gesamtindex, attention, status-only and dynamics-only ------------------------------------------

def test_twelve_gesamt_groups_in_mss_order():
    assert len(GESAMT_GRUPPEN) == 12
    assert GESAMT_GRUPPEN[0] == ("1 +", "hoch/positiv")
    assert GESAMT_GRUPPEN[4] == ("2 +/-", "mittel/stabil")
    assert GESAMT_GRUPPEN[11] == ("4 -", "sehr niedrig/negativ")


def test_gesamt_group_and_attention_flag():
    # status index = NINE_Z; dynamics index = reversed order of NINE_Z (0, −0.5, 0.5, −1, 1, −1, 1, −1.5, 1.5)
    result = compute_sozialindex(frame(a=NINE, d=NINE[::-1]), config(["a"], ["d"]))
    assert result["dynamik_index"].tolist() == NINE_Z[::-1]
    groups = result["gesamt_gruppe"].tolist()
    assert groups[0] == "niedrig/stabil"  # 1.5 / 0
    assert groups[7] == "mittel/positiv"  # −0.5 / −1.5
    assert groups[8] == "mittel/negativ"  # 0 / 1.5
    assert groups[1] == "hoch/stabil"  # −1.5 / −0.5
    flag = result["besonderer_aufmerksamkeitsbedarf"].tolist()
    assert flag[0] is True and flag[8] is True  # niedrig status; negativ dynamics
    assert flag[1] is False and flag[7] is False
    # flipped a = 0, 0, 0, 1: z = 1/√3 (×3), −√3 → area 4 has status hoch (−1.732);
    # d = 0, 0, 0, 1: z = −1/√3 (×3), √3 → area 4 has dynamics negativ (1.732): "hoch/negativ", flagged
    # (negative dynamics alone is enough); the others are mittel/stabil (±0.577).
    hoch_negativ = compute_sozialindex(frame(a=[0, 0, 0, 1], d=[0, 0, 0, 1]), config(["-a"], ["d"]))
    assert hoch_negativ["gesamt_gruppe"].tolist() == ["mittel/stabil"] * 3 + ["hoch/negativ"]
    assert hoch_negativ["gesamt_kuerzel"].iloc[3] == "1 -"
    assert hoch_negativ["besonderer_aufmerksamkeitsbedarf"].tolist() == [False, False, False, True]


def test_status_only_and_dynamics_only():
    status = compute_sozialindex(frame(a=[2, 4, 4, 6]), config(["a"]))
    assert status["dynamik_index"].isna().all() and status["dynamik_klasse"].isna().all()
    assert status["gesamt_gruppe"].isna().all()
    dyn = compute_sozialindex(frame(d=NINE), config(dynamik=["d"]))
    assert dyn["status_index"].isna().all()
    assert dyn["dynamik_klasse"].tolist()[:2] == ["negativ", "positiv"]
    assert dyn["besonderer_aufmerksamkeitsbedarf"].tolist()[:2] == [True, False]


def test_dynamics_from_a_separate_frame_with_same_ids():
    # The engine passes the level values and the changes as two frames whose columns share the ids.
    levels = frame(a=[2, 4, 4, 6])
    changes = frame(a=NINE[:4])  # 13, 7, 12, 8: mean 10, squares 9+9+4+4 = 26 → SD √6.5
    result = compute_sozialindex(levels, config(["a"], ["a"]), dynamics=changes)
    assert result["z_status_a"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    sd = math.sqrt(6.5)
    assert result["z_dynamik_a"].tolist() == pytest.approx([3 / sd, -3 / sd, 2 / sd, -2 / sd], rel=1e-12)


# --- unscored areas --------------------------------------------------------------------------------

def test_missing_values_are_not_scored_and_do_not_count():
    # Area 05 lacks a, area 06 lacks the change d: both are listed but not scored; the z-values of the
    # other four are those of 2, 4, 4, 6 alone (−√2, 0, 0, √2).
    data = frame(a=[2, 4, 4, 6, np.nan, 5], d=[1, 1, 3, 3, 2, np.nan])
    result = compute_sozialindex(data, config(["a"], ["d"]))
    assert result["z_status_a"].tolist()[:4] == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    assert result["dynamik_index"].tolist()[:4] == [-1.0, -1.0, 1.0, 1.0]
    assert result["grund"].tolist()[4:] == ["Wert fehlt: a", "Veränderung fehlt: d"]
    assert result["bewertet"].tolist() == [True] * 4 + [False] * 2
    unscored = result.iloc[4:]
    assert unscored["status_index"].isna().all() and unscored["status_klasse"].isna().all()
    assert unscored["gesamt_gruppe"].isna().all()
    assert unscored["besonderer_aufmerksamkeitsbedarf"].isna().all()


def test_population_rule():
    # 300 is enough ("at least"), 299 is not; a missing population is a reason of its own; several
    # reasons are joined with "; ". Scored: 01–04 with a = 2, 4, 4, 6.
    data = frame(a=[2, 4, 4, 6, 9, 9, np.nan])
    population = pd.Series([1000, 300, 5000, 1200.0, 299, np.nan, 100], index=data.index)
    result = compute_sozialindex(data, config(["a"]), population=population)
    assert result["bewertet"].tolist() == [True] * 4 + [False] * 3
    assert result["grund"].tolist()[4:] == [
        "weniger als 300 Einwohnerinnen und Einwohner",
        "Einwohnerzahl fehlt",
        "weniger als 300 Einwohnerinnen und Einwohner; Wert fehlt: a",
    ]
    assert result["status_index"].tolist()[:4] == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    bigger = compute_sozialindex(data, config(["a"], min_population=1000), population=population)
    assert bigger["grund"].iloc[1] == "weniger als 1.000 Einwohnerinnen und Einwohner"
    no_rule = compute_sozialindex(data, config(["a"], min_population=None), population=population)
    assert no_rule["bewertet"].sum() == 6


def test_areas_missing_from_one_frame():
    levels = frame(a=[2, 4, 4, 6])
    changes = frame(keys=["01", "02", "03", "04", "09"], d=[1, 1, 3, 3, 0])
    result = compute_sozialindex(levels, config(["a"], ["d"]), dynamics=changes)
    assert result.index.tolist() == ["01", "02", "03", "04", "09"]
    assert result.loc["09", "grund"] == "Wert fehlt: a"


# --- errors and degenerate data -----------------------------------------------------------------------

def test_fewer_than_three_scorable_areas():
    pattern = r"Nur 2 von 4 Gebieten sind bewertbar.*mindestens 3.*Wert fehlt: a \(2×\)"
    with pytest.raises(SozialindexError, match=pattern):
        compute_sozialindex(frame(a=[1, 2, np.nan, np.nan]), config(["a"]))


def test_all_missing_column():
    with pytest.raises(SozialindexError, match="„b“ hat für kein Gebiet einen Wert"):
        compute_sozialindex(frame(a=[1, 2, 3], b=[np.nan] * 3), config(["a", "b"]))


def test_unknown_column_duplicate_keys_and_text():
    with pytest.raises(SozialindexError, match="„x“ fehlen die Werte; vorhanden sind: a"):
        compute_sozialindex(frame(a=[1, 2, 3]), config(["x"]))
    with pytest.raises(SozialindexError, match="mehrfach vor: 01"):
        compute_sozialindex(frame(keys=["01", "01", "02"], a=[1, 2, 3]), config(["a"]))
    text = pd.DataFrame({"a": ["1", "zwei", "3"]}, index=["01", "02", "03"])
    with pytest.raises(SozialindexError, match="keine Zahlen"):
        compute_sozialindex(text, config(["a"]))


def test_constant_indicator_gets_z_zero_and_a_note():
    # b is 0.1 everywhere (its float mean is not exactly 0.1, so naive z would be noise): z_b = 0,
    # the index is that of a alone.
    result = compute_sozialindex(frame(a=[2, 4, 4, 6], b=[0.1] * 4), config(["a", "b"]))
    assert result["z_status_b"].tolist() == [0.0] * 4
    assert result["status_index"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-12)
    assert any("„b“ hat in allen bewerteten Gebieten denselben Wert" in n for n in result.attrs["hinweise"])
    flat = compute_sozialindex(frame(a=[1, 1, 1]), config(["a"]))
    assert flat["status_index"].tolist() == [0.0] * 3
    assert flat["status_klasse"].tolist() == ["mittel"] * 3
    assert len(flat.attrs["hinweise"]) == 2  # indicator and sum


def test_standardise_is_population_sd():
    z, constant = standardise(pd.DataFrame({"x": [2.0, 4, 4, 4, 5, 5, 7, 9]}))
    # textbook example: mean 5, population SD 2 → z = −1.5, −0.5, −0.5, −0.5, 0, 0, 1, 2
    assert z["x"].tolist() == [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]
    assert constant == []


@pytest.mark.parametrize("kwargs, message", [
    ({"status_thresholds": (-1, 1.5, 1)}, "aufsteigend"),
    ({"dynamics_thresholds": (1, -1)}, "aufsteigend"),
    ({"status_thresholds": (-1, 1)}, "genau 3 Schwellen"),
    ({"status_labels": ("a", "a", "b", "c")}, "4 verschiedene Klassennamen"),
    ({"min_population": -1}, "0 oder größer"),
])
def test_config_errors(kwargs, message):
    with pytest.raises(SozialindexError, match=message):
        config(["a"], **kwargs)


def test_config_needs_indicators_and_positive_weights():
    with pytest.raises(SozialindexError, match="keine Kennzahl"):
        SozialindexConfig()
    with pytest.raises(SozialindexError, match="Gewicht von „a“"):
        config(["a"], weights={"a": 0})
    with pytest.raises(SozialindexError, match="doppelt"):
        config(["a", "-a"])


# --- the sozialindex: block of data/projekt.yml ------------------------------------------------------

KNOWN = ["arbeitslosenanteil_sgb2", "sgb2_quote", "kinderarmut", "altersarmut", "anteil_alleinerziehende",
         "beschaeftigtenquote"]


def parse_block(tmp_path, text: str):
    path = tmp_path / "projekt.yml"
    path.write_text("gebiet: Test\n" + text, encoding="utf-8")
    problems = Problems()
    raw = load_yaml(path, problems)
    return parse_sozialindex_settings(raw.get("sozialindex"), KNOWN, path, problems), problems


def test_settings_of_the_demo_project(demo_root):
    from berichte.load.catalogue import load_catalogue
    from berichte.load.merkmale import load_merkmale
    from berichte.load.settings import load_settings
    from berichte.load.sozialindex_config import config_from_settings

    problems = Problems()
    settings = load_settings(demo_root, problems)
    catalogue = load_catalogue(settings, load_merkmale(settings, problems), problems)
    cfg = config_from_settings(settings, [k.id for k in catalogue], problems)
    assert not problems.has_errors(), [str(p) for p in problems]
    assert [i.id for i in cfg.status] == ["arbeitslosenanteil_sgb2", "sgb2_quote", "kinderarmut", "altersarmut",
                                          "anteil_alleinerziehende"]
    assert len(cfg.dynamics) == 4 and cfg.years == 3 and cfg.min_population == 300
    assert cfg.status_thresholds == (-1.0, 1.0, 1.5) and cfg.dynamics_thresholds == (-1.0, 1.0)


def test_settings_full_shape(tmp_path):
    cfg, problems = parse_block(tmp_path, """
sozialindex:
  status: [sgb2_quote, kinderarmut, -beschaeftigtenquote]
  dynamik:
    - sgb2_quote
    - -beschaeftigtenquote
  jahre_dynamik: 2
  mindest_einwohner: 0
  gewichte: {kinderarmut: 2, beschaeftigtenquote: 0.5}
  schwellen: {status: [-1.5, 1, 2], dynamik: [-0.5, 0.5]}
  klassen: {status: [gut, durchschnittlich, belastet, stark belastet], dynamik: [besser, gleich, schlechter]}
""")
    assert not problems.has_errors(), [str(p) for p in problems]
    assert [(i.id, i.flipped, i.weight) for i in cfg.status] == [
        ("sgb2_quote", False, 1.0), ("kinderarmut", False, 2.0), ("beschaeftigtenquote", True, 0.5)]
    assert [(i.id, i.flipped) for i in cfg.dynamics] == [("sgb2_quote", False), ("beschaeftigtenquote", True)]
    assert cfg.min_population is None and cfg.years == 2
    assert cfg.status_thresholds == (-1.5, 1.0, 2.0) and cfg.dynamics_thresholds == (-0.5, 0.5)
    assert cfg.status_labels[3] == "stark belastet" and cfg.dynamics_labels[0] == "besser"


def test_settings_empty_block_means_no_index(tmp_path):
    cfg, problems = parse_block(tmp_path, "")
    assert cfg is None and len(problems) == 0


@pytest.mark.parametrize("block, line, expected", [
    ("sozialindex:\n  status: [sgb2_quote]\n  schwelle: 1\n", 4, "unbekanntes Feld „schwelle“"),
    ("sozialindex:\n  status: [sgb2_quote, kinderarmutt]\n", 3, "unbekannte Kennzahl „kinderarmutt“"),
    ("sozialindex:\n  status: [sgb2_quote]\n  jahre_dynamik: drei\n", 4, "„jahre_dynamik“ muss eine ganze Zahl"),
    ("sozialindex:\n  status: [sgb2_quote]\n  mindest_einwohner: -5\n", 4, "zwischen 0 und"),
    ("sozialindex:\n  status: sgb2_quote\n", 3, "muss eine Liste"),
    ("sozialindex:\n  status: [sgb2_quote, sgb2_quote]\n", 3, "doppelt"),
    ("sozialindex:\n  status: [sgb2_quote, 12]\n", 3, "kein Kennzahlname"),
    ("sozialindex:\n  status: [sgb2_quote]\n  gewichte: {kinderarmut: 2}\n", 4, "weder unter „status“"),
    ("sozialindex:\n  status: [sgb2_quote]\n  gewichte:\n    sgb2_quote: -1\n", 5, "größer als 0"),
    ("sozialindex:\n  status: [sgb2_quote]\n  schwellen:\n    status: [-1, 1.5, 1]\n", 5, "aufsteigend"),
    ("sozialindex:\n  status: [sgb2_quote]\n  schwellen:\n    dynamik: [-1]\n", 5, "genau 2 Zahlen"),
    ("sozialindex:\n  status: [sgb2_quote]\n  schwellen: {status: [-1, 1, 1.5], stadt: 1}\n", 4,
     "unbekanntes Feld „stadt“"),
    ("sozialindex:\n  status: [sgb2_quote]\n  klassen: {dynamik: [a, b]}\n", 4, "genau 3 verschiedene"),
    ("sozialindex:\n  jahre_dynamik: 3\n", 3, "mindestens eine Kennzahl"),  # the block starts there
])
def test_settings_errors_name_file_line_key_value(tmp_path, block, line, expected):
    cfg, problems = parse_block(tmp_path, block)
    assert cfg is None
    messages = [str(p) for p in problems.errors]
    hit = [m for m in messages if expected in m]
    assert hit, messages
    assert "projekt.yml" in hit[0] and f"Zeile {line}" in hit[0]


def test_settings_error_suggests_the_known_id(tmp_path):
    _, problems = parse_block(tmp_path, "sozialindex:\n  status: [kinderarmutt]\n")
    problem = problems.errors[0]
    assert "Gemeint ist vielleicht „kinderarmut“" in problem.message
    assert problem.column == "sozialindex.status" and problem.value == "kinderarmutt"


# --- the command ---------------------------------------------------------------------------------------

# Leading-zero keys, ";" and decimal comma, German thousands in the population, Windows-1252 (ä, ü).
INPUT_SEMICOLON = """\
Planungsraum;Name;Einwohner;Arbeitslose;Kinderarmut;Veränderung Arbeitslose
01011101;Nord;1.200;13,0;20,5;0,5
01011102;Süd;800;7,0;10,5;-0,2
01011103;Ost;250;12,0;30,0;1,1
01011104;West;5.000;8,0;;0,0
01011105;Mitte;700;12,0;25,5;0,3
01011106;Hafen;900;8,0;15,0;-0,4
"""


def write_input(tmp_path, text=INPUT_SEMICOLON, encoding="cp1252", name="werte.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run_cli(*args) -> int:
    return main(["sozialindex", *map(str, args)])


def read_output(path: Path, sep=";") -> pd.DataFrame:
    return pd.read_csv(path, sep=sep, decimal="," if sep == ";" else ".", dtype={"Planungsraum": str},
                       encoding="utf-8-sig", keep_default_na=False, na_values=[""])


def test_cli_end_to_end_semicolon_decimal_comma(tmp_path, capsys):
    source = write_input(tmp_path)
    target = tmp_path / "ergebnis.csv"
    code = run_cli(source, "--schluessel", "Planungsraum", "--status", "-Arbeitslose,Kinderarmut",
                   "--dynamik", "Veränderung Arbeitslose", "--einwohner", "Einwohner", "--ausgabe", target)
    out = capsys.readouterr().out
    assert code == 0
    assert "4 von 6 Gebieten" in out and "Aufmerksamkeitsbedarf: 2" in out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header == ("Planungsraum;z_Arbeitslose;z_Kinderarmut;status_summe;status_index;status_klasse;"
                      "z_Veränderung Arbeitslose;dynamik_summe;dynamik_index;dynamik_klasse;gesamt_gruppe;"
                      "gesamt_kuerzel;besonderer_aufmerksamkeitsbedarf;grund")
    table = read_output(target)
    assert table["Planungsraum"].tolist() == [f"0101110{i}" for i in range(1, 7)]  # leading zero kept
    assert table.loc[2, "grund"] == "weniger als 300 Einwohnerinnen und Einwohner"
    assert table.loc[3, "grund"] == "Wert fehlt: Kinderarmut"
    assert pd.isna(table.loc[2, "status_klasse"]) and pd.isna(table.loc[3, "status_index"])

    # Hand check of the scored areas 01, 02, 05, 06. Arbeitslose 13, 7, 12, 8: mean 10, squares 9+9+4+4
    # = 26 → SD √6.5; flipped → z = −3/√6.5, 3/√6.5, −2/√6.5, 2/√6.5.
    sd = math.sqrt(6.5)
    assert table["z_Arbeitslose"].dropna().tolist() == pytest.approx([-3 / sd, 3 / sd, -2 / sd, 2 / sd], rel=1e-12)
    # Veränderung 0.5, −0.2, 0.3, −0.4: mean 0.05; deviations 0.45, −0.25, 0.25, −0.45; squares
    # 0.2025+0.0625+0.0625+0.2025 = 0.53 → SD √0.1325 = 0.36401; one indicator → index = z.
    z = [d / math.sqrt(0.1325) for d in (0.45, -0.25, 0.25, -0.45)]
    assert table["dynamik_index"].dropna().tolist() == pytest.approx(z, rel=1e-12)
    # 1.23624 → negativ, −0.68680 → stabil, 0.68680 → stabil, −1.23624 → positiv
    assert table["dynamik_klasse"].dropna().tolist() == ["negativ", "stabil", "stabil", "positiv"]
    assert table.loc[0, "besonderer_aufmerksamkeitsbedarf"] == "ja"
    assert table.loc[1, "besonderer_aufmerksamkeitsbedarf"] == "nein"


def test_cli_and_function_agree_exactly(tmp_path):
    source = write_input(tmp_path)
    target = tmp_path / "ergebnis.csv"
    assert run_cli(source, "--schluessel", "Planungsraum", "--status=-Arbeitslose,Kinderarmut",
                   "--dynamik", "Veränderung Arbeitslose", "--einwohner", "Einwohner", "--gewichte", "Kinderarmut=2",
                   "--ausgabe", target) == 0
    keys = [f"0101110{i}" for i in range(1, 7)]
    values = pd.DataFrame({"Arbeitslose": [13, 7, 12, 8, 12, 8], "Kinderarmut": [20.5, 10.5, 30, np.nan, 25.5, 15],
                           "Veränderung Arbeitslose": [0.5, -0.2, 1.1, 0.0, 0.3, -0.4]}, index=keys, dtype=float)
    population = pd.Series([1200, 800, 250, 5000, 700, 900.0], index=keys)
    cfg = config(["-Arbeitslose", "Kinderarmut"], ["Veränderung Arbeitslose"], weights={"Kinderarmut": 2})
    expected = compute_sozialindex(values, cfg, population=population)
    table = read_output(target)
    for column in ("status_summe", "status_index", "dynamik_summe", "dynamik_index"):
        # repr digits with decimal comma read back to the identical floats
        assert table[column].tolist() == pytest.approx(expected[column].tolist(), rel=0, abs=0, nan_ok=True)
    assert table["z_Kinderarmut"].tolist() == pytest.approx(expected["z_status_Kinderarmut"].tolist(), rel=0, abs=0,
                                                            nan_ok=True)
    assert table["status_klasse"].fillna("").tolist() == expected["status_klasse"].astype(object).fillna("").tolist()
    assert table["gesamt_gruppe"].fillna("").tolist() == expected["gesamt_gruppe"].astype(object).fillna("").tolist()


def test_cli_output_reads_back_exactly_with_berichte_readers(tmp_path):
    from berichte.load.readers import parse_numbers, read_raw

    source = write_input(tmp_path, "id,a,d\n001,13,13\n002,7,7\n003,12,12\n004,8,8\n005,12,12\n006,8,8\n"
                                   "007,11,11\n008,9,9\n009,10,10\n", encoding="utf-8")
    target = tmp_path / "ergebnis.csv"
    assert run_cli(source, "--schluessel", "id", "--status", "a", "--dynamik", "d", "--ausgabe", target) == 0
    table = read_raw(target, Problems())
    header = list(table.frame.iloc[0])
    index = parse_numbers(table.frame.iloc[1:, header.index("status_index")], ",").values
    assert index.tolist() == NINE_Z
    assert list(table.frame.iloc[1:, header.index("status_klasse")])[:2] == ["niedrig", "hoch"]
    assert list(table.frame.iloc[1:, 0])[:2] == ["001", "002"]


def test_cli_comma_output_and_decimal_point_input(tmp_path):
    source = write_input(tmp_path, "Planungsraum,a\n0001,2.0\n0002,4.0\n0003,4.0\n0004,6.0\n", encoding="utf-8")
    target = tmp_path / "ergebnis.csv"
    assert run_cli(source, "--schluessel", "Planungsraum", "--status", "a", "--trennzeichen", ",",
                   "--ausgabe", target) == 0
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(target, dtype={"Planungsraum": str})
    assert table["status_index"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-15)
    assert table["status_klasse"].tolist() == ["hoch", "mittel", "mittel", "niedrig"]
    assert "dynamik_index" not in table.columns and "gesamt_gruppe" not in table.columns
    assert table["Planungsraum"].tolist() == ["0001", "0002", "0003", "0004"]


def test_cli_dynamics_only(tmp_path):
    source = write_input(tmp_path, "k;d\n1;13\n2;7\n3;12\n4;8\n5;12\n6;8\n7;11\n8;9\n9;10\n", encoding="utf-8")
    target = tmp_path / "e.csv"
    assert run_cli(source, "--schluessel", "k", "--dynamik", "d", "--ausgabe", target) == 0
    table = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(table.columns) == ["k", "z_d", "dynamik_summe", "dynamik_index", "dynamik_klasse",
                                   "besonderer_aufmerksamkeitsbedarf", "grund"]
    assert table["dynamik_index"].tolist() == NINE_Z


@pytest.mark.parametrize("status", [["--status", "-a,b"], ["--status=-a,b"], ["--status", "−a, b"]])
def test_cli_leading_minus_forms(tmp_path, status):
    source = write_input(tmp_path, "k;a;b\n01;2;1\n02;4;1\n03;4;3\n04;6;3\n", encoding="utf-8")
    target = tmp_path / "e.csv"
    assert run_cli(source, "--schluessel", "k", *status, "--ausgabe", target) == 0
    table = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
    # flipped a: z = √2, 0, 0, −√2
    assert table["z_a"].tolist() == pytest.approx([R2, 0, 0, -R2], rel=1e-15)


def test_cli_unknown_column_lists_available(tmp_path, capsys):
    source = write_input(tmp_path)
    target = tmp_path / "e.csv"
    code = run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose,Kinderarmt", "--ausgabe", target)
    err = capsys.readouterr().err
    assert code == 1
    assert "Spalte „Kinderarmt“ fehlt" in err
    assert "vorhanden sind: „Planungsraum“, „Name“, „Einwohner“, „Arbeitslose“" in err
    assert "Traceback" not in err and not target.exists()
    code = run_cli(source, "--schluessel", "Gebiet", "--status", "Arbeitslose", "--ausgabe", target)
    err = capsys.readouterr().err
    assert code == 1 and "Schlüsselspalte „Gebiet“ fehlt; vorhanden sind: „Planungsraum“" in err


def test_cli_messages_keep_brackets_in_column_names(tmp_path, capsys):
    source = write_input(tmp_path, "k;Anteil [in %]\n01;2\n02;4\n03;5\n", encoding="utf-8")
    code = run_cli(source, "--schluessel", "k", "--status", "Anteil [in %],Quote [x]", "--ausgabe", tmp_path / "e.csv")
    err = capsys.readouterr().err
    assert code == 1 and "„Quote [x]“ fehlt" in err and "vorhanden sind: „k“, „Anteil [in %]“" in err


def test_cli_non_numeric_value_names_file_row_column_value(tmp_path, capsys):
    text = INPUT_SEMICOLON.replace("01011105;Mitte;700;12,0", "01011105;Mitte;700;zwölf")
    source = write_input(tmp_path, text)
    code = run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose", "--ausgabe", tmp_path / "e.csv")
    err = capsys.readouterr().err
    assert code == 1
    assert "werte.csv, Zeile 6, Spalte „Arbeitslose“, Wert „zwölf“: Das ist keine Zahl." in err


def test_cli_official_symbols_and_empty_cells_are_missing(tmp_path):
    text = "k;a\n01;2\n02;4\n03;4\n04;6\n05;.\n06;\n"
    source = write_input(tmp_path, text, encoding="utf-8")
    target = tmp_path / "e.csv"
    assert run_cli(source, "--schluessel", "k", "--status", "a", "--ausgabe", target) == 0
    table = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig", dtype={"k": str})
    assert table["grund"].tolist()[4:] == ["Wert fehlt: a", "Wert fehlt: a"]
    assert table["status_index"].tolist()[:4] == pytest.approx([-R2, 0, 0, R2], rel=1e-15)


def test_cli_fewer_than_three_areas(tmp_path, capsys):
    source = write_input(tmp_path, "k;a;EW\n01;2;100\n02;4;1000\n03;4;200\n04;6;1000\n", encoding="utf-8")
    target = tmp_path / "e.csv"
    code = run_cli(source, "--schluessel", "k", "--status", "a", "--einwohner", "EW", "--ausgabe", target)
    err = capsys.readouterr().err
    assert code == 1 and "Nur 2 von 4 Gebieten sind bewertbar" in err
    assert "weniger als 300 Einwohnerinnen und Einwohner (2×)" in err and not target.exists()


def test_cli_usage_errors(tmp_path, capsys):
    source = write_input(tmp_path)
    assert run_cli(source, "--schluessel", "Planungsraum", "--ausgabe", tmp_path / "e.csv") == 2
    assert run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose", "--mindest-einwohner", "5",
                   "--ausgabe", tmp_path / "e.csv") == 2
    assert run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose", "--gewichte", "Name=2",
                   "--ausgabe", tmp_path / "e.csv") == 2
    assert run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose", "--dynamik", "Arbeitslose",
                   "--ausgabe", tmp_path / "e.csv") == 1
    assert run_cli(source, "--schluessel", "Planungsraum", "--status", "Arbeitslose", "--ausgabe", source) == 2
    err = capsys.readouterr().err
    assert "Bitte --status und/oder --dynamik" in err and "sowohl unter --status als auch unter --dynamik" in err
    assert "Traceback" not in err


def test_cli_thresholds_and_german_decimal_weights(tmp_path):
    source = write_input(tmp_path, "k;a;b\n01;2;1\n02;4;1\n03;4;3\n04;6;3\n", encoding="utf-8")
    target = tmp_path / "e.csv"
    assert run_cli(source, "--schluessel", "k", "--status", "a,b", "--gewichte", "a=2;b=0,5",
                   "--schwellen-status", "-2", "1,2", "2", "--ausgabe", target) == 0
    table = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
    # sum = 2·z_a + 0.5·z_b = −(2√2+0.5), −0.5, 0.5, 2√2+0.5; variance ((2√2+0.5)²·2 + 0.5)/4
    s = [-(2 * R2 + 0.5), -0.5, 0.5, 2 * R2 + 0.5]
    sd = math.sqrt(sum(x * x for x in s) / 4)
    assert table["status_index"].tolist() == pytest.approx([x / sd for x in s], rel=1e-12)
    # ±1.40 and ±0.21 with thresholds −2, 1.2, 2 → mittel, mittel, mittel, niedrig
    assert table["status_klasse"].tolist() == ["mittel", "mittel", "mittel", "niedrig"]


def test_cli_subprocess_exit_code_and_no_traceback(tmp_path):
    source = write_input(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "berichte", "sozialindex", str(source), "--schluessel", "Planungsraum",
         "--status", "Name", "--ausgabe", str(tmp_path / "e.csv")],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 1
    assert "Das ist keine Zahl." in result.stderr and "Traceback" not in result.stderr


def test_cli_excel_input_with_title_rows(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tabelle 1: Index-Indikatoren"])  # title and blank line above the header are skipped
    sheet.append([])
    sheet.append(["PLR", "a"])
    for key, value in zip(["0101", "0102", "0103", "0104"], [2, 4, 4, 6]):
        sheet.append([key, value])
    source = tmp_path / "werte.xlsx"
    workbook.save(source)
    target = tmp_path / "e.csv"
    assert run_cli(source, "--schluessel", "PLR", "--status", "a", "--ausgabe", target) == 0
    table = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig", dtype={"PLR": str})
    assert table["PLR"].tolist() == ["0101", "0102", "0103", "0104"]
    assert table["status_index"].tolist() == pytest.approx([-R2, 0, 0, R2], rel=1e-15)
