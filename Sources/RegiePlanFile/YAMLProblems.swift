import Foundation
import Yams

/// Problems with a plan file as text, before its content is read: bytes that are not UTF-8 text,
/// YAML that libyaml refuses (in Dutch, with line and column), and a file that stops in the
/// middle of a part.
enum YAMLProblems {
    // MARK: Bytes

    /// The first byte of `data` that is not UTF-8, or the first character that a plan file
    /// (YAML) may not contain, with its line and column (columns count characters from 1).
    static func firstUnreadableByte(in data: Data) -> PlanFileProblem? {
        data.withUnsafeBytes { raw -> PlanFileProblem? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var line = 1, column = 1, i = 0
            // A byte order mark at the start is allowed.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            while i < bytes.count {
                let byte = bytes[i]
                let length: Int
                var scalar: UInt32
                switch byte {
                case 0x00..<0x80: length = 1; scalar = UInt32(byte)
                case 0xC2..<0xE0: length = 2; scalar = UInt32(byte & 0x1F)
                case 0xE0..<0xF0: length = 3; scalar = UInt32(byte & 0x0F)
                case 0xF0..<0xF5: length = 4; scalar = UInt32(byte & 0x07)
                default: return notUTF8(byte, line: line, column: column)
                }
                for k in 1..<max(length, 1) {
                    guard i + k < bytes.count else { return notUTF8(byte, line: line, column: column, cutOff: true) }
                    let next = bytes[i + k]
                    guard next & 0xC0 == 0x80 else { return notUTF8(byte, line: line, column: column) }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                // Overlong forms, surrogates and values beyond Unicode are not UTF-8 either.
                let smallest: UInt32 = [0, 0, 0x80, 0x800, 0x10000][length]
                if scalar < smallest || (0xD800...0xDFFF).contains(scalar) || scalar > 0x10FFFF {
                    return notUTF8(byte, line: line, column: column)
                }
                if let problem = forbidden(scalar, line: line, column: column) { return problem }
                if scalar == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += length
            }
            return nil
        }
    }

    /// The first character of `text` that YAML does not allow in a file.
    static func firstForbiddenCharacter(in text: String) -> PlanFileProblem? {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if let problem = forbidden(scalar.value, line: line, column: column) { return problem }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    /// YAML 1.1 allows tab, line feed, carriage return, the printable characters and NEL; other
    /// control characters (NUL above all) mean the file is damaged or not text.
    private static func forbidden(_ scalar: UInt32, line: Int, column: Int) -> PlanFileProblem? {
        let allowed = scalar == 0x09 || scalar == 0x0A || scalar == 0x0D || (0x20...0x7E).contains(scalar) || scalar == 0x85
            || (0xA0...0xD7FF).contains(scalar) || (0xE000...0xFFFD).contains(scalar) || (0x10000...0x10FFFF).contains(scalar)
        guard !allowed else { return nil }
        let name = scalar == 0 ? "een NUL-teken (code 0)" : "een besturingsteken (code \(scalar))"
        return PlanFileProblem(path: "", line: line, message:
            "kolom \(column): het bestand bevat hier \(name); dat hoort niet in een tekstbestand. Is het bestand beschadigd, "
            + "of is het geen planbestand? Verwijder het teken of schrijf het plan opnieuw uit")
    }

    private static func notUTF8(_ byte: UInt8, line: Int, column: Int, cutOff: Bool = false) -> PlanFileProblem {
        PlanFileProblem(path: "", line: line, message:
            "kolom \(column): " + (cutOff ? "het bestand houdt op midden in een teken (byte 0x\(hex(byte)))" : "byte 0x\(hex(byte)) is geen UTF-8")
            + "; sla het bestand op als UTF-8 en probeer het opnieuw")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: Truncation

    /// A file whose last line has no line end and stops inside a part: indented (inside a
    /// list, a part or a block of text), a list dash with nothing after it, a key without its
    /// value, or the start of a block of text. Such a file was most likely cut off (a download or
    /// a copy that did not finish); reading it would silently lose everything after the cut.
    static func truncation(of text: String) -> PlanFileProblem? {
        guard let last = text.last, last != "\n", last != "\r" else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lastLine = lines.last.map(String.init) ?? ""
        let trimmed = lastLine.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let indented = lastLine.first == " " || lastLine.first == "\t"
        let openEnded = trimmed == "-" || trimmed.hasSuffix(":")
            || trimmed.range(of: #"(^|:\s)[|>][-+]?[1-9]?$"#, options: .regularExpression) != nil
        guard indented || openEnded else { return nil }
        return PlanFileProblem(path: "", line: lines.count, message:
            "het bestand houdt midden in een onderdeel op: de laatste regel heeft geen regeleinde"
            + (openEnded ? " en de waarde ontbreekt" : " en staat nog in een lijst, onderdeel of tekst")
            + ". Is het bestand afgebroken (download of kopie niet afgemaakt)? Dan zou alles daarna verloren gaan, "
            + "dus Regie leest het niet. Is het bestand wel compleet, zet dan een regeleinde (Enter) na de laatste regel")
    }

    /// For a file with problems that does not end with a line end: a hint that it may have been
    /// cut off, which would explain problems such as missing partners.
    static func missingLineEnd(_ text: String) -> PlanFileProblem? {
        guard let last = text.last, last != "\n", last != "\r" else { return nil }
        return PlanFileProblem(path: "", line: text.split(separator: "\n", omittingEmptySubsequences: false).count, message:
            "let op: het bestand eindigt zonder regeleinde; is het afgebroken? Dan kunnen de problemen hierboven daardoor komen")
    }

    // MARK: libyaml's problems in Dutch

    static func problem(_ error: YamlError) -> PlanFileProblem {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return .init(path: "", line: context.mark.line,
                         message: "sleutel \(keys) staat twee keer in hetzelfde onderdeel; elke sleutel mag per onderdeel maar één keer voorkomen")
        case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
             .composer(let context, let problem, let mark, let yaml):
            var found = dutch(problem: problem, context: context?.text, contextMark: context?.mark, mark: mark)
            // At the end of a file without a final line end libyaml counts one line more.
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).count - (yaml.hasSuffix("\n") ? 1 : 0)
            if let line = found.line, line > lines { found.line = max(lines, 1) }
            return found
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = offset.map { position(ofCharacter: $0, in: yaml) } ?? (nil, nil)
            let place = column.map { "kolom \($0): " } ?? ""
            let what = problem.contains("control characters") ? "een besturingsteken dat niet in een tekstbestand hoort"
                : problem.contains("UTF-8") || problem.contains("Unicode") ? "een teken dat geen geldige UTF-8 is" : "iets dat Regie niet kan lezen"
            return .init(path: "", line: line, message: "\(place)het bestand bevat hier \(what); is het beschadigd? Sla het op als UTF-8-tekst")
        default:
            return .init(path: "", line: nil, message: "het bestand is geen geldige YAML")
        }
    }

    private static func position(ofCharacter offset: Int, in text: String) -> (Int?, Int?) {
        var line = 1, column = 1
        for (index, character) in text.enumerated() {
            if index == offset { return (line, column) }
            if character == "\n" || character == "\r\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// One problem of libyaml in Dutch, at the problem's line, with its column.
    static func dutch(problem: String, context: String?, contextMark: Mark?, mark: Mark) -> PlanFileProblem {
        let started = contextMark.map { " (begonnen op regel \($0.line))" } ?? ""
        let at = "kolom \(mark.column): "
        func here(_ message: String, line: Int? = nil) -> PlanFileProblem {
            PlanFileProblem(path: "", line: line ?? mark.line, message: "het bestand is geen geldige YAML bij " + at + message)
        }
        switch problem {
        case "found unexpected end of stream":
            let what: String = switch context ?? "" {
            case "while scanning a quoted scalar": "een tekst tussen aanhalingstekens\(started) zonder sluitend aanhalingsteken"
            case "while scanning a block scalar": "een blok tekst\(started)"
            case "while scanning a simple key": "een sleutel\(started)"
            default: "een waarde\(started)"
            }
            return PlanFileProblem(path: "", line: mark.line, message:
                "het bestand houdt op midden in \(what). Is het bestand afgebroken, of ontbreekt er een aanhalingsteken? Er is niets ingelezen")
        case "did not find expected ',' or ']'":
            return here("verwachtte een ',' of ']' in de lijst tussen [ ]\(started); is de lijst niet gesloten, of is het bestand afgebroken?")
        case "did not find expected ',' or '}'":
            return here("verwachtte een ',' of '}' in het onderdeel tussen { }\(started); is het niet gesloten, of is het bestand afgebroken?")
        case "mapping values are not allowed in this context", "mapping values are not allowed here":
            return here("hier staat een dubbele punt met een spatie (': ') op een plek waar geen nieuwe sleutel kan beginnen. "
                        + "Staat er een ': ' midden in een tekst? Zet die tekst dan tussen aanhalingstekens, of controleer het inspringen")
        case "mapping keys are not allowed in this context":
            return here("hier kan geen sleutel met '?' beginnen; zet de tekst tussen aanhalingstekens")
        case "block sequence entries are not allowed in this context":
            return here("hier kan geen lijstregel ('- ') beginnen; controleer het inspringen")
        case "did not find expected key":
            return here("verwachtte hier een volgende sleutel van het onderdeel\(started); controleer het inspringen "
                        + "(staan de sleutels van één onderdeel recht onder elkaar?) en of een tekst met aanhalingstekens goed is afgesloten")
        case "did not find expected '-' indicator":
            return here("verwachtte hier een volgende lijstregel die met '- ' begint\(started); controleer het inspringen")
        case "did not find expected node content":
            return here("verwachtte hier een waarde (tekst, lijst of onderdeel)")
        case "could not find expected ':'":
            return here("verwachtte een ':' na de sleutel\(started); een sleutel staat op één regel en eindigt met ': '. "
                        + "Loopt een tekst zonder aanhalingstekens door op de volgende regel? Zet hem dan tussen aanhalingstekens of gebruik |")
        case "found unexpected ':'":
            return here("een onverwachte ':'; zet de tekst tussen aanhalingstekens")
        case "found character that cannot start any token":
            return here("met dit teken kan geen waarde beginnen (zoals @, ` of een tab); zet de tekst tussen aanhalingstekens")
        case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            return here("een tab bij het inspringen; YAML springt alleen in met spaties")
        case "found unknown escape character", "found invalid Unicode character escape code", "did not find expected hexdecimal number":
            return here("een ongeldige \\-code tussen dubbele aanhalingstekens; schrijf \\\\ voor een backslash of gebruik enkele aanhalingstekens")
        case "found unexpected document indicator":
            return here("een regel met --- of ... midden in een tekst; een planbestand is één document")
        case "did not find expected <document start>", "but found another document":
            return here("hier begint een tweede document (---); een planbestand bevat één plan, in één document")
        case "did not find expected comment or line break":
            return here("na deze waarde mag op dezelfde regel alleen nog commentaar (#) staan")
        case "did not find expected whitespace or line break", "did not find expected whitespace":
            return here("hier ontbreekt een spatie of een regeleinde")
        case "found an indentation indicator equal to 0":
            return here("het getal na | of > (het inspringen van de tekst) mag geen 0 zijn")
        case "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet":
            return here("een teken dat geen geldige UTF-8 is; sla het bestand op als UTF-8")
        case "did not find expected alphabetic or numeric character":
            return here("na & of * hoort een naam van letters en cijfers (een anker of verwijzing); bedoelt u gewone tekst, zet die dan tussen aanhalingstekens")
        case "found undefined alias":
            return here("een verwijzing (*naam) naar een anker (&naam) dat er niet is; zet de tekst tussen aanhalingstekens als u gewoon een * bedoelt")
        case "did not find expected '!'", "did not find expected tag URI", "did not find URI escaped octet", "did not find the expected '>'",
             "found undefined tag handle", "found duplicate %TAG directive":
            return here("een ongeldige tag (een waarde die met ! begint); een planbestand gebruikt geen tags, zet de tekst tussen aanhalingstekens")
        case "found unknown directive name", "could not find expected directive name", "did not find expected version number",
             "found extremely long version number", "did not find expected digit or '.' character",
             "found unexpected non-alphabetical character", "found duplicate %YAML directive", "found incompatible YAML document":
            return here("een ongeldige regel die met % begint; laat die weg of zet de tekst tussen aanhalingstekens")
        default:
            if problem.hasPrefix("Maximum nesting level") {
                return here("het bestand is te diep genest (te veel lijsten en onderdelen in elkaar)")
            }
            return here("de opbouw klopt hier niet; controleer het inspringen, de dubbele punten en de aanhalingstekens")
        }
    }
}
