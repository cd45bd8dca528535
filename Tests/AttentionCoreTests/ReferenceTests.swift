import AttentionCore
import Foundation
import Testing

/// Compares AttentionCore with numpy float64 reference values (Fixtures/generate_reference.py).
struct ReferenceTests {
    struct Case: CustomStringConvertible, @unchecked Sendable {
        var name: String
        var kind: String
        var inputs: [String: Any]
        var expected: [String: Any]
        var description: String { name }
    }

    static let fixture: (numpy: String, cases: [Case]) = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference.json")
        let data = FileManager.default.contents(atPath: url.path) ?? Data()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let cases = (json["cases"] as? [[String: Any]] ?? []).map {
            Case(name: $0["name"] as? String ?? "", kind: $0["kind"] as? String ?? "",
                 inputs: $0["inputs"] as? [String: Any] ?? [:], expected: $0["expected"] as? [String: Any] ?? [:])
        }
        return (json["numpy"] as? String ?? "?", cases)
    }()

    static func matrix(_ any: Any?) throws -> Matrix {
        let object = try #require(any as? [String: Any])
        let rows = try #require(object["rows"] as? Int), cols = try #require(object["cols"] as? Int)
        let data = try #require(object["data"] as? [Any]).map { value -> Double in
            if let s = value as? String, s == "-inf" { return -.infinity }
            return (value as? NSNumber)?.doubleValue ?? .nan
        }
        return try Matrix(rows: rows, cols: cols, storage: data)
    }

    /// Relative tolerance 1e-9 (absolute 1e-12 near zero); −∞ must match exactly.
    static func expectClose(_ actual: Matrix, _ expected: Matrix, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.rows == expected.rows && actual.cols == expected.cols, "\(what): shape \(actual.shapeDescription) vs \(expected.shapeDescription)",
                sourceLocation: sourceLocation)
        guard actual.storage.count == expected.storage.count else { return }
        var worst = 0.0
        for (a, e) in zip(actual.storage, expected.storage) {
            if e.isInfinite || a.isInfinite {
                #expect(a == e, "\(what): \(a) vs \(e)", sourceLocation: sourceLocation)
                continue
            }
            #expect(!a.isNaN, "\(what): NaN", sourceLocation: sourceLocation)
            worst = max(worst, abs(a - e) / max(abs(e), 1e-3))
            #expect(abs(a - e) <= 1e-9 * abs(e) + 1e-12, "\(what): \(a) vs \(e)", sourceLocation: sourceLocation)
        }
        #expect(worst < 1e-9, "\(what): worst relative error \(worst)", sourceLocation: sourceLocation)
    }

    @Test func fixtureHasAtLeastThirtyCases() {
        #expect(Self.fixture.cases.count >= 30)
        print("reference fixture: \(Self.fixture.cases.count) cases from numpy \(Self.fixture.numpy)")
    }

    @Test(arguments: fixture.cases)
    func matchesNumpy(_ c: Case) throws {
        let i = c.inputs, e = c.expected
        switch c.kind {
        case "matmul":
            Self.expectClose(try Self.matrix(i["a"]).multiplied(by: try Self.matrix(i["b"])), try Self.matrix(e["c"]), c.name)
        case "softmax":
            Self.expectClose(try Self.matrix(i["x"]).softmaxRows(), try Self.matrix(e["y"]), c.name)
        case "attention":
            let mask = i["mask"] == nil ? nil : try Self.matrix(i["mask"])
            let result = try Attention.scaledDotProduct(query: try Self.matrix(i["q"]), key: try Self.matrix(i["k"]), value: try Self.matrix(i["v"]),
                                                        mask: mask, scale: (i["scale"] as? NSNumber)?.doubleValue)
            Self.expectClose(result.weights, try Self.matrix(e["weights"]), c.name + " weights")
            Self.expectClose(result.output, try Self.matrix(e["output"]), c.name + " output")
        case "multihead":
            let mask = i["mask"] == nil ? nil : try Self.matrix(i["mask"])
            let result = try Attention.multiHead(try Self.matrix(i["x"]), wQ: try Self.matrix(i["wq"]), wK: try Self.matrix(i["wk"]),
                                                 wV: try Self.matrix(i["wv"]), wO: try Self.matrix(i["wo"]),
                                                 heads: try #require(i["heads"] as? Int), mask: mask)
            let expectedHeads = try #require(e["head_weights"] as? [Any])
            #expect(result.heads.count == expectedHeads.count)
            for (h, expected) in zip(result.heads, expectedHeads) { Self.expectClose(h.weights, try Self.matrix(expected), c.name + " head") }
            Self.expectClose(result.concatenated, try Self.matrix(e["concat"]), c.name + " concat")
            Self.expectClose(result.output, try Self.matrix(e["output"]), c.name + " output")
        case "positional":
            let pe = try Attention.positionalEncoding(positions: try #require(i["positions"] as? Int), dim: try #require(i["dim"] as? Int))
            Self.expectClose(pe, try Self.matrix(e["pe"]), c.name)
        case "transpose":
            Self.expectClose(try Self.matrix(i["a"]).transposed, try Self.matrix(e["t"]), c.name)
        case "elementwise":
            let a = try Self.matrix(i["a"]), b = try Self.matrix(i["b"])
            for (op, key) in [(ElementwiseOperation.add, "add"), (.subtract, "subtract"), (.multiply, "multiply"), (.divide, "divide")] {
                Self.expectClose(try a.combined(with: b, op), try Self.matrix(e[key]), "\(c.name) \(key)")
            }
        default:
            Issue.record("unknown case kind \(c.kind)")
        }
    }
}
