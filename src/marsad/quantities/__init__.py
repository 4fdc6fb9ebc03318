"""Quantities: numbers with their unit, kind and approximation, tied to the original text.

Stage ``quantities`` (requires ``tokens``, provides ``quantities``) fills ``analysis.quantities``
with :class:`marsad.model.Quantity` objects:

==========  ==================================================  ===========================
kind        example                                             value / unit / iso
==========  ==================================================  ===========================
money       نحو 500 مليون دولار                                 500000000 / USD, approximate
duration    أربعة أيام، شهر ونصف، أسبوعين                        4 / day / P4D; 1.5 / month / P1.5M
count       ألفي جندي، عشرات الجنود                              2000 / person, counted جندي
percent     15 بالمئة، 3.5%                                      15 / percent
number      مليار، 50 كيلومترا                                   a value, unit for measures (km)
fraction    ثلثي الأعضاء                                         0.667, counted الأعضاء
ordinal     أول شحنة، الحادي عشر                                 1, counted شحنة
==========  ==================================================  ===========================

Units: ISO 4217 codes for money (``None`` when the currency word is ambiguous: دينار، ليرة، روبية with
no qualifier), ``percent``, time units ``second minute hour day week month year decade century``,
``person`` for people, ``percentage_point`` (نقطة مئوية), and measures ``km m cm mm km2 m2 ft2 ha dunum
feddan mile ft in kg g t lb oz barrel l m3 MW GW kW`` (see ``data/units.tsv``). Other counted things keep ``unit=None`` and the noun in ``counted``.

Durations carry an ISO 8601 ``iso`` in the unit as written (P4D, P2W, P1.5M, PT3H): a fraction stays
on its unit, never converted to days. Vague plurals (عشرات، مئات، آلاف) are lower bounds:
``approximate=True, bound="lower"`` and the value is the lower figure (10, 100, 1000).
Markers: نحو، حوالي، قرابة، زهاء، ما يقارب → approximate; أكثر من، ما يزيد على، أزيد من → lower bound;
أقل من، ما دون → upper bound (``data/markers.tsv``). Numbers that belong to dates, clock times or
identifiers (عام 2025، 26 أكتوبر، القرار 2231، a bare 1300..2100) are left to the time layer.
In a range or pair (بين 3 و5 ملايين دولار، 6 - 12 شهرا) the first number takes the second's unit
and scale.

Public helpers: :func:`find_quantities` (any string), and from :mod:`marsad.quantities.numbers`
:func:`parse_number_words`, :func:`parse_ordinal`, :func:`number_to_words`, :func:`find_numbers`.
"""

from __future__ import annotations

from marsad.model import Analysis
from marsad.pipeline import Stage
from marsad.quantities.extract import find_quantities, iso_duration
from marsad.quantities.numbers import find_numbers, number_to_words, parse_number_words, parse_ordinal
from marsad.text import normalized

__all__ = [
    "QuantitiesStage",
    "find_numbers",
    "find_quantities",
    "iso_duration",
    "number_to_words",
    "parse_number_words",
    "parse_ordinal",
]


class QuantitiesStage(Stage):
    """Numbers, money, durations, counts and percentages with units (``analysis.quantities``)."""

    name = "quantities"
    requires = ("tokens",)
    provides = ("quantities",)

    def __call__(self, analysis: Analysis) -> Analysis:
        norm = normalized(analysis)
        starts = [s.start for s in analysis.sentences]
        analysis.quantities = find_quantities(analysis.document.text, sentence_starts=starts, norm=norm)
        return analysis
