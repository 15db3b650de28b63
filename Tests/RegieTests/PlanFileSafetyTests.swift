import Foundation
import RegieCore
@testable import RegiePlanFile
import Testing

/// The problems `data` has as a plan file (bytes, not text); empty when it reads.
func problems(inData data: Data) -> [PlanFileProblem] {
    do {
        _ = try PlanFileReader.read(data)
        return []
    } catch {
        return error.problems
    }
}

@Suite("Plan files that are damaged or cut off")
struct PlanFileSafetyTests {
    /// Words of libyaml's English messages that must never reach a user.
    static let english = ["did not find", "mapping values", "found ", "expected", "while scanning", "while parsing", "not allowed", "could not"]

    @Test("A file cut off in the middle of a list, a part or a text is refused with its last line")
    func cutOff() throws {
        let text = try exampleText("stadskanaal-2020-2024.yaml")
        // Cut at byte positions inside the themes, the partners and a block of text.
        for marker in ["    titel: Kwetsbare / verwarde", "    naam: Politie Noord-Nederland", "  werken aan een veilige"] {
            let range = try #require(text.range(of: marker))
            let cut = String(text[..<range.upperBound])
            let found = problems(in: cut)
            let line = cut.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(found.count == 1, "cut at \(marker)")
            #expect(found.first?.line == line)
            #expect(found.first?.message.hasPrefix("het bestand houdt midden in een onderdeel op: de laatste regel heeft geen regeleinde") == true)
        }
        // A key whose value is missing at the very end, and a list dash with nothing after it.
        for ending in ["\nmonitoring:", "\nalgemene-doelen:\n  -", "\nmonitoring: |"] {
            let found = problems(in: minimalPlanFile + ending.dropFirst())
            #expect(found.map(\.message).first?.contains("de waarde ontbreekt") == true, "ending \(ending)")
        }
        // Cut right after a line end and some indentation: the problems this causes (actions
        // naming partners that were cut off) end with a hint that the file may be cut off.
        let afterLine = try #require(text.range(of: "        planning: 2020-2021\n"))
        let indented = String(text[..<afterLine.upperBound]) + "  "
        let hinted = problems(in: indented)
        #expect(hinted.count > 1)
        #expect(hinted.last?.message == "let op: het bestand eindigt zonder regeleinde; is het afgebroken? Dan kunnen de problemen hierboven daardoor komen")
        #expect(hinted.last?.line == indented.split(separator: "\n", omittingEmptySubsequences: false).count)
        // A complete file without a final line end, whose last line is at the top level, reads.
        #expect(problems(in: minimalPlanFile + "monitoring: Jaarlijks aan de raad.").isEmpty)
    }

    @Test("A file that ends inside a quoted text or an open list is refused in Dutch with its line")
    func endsInsideQuotes() throws {
        let next = minimalPlanFile.split(separator: "\n").count + 1
        let quoted = problems(in: minimalPlanFile + "ondertitel: \"Veilig wonen in\n  Proefstad")
        try #require(quoted.count == 1)
        #expect(quoted[0].line == next + 1)
        #expect(quoted[0].message.hasPrefix("het bestand houdt op midden in een tekst tussen aanhalingstekens (begonnen op regel \(next)) zonder sluitend aanhalingsteken"))
        let list = problems(in: minimalPlanFile + "algemene-doelen: [Minder inbraak, Meer")
        try #require(list.count == 1)
        #expect(list[0].line == next)
        #expect(list[0].message.contains("houdt op") || list[0].message.contains("niet gesloten"))
        for problem in quoted + list {
            #expect(!Self.english.contains { problem.message.contains($0) }, "\(problem.message)")
        }
    }

    @Test("libyaml's problems come in Dutch, with line and column")
    func dutchYAMLMessages() {
        let cases: [(String, String, Int)] = [
            // text, a word the Dutch message must hold, line
            ("titel: Veilig: wonen: hier\nsoort: x\n", "dubbele punt", 1),
            ("themas:\n  - sleutel: a\n   titel: b\n", "inspringen", 3),
            ("titel: a\n  soort: b\n", "dubbele punt", 2),
            ("titel: \"a\\q\"\n", "\\-code", 1),
            ("titel: @tekst\n", "aanhalingstekens", 1),
            ("themas:\n\t- sleutel: a\n", "tab", 2),
            ("titel: *nergens\n", "verwijzing", 1),
            ("titel: a\n---\ntitel: b\n", "tweede document", 2),
            ("titel: [a, b\nsoort: c\n", "[ ]", 2),
            ("titel: {a: b\n", "{ }", 1),
            ("- a\ntitel: b\n", "lijstregel", 2),
            ("titel: !x!a b\n", "tag", 1),
            ("%YAML 9.9\n---\ntitel: a\n", "%", 1),
            ("titel: |0\n  a\n", "| of >", 1),
        ]
        for (text, word, line) in cases {
            let found = problems(in: text)
            #expect(found.count == 1, "\(text)")
            guard let problem = found.first else { continue }
            #expect(problem.line == line, "\(text): \(problem)")
            #expect(problem.message.contains(word), "\(text): \(problem.message)")
            #expect(problem.message.contains("kolom") || problem.message.contains("houdt op"), "\(text): \(problem.message)")
            #expect(!Self.english.contains { problem.message.contains($0) }, "\(text): \(problem.message)")
        }
    }

    @Test("A NUL byte or a byte that is not UTF-8 is reported with its line and column")
    func unreadableBytes() {
        var nul = Data(minimalPlanFile.utf8)
        let third = nul.indices.filter { nul[$0] == 0x0A }[1] + 1   // start of line 3: "titel: Veilig Proefstad"
        nul.insert(0x00, at: third + 7)
        let found = problems(inData: nul)
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.message.hasPrefix("kolom 8: het bestand bevat hier een NUL-teken (code 0)") == true)

        var latin1 = Data("sleutel: a\ntitel: Caf".utf8)
        latin1.append(0xE9)  // é in Latin-1
        latin1.append(contentsOf: Data("\n".utf8))
        let bad = problems(inData: latin1)
        #expect(bad.map(\.line) == [2])
        #expect(bad.first?.message == "kolom 11: byte 0xE9 is geen UTF-8; sla het bestand op als UTF-8 en probeer het opnieuw")

        let control = problems(in: "sleutel: a\u{7}b\n")
        #expect(control.map(\.line) == [1])
        #expect(control.first?.message.hasPrefix("kolom 11: het bestand bevat hier een besturingsteken (code 7)") == true)
        // A byte order mark and ordinary accents are fine.
        #expect(YAMLProblems.firstUnreadableByte(in: Data([0xEF, 0xBB, 0xBF]) + Data("titel: Fryslân é ü 😀\n".utf8)) == nil)
    }
}
