"""Query results as pandas DataFrames, with the column types tables, charts and exports expect.

One road from a cursor to a frame: through Arrow (`.df()` makes one Python object per string, a second or
more for a few hundred thousand rows such as the F2 list, while Arrow hands pandas whole columns), then the
types Arrow leaves awkward made plain: DuckDB's SUM of integers is a HUGEINT, which Arrow carries as a
decimal, so pandas would hold `Decimal` objects (shown as "Decimal('3')" in some places, refused by number
formats and charts in others); integers with a NULL stay integers; dates are datetime64 as `.df()` gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

# pandas' nullable integer type of each Arrow integer type, for integer columns that hold a NULL (plain numpy
# integers cannot, and a float column would show 12 as 12.0)
_NULLABLE_INTS: dict[pa.DataType, pd.api.extensions.ExtensionDtype] = {
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.uint8(): pd.UInt8Dtype(),
    pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(),
    pa.uint64(): pd.UInt64Dtype(),
}


def frame_of(result: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The result of an executed statement as a DataFrame: decimals (HUGEINT sums, DECIMAL columns) as int64
    when whole and never NULL, float64 otherwise; integer columns with a NULL as pandas' nullable integers;
    booleans with a NULL as pandas' nullable boolean; dates as datetime64[us]."""
    return arrow_frame(result.fetch_arrow_table())


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as frame_of gives it (for tables read another way, e.g. a DuckDB relation)."""
    frame = table.to_pandas()
    for n, column in enumerate(table.columns):  # by position: a result may repeat a column name
        kind = column.type
        if pa.types.is_decimal(kind):
            whole = kind.scale == 0 and column.null_count == 0  # type: ignore[attr-defined]
            frame.isetitem(n, column.to_pandas().astype("int64" if whole else "float64"))
        elif pa.types.is_integer(kind) and column.null_count:
            frame.isetitem(n, column.to_pandas(types_mapper=_NULLABLE_INTS.get))
        elif pa.types.is_boolean(kind) and column.null_count:
            frame.isetitem(n, column.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get))
        elif pa.types.is_date(kind):
            frame.isetitem(n, pd.to_datetime(column.to_pandas()).astype("datetime64[us]"))
    return frame


def named_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """The frame's rows as named tuples (`row.venue_id`), index first as `itertuples()` gives them. pandas
    types them as bare tuples because the field names are the columns, known only at run time."""
    return iter(frame.itertuples())
