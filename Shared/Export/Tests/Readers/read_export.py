"""Reads Ferry export files back with independent readers and prints every value in one canonical text form,
so the Swift tests compare them with the source values (value for value).

usage: read_export.py READER KINDS_JSON FILE...
  READER: jsonl (gzip + json), csv (gzip + csv), duckdb-csv, pyarrow, duckdb (Parquet)
  KINDS_JSON: the column kinds, e.g. ["int","text","f32","decimal","json",...]
prints {"columns": [...], "rows": [[text or null, ...], ...], "types": [...], "rowGroups": n} (rows of all files,
in order; types and row groups as the reader reports them).
"""
import base64, csv, datetime, decimal, gzip, io, json, math, struct, sys, uuid


def canonical_float(v, f32):
    if isinstance(v, str):
        v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if f32:
        v = struct.unpack("<f", struct.pack("<f", v))[0]
    return repr(v)


def canonical(v, kind):
    if v is None:
        return None
    if kind in ("f32", "f64"):
        return canonical_float(v, kind == "f32")
    if kind == "int":
        return str(int(v))
    if kind == "bool":
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)
    if kind == "decimal":
        return format(v, "f") if isinstance(v, decimal.Decimal) else str(v)
    if kind == "bytes":
        return base64.b64encode(v).decode() if isinstance(v, (bytes, bytearray)) else str(v)
    if kind in ("date", "time", "timestamp", "timestamptz"):
        if isinstance(v, datetime.datetime):
            if kind == "timestamptz":
                v = v.astimezone(datetime.timezone.utc)
            return v.isoformat(timespec="microseconds")
        if isinstance(v, datetime.time):
            return v.isoformat(timespec="microseconds")
        if isinstance(v, datetime.date):
            return v.isoformat()
        return str(v)
    if kind == "uuid":
        if isinstance(v, (bytes, bytearray)):
            return str(uuid.UUID(bytes=bytes(v)))
        return str(v).lower()
    if kind == "json":  # JSON text (CSV, Parquet)
        return json.dumps(json.loads(v), ensure_ascii=False, separators=(",", ":"))
    if kind == "json-embedded":  # already parsed: JSON Lines embeds the document
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return v if isinstance(v, str) else str(v)


def open_text(path):
    raw = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def read_jsonl(paths):
    columns, rows = None, []
    for p in paths:
        with open_text(p) as f:
            data = f.read()
        assert data == "" or data.endswith("\n"), "last line not terminated"
        for line in data.split("\n")[:-1]:
            obj = json.loads(line)
            columns = columns or list(obj.keys())
            assert list(obj.keys()) == columns, "key order differs between rows"
            rows.append(list(obj.values()))
    return columns or [], rows, []


def read_csv(paths):
    columns, rows = None, []
    for p in paths:
        with open_text(p) as f:
            records = list(csv.reader(f, strict=True))
        header, body = records[0], records[1:]
        assert columns is None or header == columns, "header differs between files"
        columns = header
        for r in body:
            assert len(r) == len(header), f"record has {len(r)} fields, header {len(header)}"
            # Python's csv module reads NULL (empty) and "" alike: both are None here; the tests check the raw
            # text and DuckDB (allow_quoted_nulls=false) for the difference.
            rows.append([v if v != "" else None for v in r])
    return columns or [], rows, []


def duckdb_connection():
    import duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def read_duckdb(paths, fmt):
    con = duckdb_connection()
    if fmt == "csv":
        rel = con.read_csv(paths, header=True, all_varchar=True, allow_quoted_nulls=False)
    else:
        rel = con.read_parquet(paths)
    return rel.columns, [list(r) for r in rel.fetchall()], [str(t) for t in rel.types]


def read_pyarrow(paths):
    import pyarrow.parquet as pq
    global row_groups, null_counts
    columns, rows, types = None, [], []
    for p in paths:
        meta = pq.ParquetFile(p).metadata
        row_groups += meta.num_row_groups
        for g in range(meta.num_row_groups):
            for c in range(meta.num_columns):
                stats = meta.row_group(g).column(c).statistics
                null_counts[c] = null_counts.get(c, 0) + (stats.null_count if stats is not None else 0)
        table = pq.read_table(p)
        columns = table.column_names
        types = [str(f.type) for f in table.schema]
        cols = [c.to_pylist() for c in table.columns]
        rows += [list(r) for r in zip(*cols)] if cols else []
    return columns or [], rows, types


row_groups = 0
null_counts = {}  # column index -> NULLs per the footer's statistics


def main():
    reader, kinds, paths = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
    if reader == "jsonl":
        columns, rows, types = read_jsonl(paths)
    elif reader == "csv":
        columns, rows, types = read_csv(paths)
    elif reader == "duckdb-csv":
        columns, rows, types = read_duckdb(paths, "csv")
    elif reader == "pyarrow":
        columns, rows, types = read_pyarrow(paths)
    elif reader == "duckdb":
        columns, rows, types = read_duckdb(paths, "parquet")
    else:
        raise SystemExit(f"unknown reader {reader}")
    if reader == "jsonl":
        kinds = ["json-embedded" if k == "json" else k for k in kinds]
    out = [[canonical(v, kinds[i]) for i, v in enumerate(r)] for r in rows]
    json.dump({"columns": columns, "rows": out, "types": types, "rowGroups": row_groups,
               "nullCounts": [null_counts.get(i, 0) for i in range(len(columns))]}, sys.stdout, ensure_ascii=False)


main()
