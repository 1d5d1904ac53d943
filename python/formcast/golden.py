"""Golden-row builders for `formcast.Golden(edge_rows=...)`: a function of a `GoldenContext`
returning `GoldenRow`s replaces the automatic edge rows, and can reuse these (the public names;
they are written in `formcast.exporting.golden_rows`)."""

from formcast.exporting.golden_rows import (
    Golden,
    GoldenContext,
    GoldenRow,
    category_rows,
    empty_rows,
    lightgbm_threshold_rows,
    out_of_range_rows,
    tree_threshold_rows,
)

__all__ = [
    "Golden",
    "GoldenContext",
    "GoldenRow",
    "category_rows",
    "empty_rows",
    "lightgbm_threshold_rows",
    "out_of_range_rows",
    "tree_threshold_rows",
]
