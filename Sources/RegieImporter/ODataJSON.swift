import Foundation

/// The rows of an OData (v3) JSON document as the CBS and police services return them and
/// users save them: `{"odata.metadata": "…", "value": [ {flat object}, … ], "odata.nextLink": "…"}`.
/// Used for the data set (`TypedDataSet`, `UntypedDataSet`) and for the metadata
/// (`DataProperties.json`, `TableInfos.json`, code lists).
///
/// The document is read incrementally from the file, a block of bytes at a time, so memory
/// stays flat however long the `value` array is. Each row must be a flat object whose values
/// are strings, numbers, `true`/`false` or `null`; numbers keep their text as written and
/// `null` becomes the empty string (a missing figure).
///
/// The service writes the whole document on one line. Then a row's "line" is its number in
/// `value` (1 for the first row), and ``name`` says so; in a document with line breaks it is
/// the line the row's object starts on.
public final class ODataJSONRows: DataSetRows {
    public private(set) var name: String
    /// Whether rows share lines, so they are counted instead.
    public private(set) var countsRows = false
    private var rowNumber = 0
    /// The keys of the first object, in their order; every other object must have the same keys.
    public private(set) var header: [String] = []
    /// The `odata.nextLink` (OData 4: `@odata.nextLink`) when the document has one: it is then
    /// one page of a larger table.
    /// Only known once every row has been read.
    public private(set) var nextLink: String?
    /// The number of rows the document says it has (`odata.count`, OData 4 `@odata.count`),
    /// when the service was asked for it (`$inlinecount=allpages`, `$count=true`).
    public private(set) var declaredCount: Int?
    /// The rows read so far.
    public var rowsRead: Int { rowNumber }

    private var input: JSONByteInput
    private var first: (line: Int, members: [(String, String)])?
    private var state = State.inArray

    private enum State { case inArray, done }

    /// Opens `url` and reads up to the first object of the `value` array.
    /// - Throws: ``ImportProblem`` when the file cannot be read or is not such a document.
    public init(_ url: URL) throws(ImportProblem) {
        name = url.lastPathComponent
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ImportProblem(file: url.lastPathComponent, line: nil, message: FileManager.default.fileExists(atPath: url.path)
                                ? "het bestand kan niet worden gelezen" : "het bestand bestaat niet")
        }
        input = JSONByteInput(handle: handle, file: url.lastPathComponent)
        input.skipByteOrderMark()
        try input.expect(UInt8(ascii: "{"), "het bestand begint niet met { en is dus geen OData-JSON")
        guard try readMembers(untilValue: true) else {
            throw ImportProblem(file: name, line: nil, message: "het JSON-bestand heeft geen lijst \"value\" met rijen")
        }
        first = try nextMembers()
        header = first?.members.map(\.0) ?? []
        input.skipWhitespace()
        if let row = first, input.peek() == UInt8(ascii: "{"), input.line == row.line {
            countsRows = true
            first = (1, row.members)
            name += " (regel = rijnummer in \"value\")"
        }
    }

    /// The next row's values in header order, with the line its object starts on.
    public func next() throws -> (line: Int, fields: [String])? {
        guard let (line, members) = try nextRecord() else { return nil }
        if members.count == header.count, zip(members, header).allSatisfy({ $0.0 == $1 }) {
            return (line, members.map(\.1))
        }
        let values = Dictionary(members, uniquingKeysWith: { first, _ in first })
        let missing = header.filter { values[$0] == nil }
        let extra = members.map(\.0).filter { !header.contains($0) }
        guard missing.isEmpty, extra.isEmpty else {
            throw ImportProblem(file: name, line: line, message: "deze rij heeft andere velden dan de eerste rij"
                + (missing.isEmpty ? "" : "; ontbreekt: " + missing.joined(separator: ", "))
                + (extra.isEmpty ? "" : "; extra: " + extra.joined(separator: ", ")))
        }
        return (line, header.map { values[$0]! })
    }

    /// The next object of the `value` array as key/value pairs in their order, with the line
    /// it starts on, or nil after the last one (the rest of the document is then read, for
    /// `odata.nextLink`).
    public func nextRecord() throws(ImportProblem) -> (line: Int, members: [(String, String)])? {
        if let pending = first {
            first = nil
            return pending
        }
        return try nextMembers()
    }

    private func nextMembers() throws(ImportProblem) -> (line: Int, members: [(String, String)])? {
        guard state == .inArray else { return nil }
        input.skipWhitespace()
        if input.peek() == UInt8(ascii: "]") {
            _ = input.advance()
            state = .done
            _ = try readMembers(untilValue: false)
            input.skipWhitespace()
            if input.peek() != nil {
                throw input.problem("na het einde van het JSON-document staat nog tekst")
            }
            return nil
        }
        rowNumber += 1
        let line = countsRows ? rowNumber : input.line
        try input.expect(UInt8(ascii: "{"), "hier wordt een rij ({…}) of het einde van de lijst (]) verwacht")
        var members: [(String, String)] = []
        input.skipWhitespace()
        if input.peek() == UInt8(ascii: "}") {
            _ = input.advance()
        } else {
            while true {
                let key = try input.memberName()
                guard let scalar = try input.scalar() else {
                    throw input.problem("de waarde van \"\(key)\" is een lijst of object; Regie leest alleen rijen met enkelvoudige waarden")
                }
                members.append((key, scalar))
                input.skipWhitespace()
                if try input.separator(closing: UInt8(ascii: "}")) { break }
            }
        }
        input.skipWhitespace()
        if input.peek() == UInt8(ascii: ",") {
            _ = input.advance()
        } else if input.peek() == nil {
            throw input.problem("het bestand houdt midden in het JSON-document op; is het afgebroken?")
        } else if input.peek() != UInt8(ascii: "]") {
            throw input.problem("na een rij wordt , of ] verwacht")
        }
        return (line, members)
    }

    /// Reads members of the top-level object. With `untilValue` it stops after the `[` of
    /// `value` and returns true; otherwise it reads to the closing `}` and returns false.
    private func readMembers(untilValue: Bool) throws(ImportProblem) -> Bool {
        input.skipWhitespace()
        if !untilValue {
            // After the array: either `,` and more members, or the closing brace.
            if try input.separator(closing: UInt8(ascii: "}")) { return false }
        } else if input.peek() == UInt8(ascii: "}") {
            _ = input.advance()
            return false
        }
        while true {
            let key = try input.memberName()
            if key == "value", untilValue {
                try input.expect(UInt8(ascii: "["), "\"value\" moet een lijst ([…]) met rijen zijn")
                return true
            } else if key == "odata.nextLink" || key == "@odata.nextLink" {
                nextLink = try input.scalar()
            } else if key == "odata.count" || key == "@odata.count" {
                let text = try input.scalar() ?? ""
                guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 0 else {
                    throw input.problem("\"\(key)\" is geen aantal rijen: \"\(text)\"")
                }
                declaredCount = count
            } else {
                try input.skipValue()
            }
            input.skipWhitespace()
            if try input.separator(closing: UInt8(ascii: "}")) { return false }
        }
    }

    /// Every row of a small JSON file (metadata) as a dictionary by key.
    static func records(_ url: URL) throws(ImportProblem) -> [[String: String]] {
        let rows = try ODataJSONRows(url)
        var records: [[String: String]] = []
        while let (_, members) = try rows.nextRecord() {
            records.append(Dictionary(members, uniquingKeysWith: { first, _ in first }))
        }
        return records
    }
}

/// Bytes of a JSON file, read a block at a time, with the current line.
struct JSONByteInput {
    let handle: FileHandle
    let file: String
    private var buffer: [UInt8] = []
    private var index = 0
    private var atEnd = false
    private(set) var line = 1

    init(handle: FileHandle, file: String) {
        self.handle = handle
        self.file = file
    }

    func problem(_ message: String) -> ImportProblem {
        ImportProblem(file: file, line: line, message: message)
    }

    mutating func peek() -> UInt8? {
        if index < buffer.count { return buffer[index] }
        guard !atEnd else { return nil }
        let data = (try? handle.read(upToCount: 1 << 16)) ?? Data()
        if data.isEmpty {
            atEnd = true
            try? handle.close()
            return nil
        }
        buffer = [UInt8](data)
        index = 0
        return buffer[0]
    }

    mutating func advance() -> UInt8? {
        guard let byte = peek() else { return nil }
        index += 1
        if byte == 0x0A { line += 1 }
        return byte
    }

    mutating func skipByteOrderMark() {
        if peek() == 0xEF, buffer.count >= index + 3, buffer[index + 1] == 0xBB, buffer[index + 2] == 0xBF { index += 3 }
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { _ = advance() }
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws(ImportProblem) {
        skipWhitespace()
        guard peek() == byte else { throw found(message) }
        _ = advance()
    }

    /// After a member or element: true at `closing` (consumed), false after a `,` (consumed).
    mutating func separator(closing: UInt8) throws(ImportProblem) -> Bool {
        skipWhitespace()
        switch advance() {
        case UInt8(ascii: ","): return false
        case closing: return true
        case nil: throw problem("het bestand houdt midden in het JSON-document op; is het afgebroken?")
        case let byte?: throw problem("onverwacht teken \"\(Character(Unicode.Scalar(byte)))\"; hier wordt , of \(Character(Unicode.Scalar(closing))) verwacht")
        }
    }

    private mutating func found(_ message: String) -> ImportProblem {
        guard let byte = peek() else { return problem("het bestand houdt midden in het JSON-document op; is het afgebroken?") }
        return problem(message + " (gevonden: \"\(Character(Unicode.Scalar(byte)))\")")
    }

    /// A string, a number (its text), `true`/`false`, or `null` (the empty string); nil for an
    /// object or array, which is left unread.
    mutating func scalar() throws(ImportProblem) -> String? {
        switch peek() {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["): return nil
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            var text: [UInt8] = []
            while let byte = peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                text.append(byte)
                _ = advance()
            }
            return String(decoding: text, as: UTF8.self)
        case let byte? where (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte):
            var word: [UInt8] = []
            while let byte = peek(), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) {
                word.append(byte)
                _ = advance()
            }
            switch String(decoding: word, as: UTF8.self) {
            case "null": return ""
            case "true": return "true"
            case "false": return "false"
            case let other: throw problem("\"\(other)\" is geen JSON-waarde")
            }
        default:
            throw found("hier wordt een waarde verwacht")
        }
    }

    /// Skips any value, nested or not.
    mutating func skipValue() throws(ImportProblem) {
        skipWhitespace()
        guard let open = peek(), open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else {
            _ = try scalar()
            return
        }
        _ = advance()
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        skipWhitespace()
        if peek() == close {
            _ = advance()
            return
        }
        while true {
            skipWhitespace()
            if open == UInt8(ascii: "{") { _ = try memberName() }
            try skipValue()
            if try separator(closing: close) { return }
        }
    }

    /// An object member's name and the `:` after it; the input is left at the value.
    mutating func memberName() throws(ImportProblem) -> String {
        let key = try string()
        try expect(UInt8(ascii: ":"), "na de naam \"\(key)\" wordt een : verwacht")
        skipWhitespace()
        return key
    }

    /// A JSON string with its escapes resolved.
    mutating func string() throws(ImportProblem) -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw found("hier wordt een naam of tekst tussen \" verwacht") }
        _ = advance()
        var bytes: [UInt8] = []
        while true {
            guard let byte = advance() else { throw problem("het bestand houdt midden in een tekst op; ontbreekt een \"?") }
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(bytes: bytes, encoding: .utf8) else {
                    throw problem("deze tekst is geen geldige UTF-8; sla het bestand op als UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = advance() else { throw problem("het bestand houdt midden in een tekst op") }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), advance() == UInt8(ascii: "\\"), advance() == UInt8(ascii: "u") {
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw problem("ongeldige \\u-code in een tekst") }
                    bytes.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw problem("ongeldige \\-code in een tekst")
                }
            default:
                bytes.append(byte)
            }
        }
    }

    private mutating func hex4() throws(ImportProblem) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = advance(), let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw problem("ongeldige \\u-code in een tekst")
            }
            value = value * 16 + UInt32(digit)
        }
        return value
    }
}
