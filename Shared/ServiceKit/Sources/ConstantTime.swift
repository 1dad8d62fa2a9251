/// Compares two secrets in time that depends only on their lengths, never on where they differ.
public func constantTimeEquals(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
    constantTimeEquals(Array(a.utf8), Array(b.utf8))
}

/// Compares two byte strings in time that depends only on their lengths, never on where they differ.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    difference |= UInt8(a.count == b.count ? 0 : 1)
    let n = max(a.count, b.count)
    for i in 0..<n {
        let x = i < a.count ? a[i] : 0
        let y = i < b.count ? b[i] : 0
        difference |= x ^ y
    }
    return difference == 0
}
