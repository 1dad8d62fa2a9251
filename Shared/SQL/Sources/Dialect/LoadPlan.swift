/// The SQL of one table pair, generated from the discovered source table (all columns, primary key)
/// or taken from the bundle's custom SQL. The catalog shows it (`GET /v1/data/bundles/{uid}/plan`);
/// executors run it.
public struct LoadPlan: Sendable, Codable, Hashable {
    /// Source column names in extraction order.
    public var sourceColumns: [String]
    /// Target column names, position for position with `sourceColumns` (after the mapping set).
    public var targetColumns: [String]
    /// Source key columns (keyset order and checkpoint); empty with custom SQL that has no key.
    public var keyColumns: [String]
    /// Target key columns (conflict target of upserts).
    public var targetKeyColumns: [String]
    /// Full extraction in key order.
    public var extractionSQL: String
    /// Extraction resumed after a checkpoint: `$1…$k` are the last key's values.
    public var resumeSQL: String?
    /// Insert/upsert of one row: `$1…$n` are the target columns in order (named `:col` for custom SQL).
    public var loadSQL: String
    /// For targets without a one-statement upsert: the UPDATE tried first (0 rows → `loadSQL` inserts).
    public var updateSQL: String?
    /// The generated load merges on the target key (an existing row is updated, not duplicated); false for
    /// a plain INSERT (load modes insert / truncate-insert) and for custom load SQL, which Ferry runs as given.
    /// Writers that do not run `loadSQL` themselves (PostgreSQL COPY) decide from this whether to merge.
    public var upserts: Bool
    public var custom: Bool
    /// A partition's key-range bounds, bound after any resume key: `extractionSQL` takes them as `$1…`,
    /// `resumeSQL` as `$(k+1)…` after the k key values. nil for an unsplit table.
    public var rangeParameters: [SQLValue]?

    public init(sourceColumns: [String], targetColumns: [String], keyColumns: [String], targetKeyColumns: [String],
                extractionSQL: String, resumeSQL: String?, loadSQL: String, updateSQL: String?, upserts: Bool,
                custom: Bool) {
        self.sourceColumns = sourceColumns; self.targetColumns = targetColumns; self.keyColumns = keyColumns
        self.targetKeyColumns = targetKeyColumns; self.extractionSQL = extractionSQL; self.resumeSQL = resumeSQL
        self.loadSQL = loadSQL; self.updateSQL = updateSQL; self.upserts = upserts; self.custom = custom
    }
}

public enum LoadPlanError: Error, Sendable, CustomStringConvertible {
    case noPrimaryKey(String)
    case unknownColumn(String, table: String)
    case badIdentifier(String, String)
    public var description: String {
        switch self {
        case .noPrimaryKey(let t):
            return "table \(t) has no primary key: give the pair an extractionQuery and loadQuery, or add a primary key"
        case .unknownColumn(let c, let t): return "column '\(c)' does not exist in \(t)"
        case .badIdentifier(let n, let why): return "name '\(n)' \(why)"
        }
    }
}

/// Builds `LoadPlan`s.
public enum LoadPlanner {
    /// A column rename/cast from a mapping set.
    public struct Rename: Sendable, Hashable {
        public var source: String, target: String
        public init(source: String, target: String) { self.source = source; self.target = target }
    }

    /// - Parameters:
    ///   - insertOnly: plain INSERT (load modes insert / truncate-insert) instead of an upsert.
    ///   - filter: a predicate on the source rows (an incremental step's delta window), applied to both the
    ///     extraction and its resume.
    ///   - range: a partition's key range (tables with a key, no custom extraction): both queries read only it.
    ///   - computedTargets: the existing target's generated columns: the target computes them, so the source columns
    ///     mapped to them are neither read nor written (key columns stay: the source's keyset needs them).
    public static func plan(source: TableInfo, sourceDialect: SQLDialect, target: TableRef, targetDialect: SQLDialect,
                            renames: [Rename], insertOnly: Bool,
                            extractionQuery: String?, loadQuery: String?,
                            textColumns: Set<String> = [], filter: String? = nil, range: KeyRange? = nil,
                            computedTargets: Set<String> = []) throws -> LoadPlan {
        for c in source.columns { if let p = Identifier.problem(c.name) { throw LoadPlanError.badIdentifier(c.name, p) } }
        for n in [target.name] + (target.schema.map { [$0] } ?? []) {
            if let p = Identifier.problem(n) { throw LoadPlanError.badIdentifier(n, p) }
        }
        var sourceNames = source.columns.map(\.name)
        for r in renames where !sourceNames.contains(r.source) {
            throw LoadPlanError.unknownColumn(r.source, table: source.ref.description)
        }
        let map = Dictionary(renames.map { ($0.source, $0.target) }, uniquingKeysWith: { a, _ in a })
        let key = source.primaryKey
        if loadQuery == nil && !computedTargets.isEmpty {
            sourceNames.removeAll { !key.contains($0) && computedTargets.contains(map[$0] ?? $0) }
        }
        let targetNames = sourceNames.map { map[$0] ?? $0 }
        let targetKey = key.map { map[$0] ?? $0 }

        let custom = extractionQuery != nil || loadQuery != nil
        if key.isEmpty && (extractionQuery == nil || (loadQuery == nil && !insertOnly)) {
            throw LoadPlanError.noPrimaryKey(source.ref.description)
        }

        let sq = sourceDialect
        let from = sq.qualified(source.ref)
        // Columns the reader cannot decode natively are read as text (PostgreSQL sources); money as its numeric
        // value, since its text carries the server locale's currency symbol ("$1.50"), which no decimal column takes.
        let selectList = textColumns.isEmpty ? sq.columnList(sourceNames) : sourceNames.map { n in
            guard textColumns.contains(n) else { return sq.quote(n) }
            let cast = source.column(named: n)?.nativeType == "money" ? "::numeric::text" : "::text"
            return "\(sq.quote(n))\(cast) AS \(sq.quote(n))"
        }.joined(separator: ", ")
        var extraction: String, resume: String?
        if let q = extractionQuery {
            // Custom extraction: wrapped so that ordering and resume still work when the key is known.
            let inner = CustomSQL.trimmed(q)
            let whereFilter = filter.map { " WHERE \($0)" } ?? ""
            let andFilter = filter.map { "\($0) AND " } ?? ""
            if key.isEmpty {
                extraction = filter == nil ? inner : "SELECT * FROM (\(inner)) ferry_src\(whereFilter)"; resume = nil
            } else {
                let order = key.map(sq.quote).joined(separator: ", ")
                let list = textColumns.isEmpty ? "*" : selectList
                extraction = "SELECT \(list) FROM (\(inner)) ferry_src\(whereFilter) ORDER BY \(order)"
                resume = "SELECT \(list) FROM (\(inner)) ferry_src WHERE \(andFilter)\(keyPredicate(key, sq)) ORDER BY \(order)"
            }
        } else {
            let cols = selectList
            let order = key.map(sq.quote).joined(separator: ", ")
            let first = range.flatMap { sq.keyRangeCondition($0, key: key).sql }
            let after = range.flatMap { sq.keyRangeCondition($0, key: key, firstParameter: key.count + 1).sql }
            let conditions = [filter, first].compactMap { $0 }
            let whereFilter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let andFilter = filter.map { "\($0) AND " } ?? ""
            let andRange = after.map { " AND \($0)" } ?? ""
            extraction = "SELECT \(cols) FROM \(from)\(whereFilter) ORDER BY \(order)"
            resume = "SELECT \(cols) FROM \(from) WHERE \(andFilter)\(keyPredicate(key, sq))\(andRange) ORDER BY \(order)"
        }

        let tq = targetDialect
        let into = tq.qualified(target)
        var load: String, update: String? = nil
        if let q = loadQuery {
            load = CustomSQL.trimmed(q)
        } else {
            let insert = insertSQL(target: target, columns: targetNames, dialect: tq)
            let nonKey = targetNames.filter { !targetKey.contains($0) }
            if insertOnly {
                load = insert
            } else {
                switch tq.family {
                case .postgresql, .sqlite:
                    let conflict = "ON CONFLICT (\(tq.columnList(targetKey)))"
                    load = nonKey.isEmpty ? "\(insert) \(conflict) DO NOTHING"
                        : "\(insert) \(conflict) DO UPDATE SET " + nonKey.map { "\(tq.quote($0)) = excluded.\(tq.quote($0))" }.joined(separator: ", ")
                case .mysql:
                    let first = nonKey.first ?? targetKey[0]
                    load = "\(insert) ON DUPLICATE KEY UPDATE " + (nonKey.isEmpty ? ["\(tq.quote(first)) = \(tq.quote(first))"] : nonKey.map { "\(tq.quote($0)) = VALUES(\(tq.quote($0)))" }).joined(separator: ", ")
                default:
                    load = insert
                    if !nonKey.isEmpty {
                        // $n numbering follows targetNames, so the UPDATE binds the same row array.
                        let set = nonKey.map { n in "\(tq.quote(n)) = $\(targetNames.firstIndex(of: n)! + 1)" }.joined(separator: ", ")
                        let whereKey = targetKey.map { n in "\(tq.quote(n)) = $\(targetNames.firstIndex(of: n)! + 1)" }.joined(separator: " AND ")
                        update = "UPDATE \(into) SET \(set) WHERE \(whereKey)"
                    }
                }
            }
        }
        var plan = LoadPlan(sourceColumns: sourceNames, targetColumns: targetNames, keyColumns: key, targetKeyColumns: targetKey,
                            extractionSQL: extraction, resumeSQL: resume, loadSQL: load, updateSQL: update,
                            upserts: loadQuery == nil && !insertOnly, custom: custom)
        if let range, extractionQuery == nil, !key.isEmpty, !range.isAll {
            plan.rangeParameters = sq.keyRangeCondition(range, key: key).parameters
        }
        return plan
    }

    /// `(a, b) > ($1, $2)`; expanded for dialects without row-value comparison.
    public static func keyPredicate(_ key: [String], _ d: SQLDialect) -> String {
        d.keyComparison(key, strict: ">", last: ">", from: 1)
    }

    /// CREATE TABLE for a missing target, from the source's columns with mapped types, keeping the key.
    /// - Parameters:
    ///   - nativeTypes: columns (by source name) created with their native type verbatim — used when source and
    ///     target are the same engine, so PG→PG keeps binary-compatible types.
    ///   - withPrimaryKey: false leaves the key out (the executor adds it after the rows: ``targetKey(source:renames:)``).
    public static func createTableSQL(source: TableInfo, target: TableRef, dialect: SQLDialect, renames: [Rename],
                                      nativeTypes: Set<String> = [], withPrimaryKey: Bool = true) -> String {
        let map = Dictionary(renames.map { ($0.source, $0.target) }, uniquingKeysWith: { a, _ in a })
        var defs = source.columns.map { c in
            let type = nativeTypes.contains(c.name) ? c.nativeType : TypeMapping.columnType(c.type, for: dialect.family)
            return "\(dialect.quote(map[c.name] ?? c.name)) \(type)" + (c.nullable ? "" : " NOT NULL")
        }
        if withPrimaryKey && !source.primaryKey.isEmpty {
            defs.append("PRIMARY KEY (\(dialect.columnList(targetKey(source: source, renames: renames))))")
        }
        return "CREATE TABLE \(dialect.qualified(target)) (\(defs.joined(separator: ", ")))"
    }
}

extension LoadPlanner {
    /// A plain INSERT of one row, `$1…$n` = `columns` in order.
    public static func insertSQL(target: TableRef, columns: [String], dialect d: SQLDialect) -> String {
        let params = (1...max(1, columns.count)).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(d.qualified(target)) (\(d.columnList(columns)))\(d.insertOverride) VALUES (\(params))"
    }

    /// The source's primary key under the target's column names (after the mapping set's renames).
    public static func targetKey(source: TableInfo, renames: [Rename]) -> [String] {
        let map = Dictionary(renames.map { ($0.source, $0.target) }, uniquingKeysWith: { a, _ in a })
        return source.primaryKey.map { map[$0] ?? $0 }
    }

    /// The set-based merge of a staging table into the target (PostgreSQL upsert, ENGINE.md §4).
    public static func mergeSQL(target: TableRef, staging: String, columns: [String], key: [String], dialect d: SQLDialect) -> String {
        let cols = d.columnList(columns)
        let nonKey = columns.filter { !key.contains($0) }
        let conflict = "ON CONFLICT (\(d.columnList(key)))"
        let action = nonKey.isEmpty ? "DO NOTHING"
            : "DO UPDATE SET " + nonKey.map { "\(d.quote($0)) = excluded.\(d.quote($0))" }.joined(separator: ", ")
        return "INSERT INTO \(d.qualified(target)) (\(cols))\(d.insertOverride) SELECT \(cols) FROM \(staging) \(conflict) \(action)"
    }
}
