/// Cuts a COPY binary stream, arriving as arbitrary messages, into tuples.
///
/// The protocol does not promise one CopyData message per row (the server sends the 19-byte file
/// header with the first row, and may split or join rows). Tuples wholly inside a message are handed
/// out in place (no copy, no allocation); a tuple cut across messages is assembled in a small
/// carry-over buffer first. Messages come from a `fetch` function and go back through `release`
/// (PQgetCopyData / PQfreemem for libpq), so the framing is testable with any message boundaries.
final class BinaryCopyFramer {
    /// One message: its bytes, owned by the framer until passed to `release`.
    typealias Message = (bytes: UnsafeMutableRawPointer, count: Int)

    enum Outcome {
        /// `body` was called with one tuple.
        case tuple
        /// The trailer was read.
        case trailer
        /// `fetch` reported the end before the trailer.
        case endedEarly
    }

    private let release: (UnsafeMutableRawPointer) -> Void
    private var sawHeader = false

    private var message: UnsafeMutableRawPointer?
    private var messageLength = 0
    private var position = 0

    private var carry: [UInt8] = []
    private var carryPosition = 0

    /// Length-word offsets of the current tuple's fields (reused; grows to the widest tuple).
    private var offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64)
    private var fieldCount = 0

    private(set) var tupleCount = 0

    init(release: @escaping (UnsafeMutableRawPointer) -> Void) { self.release = release }

    deinit {
        reset()
        offsets.deallocate()
    }

    /// Releases the current message and forgets any partial tuple.
    func reset() {
        releaseMessage()
        carry = []
        carryPosition = 0
    }

    /// Calls `body` with the next tuple. Not generic on purpose: this is every reader's per-row hot path, and an
    /// unspecialised generic (the callers live in other modules) pays a metadata lookup per call.
    func next(fetch: () throws -> Message?, _ body: (BinaryTupleView) throws -> Void) throws -> Outcome {
        while true {
            if carryPosition < carry.count {
                var called = false
                let step = try carry.withUnsafeBytes { all in
                    try scan(UnsafeRawBufferPointer(rebasing: all[carryPosition...])) { try body($0); called = true }
                }
                switch step {
                case .tuple(let n):
                    carryPosition += n
                    if carryPosition == carry.count { carry.removeAll(keepingCapacity: true); carryPosition = 0 }
                    if called { return .tuple }
                case .trailer:
                    return .trailer
                case .needMore:
                    guard try appendToCarry(fetch) else { return .endedEarly }
                }
            } else if let m = message, position < messageLength {
                let region = UnsafeRawBufferPointer(start: m + position, count: messageLength - position)
                var called = false
                switch try scan(region, { try body($0); called = true }) {
                case .tuple(let n):
                    position += n
                    if called { return .tuple }
                case .trailer:
                    return .trailer
                case .needMore:          // keep the partial tuple, read on
                    carry.removeAll(keepingCapacity: true)
                    carryPosition = 0
                    carry.append(contentsOf: region)
                    releaseMessage()
                    guard try appendToCarry(fetch) else { return .endedEarly }
                }
            } else {
                releaseMessage()
                guard let m = try fetch() else { return .endedEarly }
                message = m.bytes; messageLength = m.count; position = 0
            }
        }
    }

    /// Scans the header or one tuple at the start of `b`; calls `onTuple` for a complete tuple.
    @inline(__always)
    private func scan(_ b: UnsafeRawBufferPointer, _ onTuple: (BinaryTupleView) throws -> Void) throws -> BinaryCopyFormat.Scan {
        if !sawHeader {
            guard b.count >= BinaryCopyFormat.headerLength else { return .needMore }
            guard b.prefix(BinaryCopyFormat.signature.count).elementsEqual(BinaryCopyFormat.signature) else {
                throw BinaryCopyFormat.protocolError("bad signature (is the COPY in FORMAT binary?)")
            }
            let extensionLength = Int(b.pgReadBE(UInt32.self, at: 15))
            guard b.count >= BinaryCopyFormat.headerLength + extensionLength else { return .needMore }
            sawHeader = true
            return .tuple(length: BinaryCopyFormat.headerLength + extensionLength)    // consumed, no tuple
        }
        let scan = try BinaryCopyFormat.scanTuple(b, offsets: &offsets, fieldCount: &fieldCount)
        if case .tuple(let n) = scan {
            // If onTuple throws, nothing is consumed: the same tuple comes again on the next call.
            try onTuple(BinaryTupleView(bytes: UnsafeRawBufferPointer(rebasing: b[0..<n]),
                                        lengthOffsets: UnsafeBufferPointer(rebasing: offsets[0..<fieldCount])))
            tupleCount += 1
        }
        return scan
    }

    /// Appends the next message to the carry-over buffer; false at the end of the messages.
    private func appendToCarry(_ fetch: () throws -> Message?) throws -> Bool {
        guard let m = try fetch() else { return false }
        if carryPosition > 0 { carry.removeFirst(carryPosition); carryPosition = 0 }
        carry.append(contentsOf: UnsafeRawBufferPointer(start: m.bytes, count: m.count))
        release(m.bytes)
        return true
    }

    private func releaseMessage() {
        if let m = message { release(m) }
        message = nil; messageLength = 0; position = 0
    }
}
