import Foundation

/// A problem in an imported file, with its place, in Dutch.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible, Error {
    /// The file, as the user named it.
    public var file: String
    /// Line in the file, counting from 1; nil for the file as a whole.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file)" + (line.map { ", regel \($0)" } ?? "") + ": \(message)"
    }
}

/// A CSV file as the police, CBS and their clients save them: `;` or `,` (found from the header
/// line), optionally a byte order mark, LF or CRLF, quoted fields that may span lines. Rows are
/// streamed, so memory stays flat whatever the file size.
public final class DelimitedFile {
    public let url: URL
    public let delimiter: UnicodeScalar
    /// The header row with surrounding spaces removed.
    public let header: [String]
    /// The byte-level reader underneath; the data-set reader uses its fields without making
    /// strings of them.
    let records: DelimitedRecordReader

    static let invalidUTF8 = "het bestand is geen geldige UTF-8-tekst vanaf deze regel; sla het op als CSV UTF-8"
    static let unterminatedQuote = "een veld tussen aanhalingstekens wordt niet afgesloten voor het einde van het bestand; is het bestand afgebroken?"

    /// A row with `count` of `expected` fields; when it is the last, without a line end, the
    /// file was most likely cut off there.
    static func fieldCount(_ count: Int, expected: Int, atEndOfFile: Bool) -> String {
        atEndOfFile && count < expected
            ? "het bestand houdt midden in deze regel op (\(count) van de \(expected) velden, geen regeleinde); het is waarschijnlijk afgebroken, "
                + "bijvoorbeeld een download die niet af is. Er is niets ingelezen; download het bestand opnieuw"
            : "deze regel heeft \(count) velden in plaats van \(expected); is het bestand afgebroken of een veld niet goed afgesloten?"
    }

    /// Whether the row last returned by ``next()`` ended the file without a line end.
    public var lastRowEndsFile: Bool { records.record.endsWithoutLineEnd }

    /// Opens `url` and reads its header row. `delimiter` overrides the sniffed one, for files
    /// whose first line is a title rather than a header (StatLine's wide export).
    /// - Throws: ``ImportProblem`` when the file cannot be read or has no header.
    public init(_ url: URL, delimiter: UnicodeScalar? = nil) throws {
        self.url = url
        let name = url.lastPathComponent
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ImportProblem(file: name, line: nil, message: FileManager.default.fileExists(atPath: url.path)
                                ? "het bestand kan niet worden gelezen" : "het bestand bestaat niet")
        }
        let start = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        guard !start.isEmpty else {
            try? handle.close()
            throw ImportProblem(file: name, line: nil, message: "het bestand is leeg")
        }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            try? handle.close()
            throw ImportProblem(file: name, line: nil, message: "het bestand is in UTF-16 opgeslagen; sla het op als UTF-8 (CSV UTF-8) en probeer het opnieuw")
        }
        let delimiter = delimiter ?? DelimitedFile.sniffDelimiter(start)
        self.delimiter = delimiter
        do { try handle.seek(toOffset: 0) } catch {
            try? handle.close()
            throw ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")
        }
        records = DelimitedRecordReader(handle: handle, delimiter: UInt8(delimiter.value))
        let found: Bool
        do { found = try records.next() } catch {
            throw ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")
        }
        guard found, !(records.record.count == 1 && records.record.range(0).isEmpty) else {
            throw ImportProblem(file: name, line: 1, message: "het bestand heeft geen kopregel")
        }
        guard let header = records.record.strings() else { throw ImportProblem(file: name, line: 1, message: Self.invalidUTF8) }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The next row and the line it starts on, or nil at the end of the file.
    /// - Throws: ``ImportProblem`` when the file is not valid UTF-8, cannot be read further or
    ///   ends inside a quoted field.
    public func next() throws -> (line: Int, fields: [String])? {
        let name = url.lastPathComponent
        do {
            guard try records.next() else { return nil }
        } catch {
            throw ImportProblem(file: name, line: records.record.line, message: "het bestand kan niet verder worden gelezen")
        }
        let record = records.record
        if record.unterminatedQuote { throw ImportProblem(file: name, line: record.line, message: Self.unterminatedQuote) }
        guard let fields = record.strings() else { throw ImportProblem(file: name, line: record.line, message: Self.invalidUTF8) }
        return (record.line, fields)
    }

    /// The delimiter of the first line: whichever of `;`, `,` and tab occurs most outside quotes.
    static func sniffDelimiter(_ start: Data) -> UnicodeScalar {
        var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: ","): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        for byte in start {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, byte == UInt8(ascii: "\n") { break }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!
        return best.value == 0 ? "," : UnicodeScalar(best.key)
    }
}
