#!/usr/bin/env python3
"""The demo `make run` sets up once (scripts/run.sh calls it; both steps are idempotent).

  demo.py databases DIR           creates DIR/source.db (CUSTOMERS: 392 rows, ORDERS, ORDER_ITEMS) and an
                                  empty DIR/target.db, unless they exist
  demo.py sql postgres|sqlite     prints the same data as SQL (docker/fixtures/ is made with it)
  demo.py register URL KEY DIR    registers through the gateway at URL, reusing what exists: datasources
                                  DEMO_SOURCE and DEMO_TARGET, tables CUSTOMERS, ORDERS, ORDER_ITEMS and the
                                  bundle DEMO_MIGRATION (relationalOrdering 1, 2, 3); prints the bundle's uid

The data is deterministic: the same rows on every machine.
"""
import json
import os
import sqlite3
import sys
import urllib.error
import urllib.request

CUSTOMERS = 392
FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor", "Isabel", "João",
         "Karina", "Lucas", "Marina", "Nuno", "Olívia", "Paulo", "Quitéria", "Rafael", "Sofia", "Tiago"]
LAST = ["Almeida", "Barbosa", "Claro", "Dias", "Esteves", "Ferreira", "Gomes", "Hora", "Ibarra", "Jardim",
        "Lima", "Moreira", "Nogueira", "Oliveira", "Pereira", "Queiroz", "Rocha", "Souza", "Teixeira", "Vieira"]
COUNTRIES = ["BR", "PT", "US", "DE", "FR", "ES", "AR", "MX", "CA", "JP", "IT"]
STATUSES = ["NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"]
SKUS = ["SKU-%04d" % n for n in range(1, 41)]


def customers():
    for i in range(1, CUSTOMERS + 1):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        name = f"{first} {last}"
        email = f"{first.lower()}.{last.lower()}.{i}@example.com".encode("ascii", "ignore").decode()
        country = COUNTRIES[(i * 3) % len(COUNTRIES)]
        credit = f"{(i * 7919) % 50000 + (i % 100) / 100:.2f}"
        created = "2023-%02d-%02d %02d:%02d:%02d" % (1 + i % 12, 1 + i % 28, i % 24, (i * 13) % 60, (i * 29) % 60)
        yield (i, name, email, country, credit, created)


def orders():
    oid, iid = 0, 0
    order_rows, item_rows = [], []
    for c in range(1, CUSTOMERS + 1):
        for k in range(c % 4):  # 0–3 orders per customer
            oid += 1
            items = []
            for j in range(1 + (oid + k) % 4):  # 1–4 items per order
                iid += 1
                quantity = 1 + (iid * 5) % 9
                cents = 199 + (iid * 977) % 25000
                items.append((iid, oid, SKUS[(iid * 11) % len(SKUS)], quantity, f"{cents / 100:.2f}"))
            total = sum(q * int(round(float(p) * 100)) for (_, _, _, q, p) in items)
            placed = "2023-%02d-%02d" % (1 + oid % 12, 1 + oid % 28)
            order_rows.append((oid, c, placed, STATUSES[oid % len(STATUSES)], f"{total / 100:.2f}"))
            item_rows.extend(items)
    return order_rows, item_rows


def make_databases(directory):
    os.makedirs(directory, exist_ok=True)
    source = os.path.join(directory, "source.db")
    target = os.path.join(directory, "target.db")
    if not os.path.exists(source):
        partial = source + ".partial"
        if os.path.exists(partial):
            os.remove(partial)
        db = sqlite3.connect(partial)
        db.executescript("""
            PRAGMA foreign_keys = ON;
            CREATE TABLE CUSTOMERS (
                id           INTEGER PRIMARY KEY,
                name         VARCHAR(100) NOT NULL,
                email        VARCHAR(200) NOT NULL UNIQUE,
                country      CHAR(2) NOT NULL,
                credit_limit DECIMAL(12,2) NOT NULL,
                created_at   TIMESTAMP NOT NULL
            );
            CREATE TABLE ORDERS (
                id          INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES CUSTOMERS(id),
                order_date  DATE NOT NULL,
                status      VARCHAR(20) NOT NULL,
                total       DECIMAL(12,2) NOT NULL
            );
            CREATE TABLE ORDER_ITEMS (
                id         INTEGER PRIMARY KEY,
                order_id   INTEGER NOT NULL REFERENCES ORDERS(id),
                sku        VARCHAR(20) NOT NULL,
                quantity   INTEGER NOT NULL,
                unit_price DECIMAL(10,2) NOT NULL
            );
        """)
        order_rows, item_rows = orders()
        with db:
            db.executemany("INSERT INTO CUSTOMERS VALUES (?, ?, ?, ?, ?, ?)", customers())
            db.executemany("INSERT INTO ORDERS VALUES (?, ?, ?, ?, ?)", order_rows)
            db.executemany("INSERT INTO ORDER_ITEMS VALUES (?, ?, ?, ?, ?)", item_rows)
        db.close()
        os.rename(partial, source)
    if not os.path.exists(target):
        sqlite3.connect(target).close()
    db = sqlite3.connect(source)
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("CUSTOMERS", "ORDERS", "ORDER_ITEMS")}
    db.close()
    return counts


class API:
    def __init__(self, base, key):
        self.base, self.key = base.rstrip("/"), key

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"X-API-Key": self.key, "Content-Type": "application/json",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            sys.exit(f"demo: {method} {path} answered HTTP {error.code}: {text}")
        except urllib.error.URLError as error:
            sys.exit(f"demo: {method} {path} failed: {error.reason}")

    @staticmethod
    def items(listing):
        """A list answer, bare or wrapped ({"content": [...]} / {"items": [...]} / {"data": [...]})."""
        if isinstance(listing, list):
            return listing
        if isinstance(listing, dict):
            for key in ("content", "items", "data", "results"):
                if isinstance(listing.get(key), list):
                    return listing[key]
        return []

    def find_or_create(self, path, match, body):
        for item in self.items(self.call("GET", path)):
            if all(item.get(k) == v for k, v in match.items()):
                return item["uid"], False
        saved = self.call("POST", path, body)
        return saved["uid"], True


def register(base, key, directory):
    api = API(base, key)
    directory = os.path.abspath(directory)
    created = []

    def datasource(name, file):
        uid, new = api.find_or_create("/v1/datasource", {"databaseName": name}, {
            "databaseName": name,
            "databaseProvider": "SQLite",
            "databasePlatform": "org.hibernate.community.dialect.SQLiteDialect",
            "userName": name,
            "password": "",
            "jdbcConnectionUrl": "jdbc:sqlite:" + os.path.join(directory, file),
            "driverClassName": "org.sqlite.JDBC",
            "databaseDialect": "org.hibernate.community.dialect.SQLiteDialect",
            "databaseSchema": "main",
        })
        if new:
            created.append(f"datasource {name} ({uid})")
        return uid

    source = datasource("DEMO_SOURCE", "source.db")
    target = datasource("DEMO_TARGET", "target.db")

    tables = []
    for name in ("CUSTOMERS", "ORDERS", "ORDER_ITEMS"):
        uid, new = api.find_or_create("/v1/data/tables", {"tablePhysicalName": name}, {"tablePhysicalName": name})
        if new:
            created.append(f"table {name} ({uid})")
        tables.append(uid)

    bundle, new = api.find_or_create("/v1/data/bundles", {"bundleName": "DEMO_MIGRATION"}, {
        "bundleName": "DEMO_MIGRATION",
        "sourceDatasourceId": source,
        "targetDatasourceId": target,
        "bundledTables": [{"sourceTableId": t, "targetTableId": t, "relationalOrdering": n}
                          for n, t in enumerate(tables, start=1)],
    })
    if new:
        created.append(f"bundle DEMO_MIGRATION ({bundle})")
    print("demo: " + ("registered " + ", ".join(created) if created else "already registered, reused"), file=sys.stderr)
    print(bundle)


def sql_literal(value):
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def fixture_sql(flavour):
    """docker/fixtures: PostgreSQL gets the seed-000 CUSTOMERS table (392 rows) in schema `source` and an
    empty schema `target`; SQLite gets the make-run demo (CUSTOMERS, ORDERS, ORDER_ITEMS)."""
    out = ["-- Generated by scripts/demo.py sql " + flavour + " (deterministic; do not edit by hand)."]
    if flavour == "postgres":
        out += [
            "CREATE SCHEMA IF NOT EXISTS source;",
            "CREATE SCHEMA IF NOT EXISTS target;",
            'CREATE TABLE source."CUSTOMERS" (',
            "    id           INTEGER PRIMARY KEY,",
            "    name         VARCHAR(100) NOT NULL,",
            "    email        VARCHAR(200) NOT NULL UNIQUE,",
            "    country      CHAR(2) NOT NULL,",
            "    credit_limit NUMERIC(12,2) NOT NULL,",
            "    created_at   TIMESTAMP NOT NULL",
            ");",
            'INSERT INTO source."CUSTOMERS" (id, name, email, country, credit_limit, created_at) VALUES',
        ]
        rows = list(customers())
        out += [("  (" + ", ".join(sql_literal(v) for v in r) + ")") + ("," if i < len(rows) - 1 else ";")
                for i, r in enumerate(rows)]
        return "\n".join(out) + "\n"
    out += ["PRAGMA foreign_keys = ON;", "BEGIN;",
            "CREATE TABLE CUSTOMERS (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL UNIQUE, "
            "country CHAR(2) NOT NULL, credit_limit DECIMAL(12,2) NOT NULL, created_at TIMESTAMP NOT NULL);",
            "CREATE TABLE ORDERS (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES CUSTOMERS(id), "
            "order_date DATE NOT NULL, status VARCHAR(20) NOT NULL, total DECIMAL(12,2) NOT NULL);",
            "CREATE TABLE ORDER_ITEMS (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES ORDERS(id), "
            "sku VARCHAR(20) NOT NULL, quantity INTEGER NOT NULL, unit_price DECIMAL(10,2) NOT NULL);"]
    order_rows, item_rows = orders()
    for table, rows in (("CUSTOMERS", list(customers())), ("ORDERS", order_rows), ("ORDER_ITEMS", item_rows)):
        out += [f"INSERT INTO {table} VALUES (" + ", ".join(sql_literal(v) for v in r) + ");" for r in rows]
    out.append("COMMIT;")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) == 3 and argv[1] == "databases":
        counts = make_databases(argv[2])
        print("demo: source.db has " + ", ".join(f"{t} {n} rows" for t, n in counts.items()), file=sys.stderr)
    elif len(argv) == 3 and argv[1] == "sql" and argv[2] in ("postgres", "sqlite"):
        sys.stdout.write(fixture_sql(argv[2]))
    elif len(argv) == 5 and argv[1] == "register":
        register(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
