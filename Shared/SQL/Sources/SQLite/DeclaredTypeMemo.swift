import Synchronization

/// Process-wide memo of ``SQLiteTypes/logicalType(declared:)``: declared column type → logical type. Bounded (a
/// program that makes tables with ever new declared types stops remembering, it still maps them correctly).
final class DeclaredTypeMemo: Sendable {
    static let shared = DeclaredTypeMemo(capacity: 512)

    private let known = Mutex<[String: SQLType]>([:])
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func lookup(_ declared: String) -> SQLType? {
        known.withLock { $0[declared] }
    }

    func remember(_ declared: String, _ type: SQLType) {
        known.withLock { if $0.count < capacity { $0[declared] = type } }
    }
}
