import Foundation
import Testing
@testable import Render

/// Runs the official Mustache spec (../shared/peer-tests/mustache-spec/) when the folder exists.
struct MustacheSpecTests {
    static let specFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/peer-tests/mustache-spec")

    static let requiredModules = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"]

    struct Case: CustomStringConvertible, Sendable {
        var module: String
        var name: String
        var template: String
        var data: MustacheValue
        var partials: [String: String]
        var expected: String
        var description: String { "\(module): \(name)" }
    }

    static func cases() -> [Case] {
        var result: [Case] = []
        for module in requiredModules {
            let url = specFolder.appendingPathComponent("\(module).json")
            guard let data = try? Data(contentsOf: url),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let tests = json["tests"] as? [[String: Any]] else { continue }
            for test in tests {
                result.append(Case(module: module, name: test["name"] as? String ?? "?",
                                   template: test["template"] as? String ?? "", data: convert(test["data"] as Any),
                                   partials: test["partials"] as? [String: String] ?? [:],
                                   expected: test["expected"] as? String ?? ""))
            }
        }
        return result
    }

    static func convert(_ any: Any) -> MustacheValue {
        switch any {
        case let b as Bool where type(of: any) == Bool.self: return .bool(b)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .list(a.map(convert))
        case let o as [String: Any]: return .object(o.mapValues(convert))
        default: return .null
        }
    }

    @Test func specFolderIsPresentAndPasses() throws {
        guard FileManager.default.fileExists(atPath: Self.specFolder.path) else {
            print("Mustache spec folder not found at \(Self.specFolder.path); skipping")
            return
        }
        let all = Self.cases()
        #expect(all.count > 100)
        var passed = 0
        for c in all {
            let rendered = try MustacheTemplate(c.template).render(c.data, partials: c.partials)
            #expect(rendered == c.expected, "\(c)")
            if rendered == c.expected { passed += 1 }
        }
        print("Mustache spec: \(passed) of \(all.count) tests passed (modules: \(Self.requiredModules.joined(separator: ", ")))")
    }
}
