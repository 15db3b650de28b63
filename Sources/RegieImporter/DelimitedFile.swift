import CSV
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
    private let reader: CSVReader
    /// Line on which the next row starts.
    private var nextLine = 2

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
        try? handle.close()
        guard !start.isEmpty else { throw ImportProblem(file: name, line: nil, message: "het bestand is leeg") }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) {
            throw ImportProblem(file: name, line: nil, message: "het bestand is in UTF-16 opgeslagen; sla het op als UTF-8 (CSV UTF-8) en probeer het opnieuw")
        }
        self.delimiter = delimiter ?? DelimitedFile.sniffDelimiter(start)
        guard let stream = InputStream(url: url),
              let reader = try? CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: true, delimiter: self.delimiter) else {
            throw ImportProblem(file: name, line: nil, message: "het bestand kan niet worden gelezen")
        }
        self.reader = reader
        guard let header = reader.headerRow, !header.isEmpty else {
            throw ImportProblem(file: name, line: 1, message: "het bestand heeft geen kopregel")
        }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        if let message = DelimitedFile.problem(reader.error) {
            throw ImportProblem(file: name, line: 1, message: message)
        }
    }

    /// The next row and the line it starts on, or nil at the end of the file.
    /// - Throws: ``ImportProblem`` when the file is not valid UTF-8.
    public func next() throws -> (line: Int, fields: [String])? {
        guard let fields = reader.next() else {
            if let message = DelimitedFile.problem(reader.error) {
                throw ImportProblem(file: url.lastPathComponent, line: nextLine, message: message)
            }
            return nil
        }
        let line = nextLine
        nextLine += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } }
        return (line, fields)
    }

    /// The reader's error in Dutch, or nil when there is none worth reporting. On Linux the
    /// library reports `cannotReadFile` when it reads past the end of the stream; that is the
    /// normal end of a file, not a problem.
    static func problem(_ error: (any Error)?) -> String? {
        switch error {
        case nil, CSVError.cannotReadFile?:
            return nil
        case CSVError.unicodeDecoding?:
            return "het bestand is geen geldige UTF-8-tekst vanaf deze regel; sla het op als CSV UTF-8"
        default:
            return "het bestand kan niet verder worden gelezen"
        }
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
