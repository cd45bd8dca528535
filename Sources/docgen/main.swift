import Cells
import DocGen
import Foundation

/// Exit codes, as documented in the README.
enum ExitCode: Int32 {
    case success = 0
    /// Build: a lesson failed. Check: the output folder is stale.
    case failure = 1
    /// Wrong arguments, unreadable templates, or (for check) lessons that fail to build.
    case usage = 2
}

let usage = """
docgen \(DocGenVersion.current): executable lessons about transformer attention

USAGE
  docgen build [CONTENT] [--out DIR] [--format html,md] [--templates DIR] [--jobs N]
               [--diagnostics terminal|github|json] [--quiet] [--force] [--unsafe-html]
  docgen check [CONTENT] [--out DIR] [--tolerance X] [--templates DIR] [--diagnostics …]
  docgen run FILE.md [--diagnostics …]
  docgen help | --help | --version

COMMANDS
  build   Run every lesson under CONTENT (default content/) and write HTML and GFM pages to
          --out (default site/). Failed lessons keep their old output; the exit code is 1.
          Pages whose inputs are unchanged since the last build are skipped (--force rebuilds all).
  check   Build in memory and compare with --out; print what changed, cell by cell. Writes nothing.
  run     Run one lesson and print its outputs in the terminal.

EXIT CODES
  0 success   1 a lesson failed (build) or the output is stale (check)   2 usage or setup error
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("docgen: \(message)\n".utf8))
    exit(ExitCode.usage.rawValue)
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

let commandLine = Array(CommandLine.arguments.dropFirst())
guard let command = commandLine.first else {
    print(usage)
    exit(ExitCode.usage.rawValue)
}
if command == "--version" || command == "version" {
    print("docgen \(DocGenVersion.current)")
    exit(0)
}
if command == "--help" || command == "-h" || command == "help" {
    print(usage)
    exit(0)
}

let parsed: Arguments
do {
    parsed = try Arguments(Array(commandLine.dropFirst()),
                           valueOptions: ["out", "format", "templates", "jobs", "diagnostics", "tolerance"],
                           flagOptions: ["quiet", "help", "unsafe-html", "force"])
} catch {
    fail("\(error.description)\n\nRun 'docgen --help' for usage.")
}
if parsed.flags.contains("help") {
    print(usage)
    exit(0)
}

let style: DiagnosticStyle = {
    guard let name = parsed.options["diagnostics"] else { return .terminal }
    guard let style = DiagnosticStyle(rawValue: name) else { fail("--diagnostics takes terminal, github or json") }
    return style
}()

let exitCode: ExitCode
switch command {
case "build", "check":
    exitCode = Commands.buildOrCheck(check: command == "check", arguments: parsed, style: style)
case "run":
    exitCode = Commands.run(arguments: parsed, style: style)
default:
    fail("unknown command '\(command)'\n\n\(usage)")
}
exit(exitCode.rawValue)
