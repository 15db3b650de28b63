import Foundation

/// One record of a delimited file: its fields' bytes, unescaped, back to back.
struct FieldRecord {
    var bytes: [UInt8] = []
    /// Where each field ends in ``bytes``; the first starts at 0.
    var ends: [Int] = []
    /// Line on which the record starts, counting from 1.
    var line = 0
    /// True when the record holds only ASCII bytes (no UTF-8 check needed).
    var isASCII = true
    /// True when the record ends inside a quoted field (the file ends there).
    var unterminatedQuote = false
    /// True when the file ends in this record, without a line end after it.
    var endsWithoutLineEnd = false

    /// The number of fields.
    var count: Int { ends.count }

    /// The byte range of field `index` in ``bytes``.
    @inline(__always)
    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` as text, or nil when it is not valid UTF-8.
    func string(_ index: Int) -> String? {
        let range = range(index)
        return bytes.withUnsafeBufferPointer { FieldRecord.decode(UnsafeBufferPointer(rebasing: $0[range]), ascii: isASCII) }
    }

    /// Every field as text; nil when one is not valid UTF-8.
    func strings() -> [String]? {
        var fields: [String] = []
        fields.reserveCapacity(ends.count)
        for index in ends.indices {
            guard let field = string(index) else { return nil }
            fields.append(field)
        }
        return fields
    }

    /// Whether field `index` holds nothing but white space.
    func isBlank(_ index: Int) -> Bool {
        (string(index) ?? "x").trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// UTF-8 bytes as a `String`; nil when they are not valid UTF-8.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        if ascii || !buffer.contains(where: { $0 >= 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
        return String(bytes: buffer, encoding: .utf8)
    }
}

/// Sources of records: the delimited reader, or rows that come as strings (an OData JSON
/// document) copied into bytes.
protocol DelimitedRecords: AnyObject {
    /// The current record. Let go of a copy before calling ``next()``, so the reader can reuse
    /// its buffers.
    var record: FieldRecord { get }
    /// Reads the next record; false at the end. Throws ``ImportProblem`` or a read failure.
    func next() throws -> Bool
}

/// Reads delimited text (CSV) record by record straight from bytes: big chunks from the file,
/// fields unescaped into one reused buffer, no `String` per field. Understands what the police,
/// CBS and their clients write: a UTF-8 byte order mark, LF, CRLF or CR line ends, quoted fields
/// with doubled quotes, delimiters and line breaks inside quotes. Line numbers count every line
/// break, including those inside quoted fields, so problems point at the right line.
///
/// Lenient where CSV writers differ: a quote inside an unquoted field is kept as text, and text
/// after a closing quote joins the field. A quoted field still open at the end of the file is
/// returned as read, with ``FieldRecord/unterminatedQuote`` set.
final class DelimitedRecordReader: DelimitedRecords {
    /// Raised when the file cannot be read further (an I/O error, not a format problem).
    struct ReadFailure: Error {}

    let delimiter: UInt8
    private(set) var record = FieldRecord()

    private let handle: FileHandle
    private let chunkSize: Int
    private var chunk: [UInt8] = []
    private var position = 0
    private var endOfFile = false
    private var nextLine = 1
    /// A CR ended the previous record; an LF right after it belongs to the same line end.
    private var skipLineFeed = false
    private var atStartOfFile = true

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    init(handle: FileHandle, delimiter: UInt8, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.delimiter = delimiter
        self.chunkSize = max(chunkSize, 4)
        record.bytes.reserveCapacity(1024)
        record.ends.reserveCapacity(64)
    }

    deinit { try? handle.close() }

    /// Reads the next record into ``record``; false at the end of the file.
    /// - Throws: ``ReadFailure`` when the file cannot be read.
    func next() throws -> Bool {
        // Work on locals: the loop then needs no exclusivity checks on the object's properties.
        var record = FieldRecord()
        swap(&record, &self.record)
        defer { swap(&record, &self.record) }
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.unterminatedQuote = false
        record.endsWithoutLineEnd = false
        record.line = nextLine
        var nextLine = self.nextLine
        defer { self.nextLine = nextLine }
        var state = State.fieldStart
        var high: UInt8 = 0
        defer { record.isASCII = high < 0x80 }
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), delimiter = self.delimiter

        while true {
            if position >= chunk.count {
                let more = endOfFile ? false : try refill()
                if !more {
                    // End of the file: the record ends here, unless nothing of it was read.
                    if state == .fieldStart && record.ends.isEmpty { return false }
                    if state == .quoted { record.unterminatedQuote = true }
                    record.endsWithoutLineEnd = true
                    record.ends.append(record.bytes.count)
                    return true
                }
            }
            if skipLineFeed {
                skipLineFeed = false
                if chunk[position] == lf {
                    position += 1
                    continue
                }
            }
            // Scans what is left of the chunk; true when the record is complete.
            var endedWithCR = false
            var i = position
            let done: Bool = chunk.withUnsafeBufferPointer { p in
                let n = p.count
                while i < n {
                    switch state {
                    case .fieldStart:
                        if p[i] == quote {
                            state = .quoted
                            i += 1
                        } else {
                            state = .unquoted
                        }
                    case .unquoted:
                        var j = i
                        while j < n {
                            let b = p[j]
                            if b == delimiter || b == lf || b == cr { break }
                            high |= b
                            j += 1
                        }
                        if j > i { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j])) }
                        i = j
                        if j == n { return false }
                        let b = p[j]
                        i += 1
                        record.ends.append(record.bytes.count)
                        if b == delimiter {
                            state = .fieldStart
                        } else {
                            nextLine += 1
                            endedWithCR = b == cr
                            return true
                        }
                    case .quoted:
                        var j = i
                        while j < n {
                            let b = p[j]
                            if b == quote { break }
                            if b == lf { nextLine += 1 }
                            high |= b
                            j += 1
                        }
                        if j > i { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j])) }
                        i = j
                        if j == n { return false }
                        i += 1
                        state = .quoteInQuoted
                    case .quoteInQuoted:
                        let b = p[i]
                        if b == quote {
                            // A doubled quote is one quote in the text.
                            record.bytes.append(quote)
                            state = .quoted
                            i += 1
                        } else if b == delimiter {
                            record.ends.append(record.bytes.count)
                            state = .fieldStart
                            i += 1
                        } else if b == lf || b == cr {
                            record.ends.append(record.bytes.count)
                            i += 1
                            nextLine += 1
                            endedWithCR = b == cr
                            return true
                        } else {
                            state = .unquoted
                        }
                    }
                }
                return false
            }
            position = i
            if done {
                skipLineFeed = endedWithCR
                return true
            }
        }
    }

    /// Reads the next chunk; false at the end of the file. Skips a byte order mark at the start.
    private func refill() throws -> Bool {
        let data: Data?
        do { data = try handle.read(upToCount: chunkSize) } catch { throw ReadFailure() }
        guard let data, !data.isEmpty else {
            endOfFile = true
            chunk = []
            position = 0
            return false
        }
        chunk.removeAll(keepingCapacity: true)
        chunk.append(contentsOf: data)
        position = 0
        if atStartOfFile {
            atStartOfFile = false
            // The first read holds at least 4 bytes unless the file is shorter, so a BOM is whole.
            if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            if position >= chunk.count { return try refill() }
        }
        return true
    }
}
