import AttentionCore

/// Reads the CSV that `load(...)` accepts: a header row of column labels (its first cell names the
/// row-label column and is ignored) and one row per token, whose first cell is the row label.
enum CSV {
    struct Failure: Error {
        var message: String
    }

    static func matrix(from text: String) throws(Failure) -> Matrix {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let lines = body.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed } }
            .filter { !($0.count == 1 && $0[0].isEmpty) }
        guard let header = lines.first else { throw Failure(message: "the file is empty") }
        guard header.count >= 2 else { throw Failure(message: "the header needs a label column and at least one feature column") }
        let colLabels = Array(header.dropFirst())
        var rowLabels: [String] = []
        var values: [Double] = []
        for (index, row) in lines.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw Failure(message: "line \(index + 2) has \(row.count) fields but the header has \(header.count)")
            }
            rowLabels.append(row[0])
            for (j, field) in row.dropFirst().enumerated() {
                guard let x = Double(field), x.isFinite else {
                    throw Failure(message: "line \(index + 2), column \"\(colLabels[j])\": '\(field)' is not a number")
                }
                values.append(x)
            }
        }
        guard !rowLabels.isEmpty else { throw Failure(message: "the file has a header but no rows") }
        do {
            return try Matrix(rows: rowLabels.count, cols: colLabels.count, storage: values, rowLabels: rowLabels, colLabels: colLabels)
        } catch {
            throw Failure(message: error.description)
        }
    }
}

extension String {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
