/// A plain text table: a header row, columns padded to their widest cell, numbers right-aligned.
struct TextTable {
    enum Align { case left, right }
    var columns: [(title: String, align: Align)]
    var rows: [[String]] = []

    init(_ columns: [(String, Align)]) { self.columns = columns.map { (title: $0.0, align: $0.1) } }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    func render() -> String {
        let all = [columns.map(\.title)] + rows
        let widths = columns.indices.map { i in all.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return all.map { row in
            columns.indices.map { i in
                let cell = i < row.count ? row[i] : ""
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return columns[i].align == .right ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
