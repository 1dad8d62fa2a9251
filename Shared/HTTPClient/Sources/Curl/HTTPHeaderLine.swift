/// One raw header line as libcurl hands it over (`Name: value\r\n`), split on bytes: this runs for every header of
/// every answer a service reads, and Foundation's trimming on `String` cost more than the rest of the transfer.
enum HTTPHeaderLine {
    /// Name and value with spaces, tabs, CR and LF trimmed; nil for a line without a colon (the blank end line).
    static func parse(_ line: UnsafeRawBufferPointer) -> HTTPHeaderField? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return HTTPHeaderField(name: trimmed(line[..<colon]), value: trimmed(line[(colon + 1)...]))
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
