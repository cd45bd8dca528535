import AttentionCore
import Cells
import Testing

/// What cells compute: values, precedence, labels, views' data.
struct InterpreterTests {
    func run(_ source: String, _ interpreter: Interpreter = Interpreter()) throws -> [Output] {
        let (cell, errors) = Cell.parse(source, origin: CellOrigin(file: "t.md", firstLine: 1), number: 1)
        #expect(errors.isEmpty)
        return try interpreter.run(cell).outputs
    }

    func number(_ expression: String, after setup: String = "") throws -> Double {
        let interpreter = Interpreter()
        _ = try run(setup, interpreter)
        guard case let .number(x) = try interpreter.evaluateInline(expression, origin: CellOrigin(file: "t.md", firstLine: 1)) else {
            Issue.record("\(expression) is not a number")
            return .nan
        }
        return x
    }

    @Test func precedenceFollowsMathematics() throws {
        #expect(try number("1 + 2 * 3") == 7)
        #expect(try number("(1 + 2) * 3") == 9)
        #expect(try number("-2 * 3 + 10 / 4") == -3.5)
        #expect(try number("2 - 3 - 4") == -5)
        #expect(try number("8 / 2 / 2") == 2)
        // ^T binds tighter than unary minus and products: -M^T · M is -(M^T) · M.
        #expect(try number("(-M^T · M)[0, 0]", after: "M = [[1, 2], [3, 4]]") == -10)
        #expect(try number("(M · M^T)[0, 1]", after: "M = [[1, 2], [3, 4]]") == 11)
    }

    @Test func labelsTravelAndIndexByLabel() throws {
        let setup = """
        F = label([[0.9, 0.1], [0.2, 0.8]], rows: ["bank", "river"], cols: ["water", "money"])
        G = F · F^T
        """
        #expect(try number("F[\"river\", \"money\"]", after: setup) == 0.8)
        #expect(try number("G[\"bank\", \"river\"]", after: setup) == 0.9 * 0.2 + 0.1 * 0.8)
        #expect(try number("sum(softmax(F)[\"bank\"])", after: setup) == 1)
    }

    @Test func attentionValueExposesItsParts() throws {
        let outputs = try run("""
        X = embed(["a", "b", "c"], dim: 4, seed: 2)
        att = attention(X, X, X, mask: causal_mask(3))
        show att as steps for "b"
        show att as sum for "c"
        show att.weights
        """)
        guard case let .steps(steps) = outputs[0].content, case let .sum(sum) = outputs[1].content,
              case let .matrix(weights) = outputs[2].content else {
            Issue.record("unexpected outputs")
            return
        }
        #expect(steps.query == "b" && steps.keys == ["a", "b", "c"])
        #expect(steps.mask == [0, 0, -.infinity])
        #expect(steps.weights[2] == 0)
        #expect(abs(steps.weights.reduce(0, +) - 1) < 1e-12)
        #expect(steps.weights == Array(weights.rowValues(1)))
        #expect(sum.query == "c")
        #expect(abs(sum.weights.reduce(0, +) - 1) < 1e-12)
        #expect(weights.colLabels == ["a", "b", "c"])
    }

    @Test func showOfANameCarriesItsDefinition() throws {
        let outputs = try run("V = [[1]] · [[2]]\nshow V")
        #expect(outputs[0].definition?.name == "V")
        #expect(outputs[0].definition?.expression.source == "[[1]] · [[2]]")
    }

    @Test func softmaxOutputsAreMarkedAsWeights() throws {
        let outputs = try run("S = [[1, 2], [3, 4]]\nshow softmax(S) as heatmap\nshow S as heatmap")
        #expect(outputs[0].isWeights)
        #expect(!outputs[1].isWeights)
    }

    @Test func pagesDoNotShareState() throws {
        _ = try run("x = 1")
        #expect(throws: Diagnostic.self) { try run("show x") }
    }
}
