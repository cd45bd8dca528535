import AttentionCore

/// The built-in functions of the cell language, each declared once with its parameters.
enum Builtins {
    /// A parameter: its name, and whether a call must give it.
    struct Parameter {
        var name: String
        var required: Bool
    }

    static let signatures: [String: [Parameter]] = [
        "embed": [p("tokens"), p("dim"), p("seed", false)],
        "random": [p("rows"), p("cols"), p("seed", false)],
        "zeros": [p("rows"), p("cols")],
        "ones": [p("rows"), p("cols")],
        "identity": [p("n")],
        "positional": [p("positions"), p("dim")],
        "softmax": [p("x")],
        "sqrt": [p("x")],
        "exp": [p("x")],
        "causal_mask": [p("n")],
        "padding_mask": [p("valid"), p("size", false)],
        "attention": [p("Q"), p("K"), p("V"), p("mask", false), p("scale", false)],
        "multihead": [p("X"), p("W_Q"), p("W_K"), p("W_V"), p("W_O"), p("heads"), p("mask", false)],
        "split_heads": [p("x"), p("heads")],
        "concat_heads": [p("heads")],
        "load": [p("path")],
        "shape": [p("x")],
        "sum": [p("x")],
        "argmax": [p("x")],
        "cosine": [p("a"), p("b")],
        "rows": [p("x"), p("select")],
        "cols": [p("x"), p("select")],
        "label": [p("x"), p("rows", false), p("cols", false)],
        "transpose": [p("x")],
        "len": [p("x")],
    ]

    static let names = Set(signatures.keys)

    private static func p(_ name: String, _ required: Bool = true) -> Parameter { Parameter(name: name, required: required) }

    /// Arguments matched to a built-in's parameters by position or name.
    struct Bound {
        var function: String
        var values: [String: (value: Value, expression: Expression)]
        var range: SourceRange
        let interpreter: Interpreter

        func has(_ name: String) -> Bool { values[name] != nil }

        func matrix(_ name: String) throws(Diagnostic) -> Matrix {
            let (value, expression) = values[name]!
            return try Interpreter.asMatrix(value, expression)
        }

        func number(_ name: String) throws(Diagnostic) -> Double {
            let (value, expression) = values[name]!
            guard case let .number(x) = value else {
                throw Diagnostic("\(function)'s '\(name)' must be a number, but \(expression.source) is \(value.kindDescription)", at: expression.range)
            }
            return x
        }

        func count(_ name: String, minimum: Int = 0) throws(Diagnostic) -> Int {
            let x = try number(name)
            let range = values[name]!.expression.range
            guard x == x.rounded(), x >= Double(minimum), x <= 1e9 else {
                throw Diagnostic("\(function)'s '\(name)' must be a whole number of at least \(minimum), not \(x)", at: range)
            }
            return Int(x)
        }

        func seed(_ name: String = "seed") throws(Diagnostic) -> UInt64 {
            guard has(name) else { return 0 }
            return UInt64(try count(name))
        }

        func string(_ name: String) throws(Diagnostic) -> String {
            let (value, expression) = values[name]!
            guard case let .string(s) = value else {
                throw Diagnostic("\(function)'s '\(name)' must be a string, but \(expression.source) is \(value.kindDescription)", at: expression.range)
            }
            return s
        }

        func strings(_ name: String) throws(Diagnostic) -> [String] {
            let (value, expression) = values[name]!
            guard case let .list(items) = value else {
                throw Diagnostic("\(function)'s '\(name)' must be a list of strings, but \(expression.source) is \(value.kindDescription)", at: expression.range)
            }
            var result: [String] = []
            for item in items {
                guard case let .string(s) = item else {
                    throw Diagnostic("\(function)'s '\(name)' must hold strings only, but it holds \(item.kindDescription)", at: expression.range)
                }
                result.append(s)
            }
            return result
        }

        func expression(_ name: String) -> Expression { values[name]!.expression }
        func value(_ name: String) -> Value { values[name]!.value }
    }

    static func call(_ name: String, arguments: [Argument], range: SourceRange, interpreter: Interpreter) throws(Diagnostic) -> Value {
        guard let parameters = signatures[name] else {
            let defined = interpreter.environment[name] != nil
            throw Diagnostic(defined ? "'\(name)' is a value, not a function" : "unknown function '\(name)'", at: range,
                             notes: suggestion(for: name, among: names.sorted()))
        }
        var bound = Bound(function: name, values: [:], range: range, interpreter: interpreter)
        var positional = 0
        // Only error messages need the usage line.
        var usage: String { "\(name)(" + parameters.map { $0.required ? $0.name : "\($0.name):" }.joined(separator: ", ") + ")" }
        for argument in arguments {
            let parameter: Parameter
            if let label = argument.label {
                guard let match = parameters.first(where: { $0.name == label }) else {
                    throw Diagnostic("\(name) has no argument named '\(label)'", at: argument.labelRange ?? argument.value.range,
                                     notes: suggestion(for: label, among: parameters.map(\.name)) + ["usage: \(usage)"])
                }
                parameter = match
            } else {
                guard positional < parameters.count else {
                    throw Diagnostic("\(name) takes at most \(parameters.count) arguments, got \(arguments.count)", at: argument.value.range,
                                     notes: ["usage: \(usage)"])
                }
                parameter = parameters[positional]
                positional += 1
            }
            if bound.values[parameter.name] != nil {
                throw Diagnostic("\(name)'s '\(parameter.name)' is given twice", at: argument.value.range)
            }
            bound.values[parameter.name] = (try interpreter.evaluate(argument.value), argument.value)
        }
        for parameter in parameters where parameter.required && bound.values[parameter.name] == nil {
            throw Diagnostic("\(name) needs its '\(parameter.name)' argument", at: range, notes: ["usage: \(usage)"])
        }
        return try evaluate(name, bound, interpreter: interpreter)
    }

    // MARK: - Implementations

    private static func evaluate(_ name: String, _ a: Bound, interpreter: Interpreter) throws(Diagnostic) -> Value {
        let range = a.range
        func core<T>(_ body: () throws(MatrixError) -> T) throws(Diagnostic) -> T { try interpreter.check(range, body) }
        switch name {
        case "embed":
            let tokens = try a.strings("tokens")
            interpreter.tokensSeen += tokens.count
            guard interpreter.tokensSeen <= Interpreter.maxTokensPerPage else {
                throw Diagnostic("this page uses more than \(Interpreter.maxTokensPerPage) tokens", at: range)
            }
            let dim = try a.count("dim", minimum: 1), seed = try a.seed()
            return .matrix(try core { () throws(MatrixError) in try Toy.embed(tokens: tokens, dim: dim, seed: seed) })
        case "random":
            let r = try a.count("rows", minimum: 1), c = try a.count("cols", minimum: 1), seed = try a.seed()
            return .matrix(try core { () throws(MatrixError) in try Toy.random(rows: r, cols: c, seed: seed) })
        case "zeros", "ones":
            let r = try a.count("rows", minimum: 1), c = try a.count("cols", minimum: 1)
            return .matrix(try core { () throws(MatrixError) in try Matrix(rows: r, cols: c, repeating: name == "ones" ? 1 : 0) })
        case "identity":
            let n = try a.count("n", minimum: 1)
            return .matrix(try core { () throws(MatrixError) in try Matrix.identity(n) })
        case "positional":
            let n = try a.count("positions", minimum: 1), d = try a.count("dim", minimum: 1)
            return .matrix(try core { () throws(MatrixError) in try Attention.positionalEncoding(positions: n, dim: d) })
        case "softmax":
            return .matrix(try a.matrix("x").softmaxRows())
        case "sqrt", "exp":
            let f: (Double) -> Double = name == "sqrt" ? { $0.squareRoot() } : { Elementary.exp($0) }
            switch a.value("x") {
            case let .number(x): return .number(f(x))
            default: return .matrix(try a.matrix("x").map(f))
            }
        case "causal_mask":
            let n = try a.count("n", minimum: 1)
            return .matrix(try core { () throws(MatrixError) in try Mask.causal(n) })
        case "padding_mask":
            return .matrix(try paddingMask(a))
        case "attention":
            let q = try a.matrix("Q"), k = try a.matrix("K"), v = try a.matrix("V")
            let mask = a.has("mask") ? try a.matrix("mask") : nil
            let scale = a.has("scale") ? try a.number("scale") : nil
            let result = try core { () throws(MatrixError) in
                try Attention.scaledDotProduct(query: q, key: k, value: v, mask: mask, scale: scale)
            }
            var raw = try core { () throws(MatrixError) in try q.multiplied(by: k.transposed) }
            raw.colLabels = k.rowLabels
            return .attention(AttentionValue(rawScores: raw, scale: scale ?? 1 / Double(q.cols).squareRoot(),
                                             mask: mask, result: result, values: v))
        case "multihead":
            let heads = try a.count("heads", minimum: 1)
            let x = try a.matrix("X"), wq = try a.matrix("W_Q"), wk = try a.matrix("W_K"), wv = try a.matrix("W_V"), wo = try a.matrix("W_O")
            let mask = a.has("mask") ? try a.matrix("mask") : nil
            let result = try core { () throws(MatrixError) in
                try Attention.multiHead(x, wQ: wq, wK: wk, wV: wv, wO: wo, heads: heads, mask: mask)
            }
            return .multihead(MultiHeadValue(result: result))
        case "split_heads":
            let x = try a.matrix("x"), heads = try a.count("heads", minimum: 1)
            return .list(try core { () throws(MatrixError) in try Attention.splitHeads(x, heads: heads) }.map(Value.matrix))
        case "concat_heads":
            guard case let .list(items) = a.value("heads") else {
                throw Diagnostic("concat_heads takes a list of matrices", at: a.expression("heads").range)
            }
            var parts: [Matrix] = []
            for item in items { parts.append(try Interpreter.asMatrix(item, a.expression("heads"))) }
            return .matrix(try core { () throws(MatrixError) in try Attention.concatHeads(parts) })
        case "load":
            return .matrix(try load(a, interpreter: interpreter))
        case "shape":
            switch a.value("x") {
            case let .list(items): return .list([.number(Double(items.count))])
            default:
                let m = try a.matrix("x")
                return .list([.number(Double(m.rows)), .number(Double(m.cols))])
            }
        case "sum":
            switch a.value("x") {
            case let .list(items):
                var total = 0.0
                for item in items {
                    guard case let .number(x) = item else { throw Diagnostic("sum of a list needs numbers", at: a.expression("x").range) }
                    total += x
                }
                return .number(total)
            default:
                let m = try a.matrix("x")
                return m.rows == 1 || m.cols == 1 ? .number(m.total) : .matrix(m.rowSums)
            }
        case "argmax":
            let m = try a.matrix("x")
            if m.rows == 1 {
                let j = m.rowArgmax[0]
                return m.colLabels.map { .string($0[j]) } ?? .number(Double(j))
            }
            let best = m.rowArgmax
            return .list(best.map { j in m.colLabels.map { .string($0[j]) } ?? .number(Double(j)) })
        case "cosine":
            let x = try a.matrix("a"), y = try a.matrix("b")
            do { return .number(try x.cosine(with: y)) } catch {
                throw Diagnostic("cosine needs two vectors of the same length: \(a.expression("a").source) is \(x.shapeDescription), \(a.expression("b").source) is \(y.shapeDescription)", at: range)
            }
        case "rows", "cols":
            let m = try a.matrix("x")
            let axis: Axis = name == "rows" ? .rows : .columns
            var indices: [Int] = []
            let selection = a.expression("select")
            guard case let .list(items) = a.value("select"), case let .list(expressions) = selection.kind else {
                throw Diagnostic("\(name) takes a list of positions or labels, e.g. \(name)(X, [\"bank\", \"river\"])", at: selection.range)
            }
            for (item, expression) in zip(items, expressions) {
                indices.append(try interpreter.matrixIndex(expression, in: m, axis: axis, value: item))
            }
            return .matrix(try core { () throws(MatrixError) in
                axis == .rows ? try m.selectingRows(indices) : try m.selectingColumns(indices)
            })
        case "label":
            var m = try a.matrix("x")
            if a.has("rows") {
                let labels = try a.strings("rows")
                guard labels.count == m.rows else {
                    throw Diagnostic("\(labels.count) row labels for \(m.rows) rows", at: a.expression("rows").range)
                }
                m.rowLabels = labels
            }
            if a.has("cols") {
                let labels = try a.strings("cols")
                guard labels.count == m.cols else {
                    throw Diagnostic("\(labels.count) column labels for \(m.cols) columns", at: a.expression("cols").range)
                }
                m.colLabels = labels
            }
            return .matrix(m)
        case "transpose":
            return .matrix(try a.matrix("x").transposed)
        case "len":
            switch a.value("x") {
            case let .list(items): return .number(Double(items.count))
            case let .string(s): return .number(Double(s.count))
            default: return .number(Double(try a.matrix("x").rows))
            }
        default:
            throw Diagnostic("unknown function '\(name)'", at: range)
        }
    }

    /// `padding_mask([true, true, false])` or `padding_mask(3, size: 5)` (the first 3 of 5 are real).
    private static func paddingMask(_ a: Bound) throws(Diagnostic) -> Matrix {
        let expression = a.expression("valid")
        switch a.value("valid") {
        case .number:
            let length = try a.count("valid")
            guard a.has("size") else {
                throw Diagnostic("padding_mask with a length needs size:, e.g. padding_mask(\(length), size: 6)", at: a.range)
            }
            let size = try a.count("size", minimum: 1)
            guard length <= size else { throw Diagnostic("padding length \(length) is larger than size \(size)", at: expression.range) }
            return try a.interpreter.check(a.range) { () throws(MatrixError) in try Mask.padding(length: length, size: size) }
        case let .list(items):
            var valid: [Bool] = []
            for item in items {
                switch item {
                case let .number(x) where x == 0 || x == 1: valid.append(x == 1)
                default:
                    throw Diagnostic("padding_mask takes a list of 1 (a real token) and 0 (padding), or a length", at: expression.range)
                }
            }
            let size = a.has("size") ? try a.count("size", minimum: 1) : valid.count
            return try a.interpreter.check(a.range) { () throws(MatrixError) in try Mask.padding(valid: valid, queries: size) }
        default:
            throw Diagnostic("padding_mask takes a list of 1 and 0, or a length", at: expression.range)
        }
    }

    private static func load(_ a: Bound, interpreter: Interpreter) throws(Diagnostic) -> Matrix {
        let path = try a.string("path")
        let range = a.expression("path").range
        guard let loader = interpreter.loader else {
            throw Diagnostic("load(\"\(path)\") cannot read files here", at: range)
        }
        switch loader.read(path) {
        case let .failure(failure):
            throw Diagnostic(failure.message, at: range)
        case let .success(text):
            do { return try CSV.matrix(from: text) } catch {
                throw Diagnostic("\(path): \(error.message)", at: range)
            }
        }
    }
}

extension Interpreter {
    func matrixIndex(_ expression: Expression, in m: Matrix, axis: Axis, value: Value) throws(Diagnostic) -> Int {
        if case .string = value { return try matrixIndex(expression, in: m, axis: axis) }
        return try position(expression, value: value, count: axis == .rows ? m.rows : m.cols, axis: axis == .rows ? "row" : "column")
    }
}
