import Cells

/// Typesets a cell expression as the formula a reader knows: MathML for HTML, LaTeX for GitHub's `$$`.
public enum Formula {
    // MARK: - MathML

    /// `<math>` for `name = expression` (or just the expression when `name` is nil).
    public static func mathML(_ expression: Expression, name: String? = nil) -> String {
        var body = ""
        if let name { body += identifierML(name) + "<mo>=</mo>" }
        body += ml(expression)
        return "<math display=\"block\"><mrow>\(body)</mrow></math>"
    }

    private static func ml(_ e: Expression) -> String {
        switch e.kind {
        case let .number(_, text): return "<mn>\(Markup.escape(text))</mn>"
        case let .string(s): return "<ms>\(Markup.escape(s))</ms>"
        case let .name(n): return identifierML(n)
        case let .list(items):
            return "<mrow><mo>[</mo>" + items.map(ml).joined(separator: "<mo>,</mo>") + "<mo>]</mo></mrow>"
        case let .unaryMinus(x): return "<mrow><mo>−</mo>\(grouped(x, below: 3))</mrow>"
        case let .binary(op, a, b):
            if op == .divide { return "<mfrac><mrow>\(ml(a))</mrow><mrow>\(ml(b))</mrow></mfrac>" }
            let level = precedence(e)
            let symbol = op == .product ? "·" : (op == .multiply ? "⊙" : (op == .subtract ? "−" : op.rawValue))
            return "<mrow>\(grouped(a, below: level))<mo>\(symbol)</mo>\(grouped(b, below: level + 1))</mrow>"
        case let .transpose(x): return "<msup>\(grouped(x, below: 4))<mi mathvariant=\"normal\">T</mi></msup>"
        case let .call(name, arguments):
            if name == "sqrt", arguments.count == 1 { return "<msqrt>\(ml(arguments[0].value))</msqrt>" }
            if name == "exp", arguments.count == 1 { return "<msup><mi>e</mi><mrow>\(ml(arguments[0].value))</mrow></msup>" }
            let args = arguments.map { a in
                (a.label.map { "<mi>\(Markup.escape($0))</mi><mo>:</mo>" } ?? "") + ml(a.value)
            }.joined(separator: "<mo>,</mo>")
            return "<mrow><mi>\(Markup.escape(name))</mi><mo>(</mo>\(args)<mo>)</mo></mrow>"
        case let .index(base, indices):
            let sub = indices.map(indexML).joined(separator: "<mo>,</mo>")
            return "<msub>\(grouped(base, below: 4))<mrow>\(sub)</mrow></msub>"
        case let .member(base, member):
            return "<mrow>\(grouped(base, below: 4))<mo>.</mo><mi mathvariant=\"normal\">\(Markup.escape(member))</mi></mrow>"
        }
    }

    private static func indexML(_ e: Expression) -> String {
        if case let .string(s) = e.kind { return "<mtext>\(Markup.escape(s))</mtext>" }
        return ml(e)
    }

    /// `W_V` as W with subscript V; longer names (`softmax`, `Output`) as one identifier.
    private static func identifierML(_ name: String) -> String {
        let parts = name.split(separator: "_", maxSplits: 1).map(String.init)
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            return "<msub>\(mi(parts[0]))\(mi(parts[1]))</msub>"
        }
        return mi(name)
    }

    private static func mi(_ s: String) -> String {
        s.count == 1 ? "<mi>\(Markup.escape(s))</mi>" : "<mi mathvariant=\"normal\">\(Markup.escape(s))</mi>"
    }

    private static func grouped(_ e: Expression, below level: Int) -> String {
        precedence(e) < level ? "<mrow><mo>(</mo>\(ml(e))<mo>)</mo></mrow>" : ml(e)
    }

    /// 1 additive, 2 multiplicative, 3 unary, 4 postfix and atoms. Division typesets as a fraction
    /// and so never needs parentheses.
    private static func precedence(_ e: Expression) -> Int {
        switch e.kind {
        case let .binary(op, _, _):
            switch op {
            case .add, .subtract: return 1
            case .divide: return 4
            default: return 2
            }
        case .unaryMinus: return 3
        default: return 4
        }
    }

    // MARK: - LaTeX

    /// LaTeX for GitHub's `$$…$$` math blocks.
    public static func latex(_ expression: Expression, name: String? = nil) -> String {
        (name.map { identifierTeX($0) + " = " } ?? "") + tex(expression)
    }

    private static func tex(_ e: Expression) -> String {
        switch e.kind {
        case let .number(_, text): return text
        case let .string(s): return "\\text{\(texText(s))}"
        case let .name(n): return identifierTeX(n)
        case let .list(items): return "[" + items.map(tex).joined(separator: ", ") + "]"
        case let .unaryMinus(x): return "-" + texGrouped(x, below: 3)
        case let .binary(op, a, b):
            if op == .divide { return "\\frac{\(tex(a))}{\(tex(b))}" }
            let level = precedence(e)
            let symbol = op == .product ? " \\cdot " : (op == .multiply ? " \\odot " : " \(op.rawValue) ")
            return texGrouped(a, below: level) + symbol + texGrouped(b, below: level + 1)
        case let .transpose(x): return "{\(texGrouped(x, below: 4))}^{\\mathsf{T}}"
        case let .call(name, arguments):
            if name == "sqrt", arguments.count == 1 { return "\\sqrt{\(tex(arguments[0].value))}" }
            if name == "exp", arguments.count == 1 { return "e^{\(tex(arguments[0].value))}" }
            let args = arguments.map { a in (a.label.map { "\\text{\(texText($0))}: " } ?? "") + tex(a.value) }
            return "\\operatorname{\(texText(name))}\\left(" + args.joined(separator: ", ") + "\\right)"
        case let .index(base, indices):
            return "{\(texGrouped(base, below: 4))}_{" + indices.map(tex).joined(separator: ",") + "}"
        case let .member(base, member):
            return "{\(texGrouped(base, below: 4))}.\\mathrm{\(texText(member))}"
        }
    }

    private static func identifierTeX(_ name: String) -> String {
        let parts = name.split(separator: "_", maxSplits: 1).map(String.init)
        func one(_ s: String) -> String { s.count == 1 ? texText(s) : "\\mathrm{\(texText(s))}" }
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { return "\(one(parts[0]))_{\(one(parts[1]))}" }
        return one(name)
    }

    private static func texGrouped(_ e: Expression, below level: Int) -> String {
        precedence(e) < level ? "\\left(\(tex(e))\\right)" : tex(e)
    }

    /// Escapes LaTeX specials in text; `$` and `|` also end or break GFM math and tables.
    static func texText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\backslash "
            case "{", "}", "#", "$", "%", "&", "_": out += "\\" + String(c)
            case "^": out += "\\hat{}"
            case "~": out += "\\sim "
            case "|": out += "\\vert "
            case "<": out += "\\lt "
            case ">": out += "\\gt "
            case "`": out += "'"
            default: out.append(c)
            }
        }
        return out
    }
}
