import Cells
import Foundation
import TestSupport
import Testing

/// Runs every `attention` example in docs/cells.md, top to bottom in one environment as a page would.
struct ReferenceDocTests {
    static func examples() throws -> [(code: String, line: Int)] {
        let url = Snapshot.repositoryRoot().appendingPathComponent("docs/cells.md")
        let text = try #require(String(data: try Data(contentsOf: url), encoding: .utf8))
        var examples: [(String, Int)] = []
        var current: [String]?
        var start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line == "```attention" {
                current = []
                start = index + 2
            } else if current != nil, line == "```" {
                examples.append((current!.joined(separator: "\n"), start))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return examples
    }

    @Test func everyExampleRuns() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 9)
        let interpreter = Interpreter()
        var outputs = 0
        for (number, example) in examples.enumerated() {
            let (cell, optionErrors) = Cell.parse(example.code, origin: CellOrigin(file: "docs/cells.md", firstLine: example.line), number: number + 1)
            #expect(optionErrors.isEmpty, "\(optionErrors)")
            let result = try interpreter.run(cell)
            outputs += result.outputs.count
            if cell.options.expectError { #expect(result.expectedError != nil) } else { #expect(!result.outputs.isEmpty) }
        }
        #expect(outputs >= 35)
    }
}
