import AttentionCore
import Dispatch
import Foundation

/// Benchmarks for release builds. Prints its figures; the last line is `median_ms: <number>`.
///
///     swift run -c release docgen-bench attention --n 2048 --d 64 --repeat 5
let usage = "usage: docgen-bench attention [--n N] [--d D] [--repeat R]"

var arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "attention" else {
    print(usage)
    exitWith(2)
}
arguments.removeFirst()
var settings = ["n": 2048, "d": 64, "repeat": 5]
while arguments.count >= 2, arguments[0].hasPrefix("--"), let value = Int(arguments[1]) {
    let key = String(arguments[0].dropFirst(2))
    guard settings[key] != nil else { print(usage); exitWith(2) }
    settings[key] = value
    arguments.removeFirst(2)
}
guard arguments.isEmpty else { print(usage); exitWith(2) }
let n = settings["n"]!, d = settings["d"]!, repeats = max(1, settings["repeat"]!)

let q = try Toy.random(rows: n, cols: d, seed: 1)
let k = try Toy.random(rows: n, cols: d, seed: 2)
let v = try Toy.random(rows: n, cols: d, seed: 3)
var times: [Double] = []
var checksum = 0.0
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try Attention.scaledDotProduct(query: q, key: k, value: v)
    let end = DispatchTime.now().uptimeNanoseconds
    checksum += result.output.storage[0]
    times.append(Double(end - start) / 1e6)
}
times.sort()
let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
let flops = 4.0 * Double(n) * Double(n) * Double(d)
print("attention n=\(n) d=\(d) repeat=\(repeats) (float64, weights and output materialised)")
print("runs_ms: " + times.map { String(format: "%.3f", $0) }.joined(separator: " "))
print("gflops: " + String(format: "%.2f", flops / (median / 1000) / 1e9))
print("checksum: \(checksum)")
print("median_ms: " + String(format: "%.3f", median))

func exitWith(_ code: Int32) -> Never {
    exit(code)
}
