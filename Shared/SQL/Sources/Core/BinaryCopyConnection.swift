/// A capability some drivers offer beside ``SQLConnection``: PostgreSQL's binary COPY in both directions, the
/// type OIDs that decide whether tuples can be forwarded unparsed, and literal escaping for COPY's query (which
/// takes no parameters). The engine asks `connection.binaryCopy` instead of downcasting to a driver class.
public protocol BinaryCopyConnection: SQLConnection {
    /// Result column names and type OIDs of a query, without running it.
    func describeQuery(_ sql: String) throws -> [(name: String, oid: UInt32)]
    /// Type OIDs of a table's columns, in column order.
    func columnTypeOIDs(of table: TableRef) throws -> [UInt32]
    /// Starts `COPY (selectSQL) TO STDOUT (FORMAT binary)` and answers the tuple stream.
    func copyOut(_ selectSQL: String) throws -> PostgresCopyOut
    /// Starts `COPY … FROM STDIN`; then ``putCopyData(_:)-…`` and ``endCopy()`` or ``abortCopy(_:)``.
    func copyIn(_ copySQL: String) throws
    func putCopyData(_ bytes: UnsafeRawBufferPointer) throws
    func putCopyData(_ encoder: inout BinaryCopyEncoder) throws
    @discardableResult func endCopy() throws -> Int
    func abortCopy(_ message: String)
    /// A string as a quoted SQL literal, escaped by the server's rules.
    func escapeLiteral(_ s: String) throws -> String
}

extension SQLConnection {
    /// The binary COPY capability, when this driver has it.
    public var binaryCopy: (any BinaryCopyConnection)? { self as? any BinaryCopyConnection }
}

extension PostgresConnection: BinaryCopyConnection {}
