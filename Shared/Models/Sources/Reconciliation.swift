/// Reconciliation (SPEC §3): a content check of a copied table, source against target, per key range.

/// Bundle option `reconcile`: what a step checks after its last chunk.
public enum ReconcileMethod: String, Codable, Sendable, CaseIterable, Hashable {
    /// No check.
    case off
    /// Row counts per key range (cheap; blind to changed values).
    case count
    /// Row counts and an order-independent digest of every row's canonical values per key range.
    case digest

    public static let `default` = ReconcileMethod.count
}

/// How one key differs between source and target.
public enum KeyDifferenceKind: String, Codable, Sendable, Hashable {
    case different, missingInTarget, extraInTarget
}

/// One differing key: the key's columns with their canonical text (the same spelling on every database).
public struct DifferingKey: Codable, Sendable, Hashable {
    public var key: [String: String]
    public var kind: KeyDifferenceKind
    public init(key: [String: String], kind: KeyDifferenceKind) { self.key = key; self.kind = kind }
}

/// The outcome of comparing one table pair: the `reconciliation` block of an RF06 step and of
/// `POST /v1/data/bundles/{uid}/reconcile`.
public struct Reconciliation: Codable, Sendable, Hashable {
    public var method: ReconcileMethod
    public var equal: Bool
    /// Key ranges compared (the drill-down's sub-ranges included).
    public var rangesCompared: Int
    public var sourceRows: Int64
    public var targetRows: Int64
    /// The first differing keys found, up to the listing bound.
    public var differingKeys: [DifferingKey]
    /// More keys differ than are listed (or a differing range was too large to list).
    public var truncated: Bool
    /// Set when the pair could not be compared (no key, a custom extraction query, a driver error): why.
    public var message: String?

    public init(method: ReconcileMethod, equal: Bool, rangesCompared: Int, sourceRows: Int64, targetRows: Int64,
                differingKeys: [DifferingKey], truncated: Bool, message: String? = nil) {
        self.method = method; self.equal = equal; self.rangesCompared = rangesCompared
        self.sourceRows = sourceRows; self.targetRows = targetRows; self.differingKeys = differingKeys
        self.truncated = truncated; self.message = message
    }

    /// One line for a step's `exitMessage` when the contents differ.
    public var mismatchSummary: String? {
        guard !equal else { return nil }
        if let message { return "reconciliation (\(method.rawValue)) not done: \(message)" }
        let n = differingKeys.count
        let keys = n == 0 ? "" : ", \(n)\(truncated ? "+" : "") differing key\(n == 1 && !truncated ? "" : "s")"
        return "reconciliation (\(method.rawValue)) found a mismatch: source \(sourceRows) rows, target \(targetRows) rows\(keys)"
    }
}

/// `POST /v1/data/bundles/{uid}/reconcile` — optional body.
public struct ReconcileRequest: Codable, Sendable {
    /// `count` or `digest`; default `digest` (on demand the point is content, whatever the bundle checks after its steps).
    public var method: String?
    public init(method: String? = nil) { self.method = method }
}

/// One table pair of an on-demand reconciliation.
public struct PairReconciliation: Codable, Sendable, Hashable {
    public var pairId: Int64
    public var stepName: String
    public var sourceTable: String
    public var targetTable: String
    public var reconciliation: Reconciliation
    public init(pairId: Int64, stepName: String, sourceTable: String, targetTable: String, reconciliation: Reconciliation) {
        self.pairId = pairId; self.stepName = stepName; self.sourceTable = sourceTable; self.targetTable = targetTable
        self.reconciliation = reconciliation
    }
}

/// The answer of `POST /v1/data/bundles/{uid}/reconcile`: the live source and target of every pair, compared.
public struct BundleReconciliation: Codable, Sendable, Hashable {
    public var bundleId: Int64
    public var method: ReconcileMethod
    /// Every pair equal.
    public var equal: Bool
    public var pairs: [PairReconciliation]
    public init(bundleId: Int64, method: ReconcileMethod, equal: Bool, pairs: [PairReconciliation]) {
        self.bundleId = bundleId; self.method = method; self.equal = equal; self.pairs = pairs
    }
}
