import Foundation
import Vapor

/// The fields of a posted form (`application/x-www-form-urlencoded`), parsed once per request by
/// ``CSRFMiddleware`` before anything else reads them.
///
/// The parser is ours, not the framework's URL-encoded decoder: that one takes quadratic time in
/// the number of repeated names, so one anonymous request of 100 kB could hold a worker for
/// seconds. This one reads the bytes once, keeps at most ``maxFields`` fields, and refuses what
/// no form of Regie sends (invalid percent escapes, text that is not UTF-8) with a Dutch message
/// naming the field, instead of silently dropping a value.
struct FormValues: Sendable {
    /// More fields than the largest form of Regie (a theme with all its check boxes) has.
    static let maxFields = 2_000

    private var values: [String: [String]] = [:]

    /// The form of this request (parsed by the CSRF middleware); empty for a request without one.
    init(_ req: Request) throws {
        if let parsed = req.storage[FormValuesKey.self] {
            self = parsed
        } else if let buffer = req.body.data {
            self = try FormValues(parsing: buffer.readableBytesView)
        }
    }

    init() {}

    /// Every field by name, for the pages that show a refused form again.
    var byName: [String: [String]] { values }

    /// Fields already parsed (the text parts of an upload).
    init(fields: [(String, String)]) {
        for (name, value) in fields { values[name, default: []].append(value) }
    }

    /// Parses a URL-encoded body in one pass.
    init<Bytes: Collection>(parsing body: Bytes) throws(FormProblem) where Bytes.Element == UInt8 {
        var count = 0
        var name: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var pending = 0 // 0: no escape; 1, 2: digits of a %XX escape still to come
        var escaped: UInt8 = 0

        func finish() throws(FormProblem) {
            defer { name.removeAll(keepingCapacity: true); value.removeAll(keepingCapacity: true); inValue = false }
            if pending != 0 { throw .invalidEscape(field: Self.readable(name)) }
            if name.isEmpty, value.isEmpty { return }
            count += 1
            if count > Self.maxFields { throw .tooManyFields(Self.maxFields) }
            guard let key = String(validating: name, as: UTF8.self) else { throw .notText(field: Self.readable(name)) }
            guard let text = String(validating: value, as: UTF8.self) else { throw .notText(field: key) }
            values[key, default: []].append(text)
        }

        for byte in body {
            if pending > 0 {
                guard let digit = Self.hexValue(byte) else { throw .invalidEscape(field: Self.readable(name)) }
                escaped = escaped << 4 | digit
                pending -= 1
                if pending == 0 {
                    if inValue { value.append(escaped) } else { name.append(escaped) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "&"):
                try finish()
            case UInt8(ascii: "=") where !inValue:
                inValue = true
            case UInt8(ascii: "%"):
                pending = 2
                escaped = 0
            case UInt8(ascii: "+"):
                if inValue { value.append(UInt8(ascii: " ")) } else { name.append(UInt8(ascii: " ")) }
            default:
                if inValue { value.append(byte) } else { name.append(byte) }
            }
        }
        try finish()
    }

    func one(_ name: String) -> String { values[name]?.first ?? "" }

    /// The first value of every field, to show a form again as it was typed.
    var firstValues: [String: String] { values.compactMapValues(\.first) }

    /// Every value of every field (check boxes have several).
    var allValues: [String: [String]] { values }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { values[name] != nil }
    func optional(_ name: String) -> String? { values[name]?.first }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A field name for a message: its readable part, short.
    private static func readable(_ name: [UInt8]) -> String {
        let text = String(decoding: name.prefix(60), as: UTF8.self).filter { !$0.isNewline && $0 != "\u{FFFD}" }
        return text.isEmpty ? "(zonder naam)" : text
    }
}

/// Why a posted form was refused; the messages are shown on a Dutch error page.
enum FormProblem: Error, AbortError {
    case tooManyFields(Int)
    case invalidEscape(field: String)
    case notText(field: String)
    case notAForm

    var status: HTTPResponseStatus {
        switch self {
        case .tooManyFields: .payloadTooLarge
        case .notAForm: .unsupportedMediaType
        default: .badRequest
        }
    }

    var reason: String {
        switch self {
        case .tooManyFields(let maximum):
            "Het formulier bevat meer dan \(maximum.formatted(.number.locale(Locale(identifier: "nl_NL")))) velden; zo'n formulier heeft Regie niet. Er is niets opgeslagen."
        case .invalidEscape(let field):
            "Het veld \u{201C}\(field)\u{201D} is beschadigd verstuurd (een ongeldige %-code). Er is niets opgeslagen; laad de pagina opnieuw en probeer het nog eens."
        case .notText(let field):
            "Het veld \u{201C}\(field)\u{201D} bevat tekens die geen geldige tekst zijn (geen UTF-8). Er is niets opgeslagen; typ de tekst opnieuw of plak hem als platte tekst."
        case .notAForm:
            "Regie verwerkt hier alleen formulieren van zijn eigen pagina's. Er is niets opgeslagen."
        }
    }
}

struct FormValuesKey: StorageKey { typealias Value = FormValues }

struct QueryValuesKey: StorageKey { typealias Value = FormValues }

extension Request {
    /// A value of the address's query (`?terug=…`), read with the same linear parser as forms
    /// (the framework's decoder is quadratic in repeated names). A malformed query counts as none.
    func queryValue(_ name: String) -> String? {
        if let parsed = storage[QueryValuesKey.self] { return parsed.optional(name) }
        let parsed = url.query.flatMap { try? FormValues(parsing: Array($0.utf8)) } ?? FormValues()
        storage[QueryValuesKey.self] = parsed
        return parsed.optional(name)
    }
}
