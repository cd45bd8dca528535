import Cells
import Foundation
import Testing

/// Bad cells: each must give one diagnostic with the exact message text (or its start) and the exact
/// line and column in the lesson. The cell's first line is line 10 of "lesson.md".
struct DiagnosticTests {
    struct Bad: CustomStringConvertible, Sendable {
        var source: String
        var message: String
        var line: Int
        var column: Int
        var note: String? = nil
        var description: String { source.replacingOccurrences(of: "\n", with: "⏎") }
    }

    static let prelude = "X = embed([\"I\", \"am\", \"a\", \"river\"], dim: 8, seed: 1)\nW = random(4, 4, seed: 2)\n"

    static let cases: [Bad] = [
        // Syntax.
        Bad(source: "x = (1 + 2", message: "this '(' is never closed", line: 10, column: 5, note: "add ')' to close the parenthesis"),
        Bad(source: "x = [1, 2", message: "this '[' is never closed", line: 10, column: 5),
        Bad(source: "x = softmax([[1]]\ny = 2", message: "this '(' is never closed", line: 10, column: 12),
        Bad(source: "x = (1 + 2]", message: "expected ')' to close the parenthesis, found ']'", line: 10, column: 11),
        Bad(source: "x = 1 +", message: "the expression ends too early", line: 10, column: 8),
        Bad(source: "x =", message: "nothing after '=': write the value to give x", line: 10, column: 4),
        Bad(source: "x = \"open", message: "this string is never closed", line: 10, column: 5),
        Bad(source: "x = 3 $ 4", message: "unexpected character '$'", line: 10, column: 7),
        Bad(source: "x = 2 × 3", message: "unexpected character '×'", line: 10, column: 7, note: "write · or @ for a matrix product, * for element-wise"),
        Bad(source: "x = A^2", message: "'^' is only used for transpose, written ^T", line: 10, column: 6),
        Bad(source: "x = 1 2", message: "unexpected '2': each statement goes on its own line", line: 10, column: 7),
        Bad(source: "1 + 2", message: "a bare expression does nothing", line: 10, column: 1),
        Bad(source: "show", message: "the expression ends too early", line: 10, column: 5),
        Bad(source: "x = f(a: 1, 2)", message: "a positional argument cannot follow a named one", line: 10, column: 13),
        Bad(source: "x = )", message: "expected a value but found ')'", line: 10, column: 5),
        Bad(source: "x = 1\n  y = 2 3", message: "unexpected '3': each statement goes on its own line", line: 11, column: 9),
        Bad(source: "x = 1e999", message: "'1e999' is not a number", line: 10, column: 5),
        Bad(source: "x = a.", message: "expected a name after '.'", line: 10, column: 7),
        Bad(source: "show X as", message: "expected a view name after 'as'", line: 10, column: 10),
        Bad(source: "show X as heatmapp", message: "unknown view 'heatmapp'", line: 10, column: 11, note: "did you mean heatmap?"),
        // Names and functions.
        Bad(source: "show Y", message: "'Y' is not defined", line: 10, column: 6),
        Bad(source: "x = sofmax([[1]])", message: "unknown function 'sofmax'", line: 10, column: 5, note: "did you mean softmax?"),
        Bad(source: "x = X(1)", message: "'X' is a value, not a function", line: 12, column: 5),
        Bad(source: "softmax = 1", message: "'softmax' is a built-in function and cannot be assigned", line: 10, column: 1),
        Bad(source: "x = random(2)", message: "random needs its 'cols' argument", line: 10, column: 5),
        Bad(source: "x = sqrt(1, 2)", message: "sqrt takes at most 1 arguments, got 2", line: 10, column: 13),
        Bad(source: "x = random(2, 2, sed: 1)", message: "random has no argument named 'sed'", line: 10, column: 18, note: "did you mean seed?"),
        Bad(source: "x = random(2, 2, seed: 1, seed: 2)", message: "random's 'seed' is given twice", line: 10, column: 33),
        // Types.
        Bad(source: "x = random(\"a\", 2)", message: "random's 'rows' must be a number, but \"a\" is a string", line: 10, column: 12),
        Bad(source: "x = random(2.5, 2)", message: "random's 'rows' must be a whole number of at least 1, not 2.5", line: 10, column: 12),
        Bad(source: "x = embed(\"I am\", dim: 4)", message: "embed's 'tokens' must be a list of strings, but \"I am\" is a string", line: 10, column: 11),
        Bad(source: "x = embed([\"a\", 1], dim: 4)", message: "embed's 'tokens' must hold strings only, but it holds a number", line: 10, column: 11),
        Bad(source: "x = softmax(\"a\")", message: "expected a matrix but \"a\" is a string", line: 10, column: 13),
        Bad(source: "x = -\"a\"", message: "cannot negate a string", line: 10, column: 5),
        Bad(source: "x = \"a\" + 1", message: "cannot add a string and a number", line: 10, column: 5),
        Bad(source: "x = [[1, 2], [3]]", message: "row 1 has 1 numbers but row 0 has 2", line: 10, column: 14),
        Bad(source: "x = [[1, \"a\"]]", message: "element 1 of row 0 is a string, not a number", line: 10, column: 6),
        // Shapes.
        Bad(source: "Q = X · W", message: "cannot multiply X (4×8) by W (4×4): inner sizes 8 and 4 differ", line: 12, column: 5),
        Bad(source: "Q = X + W", message: "cannot add X (4×8) and W (4×4): shapes differ", line: 12, column: 5),
        Bad(source: "Q = X - W", message: "cannot subtract X (4×8) and W (4×4): shapes differ", line: 12, column: 5),
        Bad(source: "Q = X * W", message: "cannot multiply element-wise X (4×8) and W (4×4): shapes differ", line: 12, column: 5),
        Bad(source: "Q = X / W", message: "cannot divide element-wise X (4×8) and W (4×4): shapes differ", line: 12, column: 5),
        Bad(source: "Q = 2 · X", message: "'·' multiplies two matrices; here it has a number and a 4×8 matrix", line: 12, column: 5),
        Bad(source: "a = attention(X, W, X)", message: "cannot multiply Q (4×8) by Kᵀ (4×4): inner sizes 8 and 4 differ", line: 12, column: 5),
        Bad(source: "a = attention(X, X, X, mask: causal_mask(3))", message: "cannot add the scores (4×4) and the mask (3×3): shapes differ", line: 12, column: 5),
        Bad(source: "h = split_heads(X, 3)", message: "d_model 8 cannot be split into 3 heads: 8 is not a multiple of 3", line: 12, column: 5),
        Bad(source: "c = cosine(X, W)", message: "cosine needs two vectors of the same length: X is 4×8, W is 4×4", line: 12, column: 5),
        // Indices and labels.
        Bad(source: "x = X[4]", message: "row 4 is out of range: there are 4 (0 to 3)", line: 12, column: 7),
        Bad(source: "x = X[0, 8]", message: "column 8 is out of range: there are 8 (0 to 7)", line: 12, column: 10),
        Bad(source: "x = X[\"rivr\"]", message: "no row is labelled \"rivr\"", line: 12, column: 7, note: "did you mean river?"),
        Bad(source: "x = W[\"a\"]", message: "no row is labelled \"a\"", line: 12, column: 7, note: "this matrix's rows have no labels; index by position"),
        Bad(source: "x = X[1.5]", message: "an index must be a whole number or a label, not a number", line: 12, column: 7),
        Bad(source: "x = X[0, 0, 0]", message: "a matrix takes one index (a row) or two (row, column), not 3", line: 12, column: 5),
        Bad(source: "x = 3[0]", message: "cannot index a number", line: 12, column: 5),
        // Views.
        Bad(source: "show X as steps", message: "the steps view needs attention(Q, K, V) or softmax(scores), not a 4×8 matrix", line: 12, column: 11),
        Bad(source: "show softmax(X) as steps", message: "say which query row to show", line: 12, column: 20),
        Bad(source: "show X as sum for 0", message: "the sum view needs attention(Q, K, V) or a product A · V, not X", line: 12, column: 11),
        Bad(source: "show X for 0", message: "'for' picks a row for the steps and sum views only", line: 12, column: 6),
        // Sizes.
        Bad(source: "x = zeros(100000, 100000)", message: "a 100000×100000 matrix is too large: at most 16777216 elements are allowed", line: 10, column: 5),
        Bad(source: "x = causal_mask(5000)", message: "a 5000×5000 matrix is too large: at most 16777216 elements are allowed", line: 10, column: 5),
        Bad(source: "x = " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100),
            message: "this expression is nested too deeply (more than 64 levels)", line: 10, column: 69),
        Bad(source: "x = " + String(repeating: "-", count: 100) + "1", message: "this expression is nested too deeply (more than 64 levels)", line: 10, column: 68),
        // load without a file system.
        Bad(source: "x = load(\"e.csv\")", message: "load(\"e.csv\") cannot read files here", line: 10, column: 10),
        Bad(source: "x = load(3)", message: "load's 'path' must be a string, but 3 is a number", line: 10, column: 10),
    ]

    @Test(arguments: cases)
    func reportsMessageAndLocation(_ bad: Bad) {
        // Cases on line 12 and later run after the two-line prelude that defines X (4×8) and W (4×4).
        let source = bad.line >= 12 ? Self.prelude + bad.source : bad.source
        let (cell, optionErrors) = Cell.parse(source, origin: CellOrigin(file: "lesson.md", firstLine: 10), number: 1)
        #expect(optionErrors.isEmpty)
        do {
            _ = try Interpreter().run(cell)
            Issue.record("no error for \(bad)")
        } catch {
            #expect(error.message.hasPrefix(bad.message), "message: \(error.message)")
            #expect(error.location.file == "lesson.md")
            #expect(error.location.line == bad.line, "line of \(error.message)")
            #expect(error.location.column == bad.column, "column of \(error.message)")
            if let note = bad.note { #expect(error.notes.contains(note), "notes: \(error.notes)") }
        }
    }

    @Test func atLeastFortyBadCells() {
        #expect(Self.cases.count >= 40)
    }

    @Test func unknownOptionListsKnownOnes() {
        let (_, diagnostics) = Cell.parse("#| id: a\n#| captoin: hi\nx = 1", origin: CellOrigin(file: "l.md", firstLine: 3), number: 1)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "unknown cell option 'captoin'")
        #expect(diagnostics.first?.location == SourceLocation(file: "l.md", line: 4, column: 4))
        #expect(diagnostics.first?.notes.contains("did you mean caption?") == true)
        #expect(diagnostics.first?.notes.last == "options: id, caption, echo, output, precision, colormap, error")
    }

    @Test func badOptionValues() {
        let (_, diagnostics) = Cell.parse("#| echo: maybe\n#| precision: 40\n#| colormap: jet", origin: CellOrigin(file: "l.md", firstLine: 1), number: 1)
        #expect(diagnostics.map(\.message) == ["option 'echo' takes true or false, not 'maybe'",
                                               "precision must be a whole number from 0 to 12, not '40'",
                                               "unknown colormap 'jet'"])
        #expect(diagnostics.map(\.location.line) == [1, 2, 3])
    }

    @Test func expectedErrorIsShownAsOutput() throws {
        let origin = CellOrigin(file: "l.md", firstLine: 1)
        let failing = Cell.parse("#| error: true\nshow Y", origin: origin, number: 1).0
        let result = try Interpreter().run(failing)
        #expect(result.expectedError?.message == "'Y' is not defined")
        #expect(result.expectedError?.location.line == 2)
        let fine = Cell.parse("#| error: true\nx = 1", origin: origin, number: 1).0
        #expect(throws: Diagnostic.self) { try Interpreter().run(fine) }
    }
}
