import Foundation
import RegieCore

/// How the figures of a column are written, and which are accepted.
public enum FigureKind: Sendable, Equatable {
    /// A count (registered crimes, inhabitants): a whole number from 0 to ``Figures/countLimit``,
    /// written in decimal digits only.
    case count
    /// A rate, percentage, survey value or a municipality's own figure: a decimal number with a
    /// point or (where the layout uses it) a decimal comma. Never hexadecimal, inf or nan.
    case decimal
}

/// A figure as read from a field.
public enum FigureReading: Equatable, Sendable {
    case value(Double)
    /// `.` or empty: the source has no figure.
    case missing
    /// Not an acceptable figure; the reason in Dutch, to follow `"<text>" in kolom X`.
    case invalid(String)
}

/// Reading figures strictly: what `Double(_:)` would accept (`0x10`, `1e20`, `inf`, `nan`,
/// `-3` as a count) is refused with a reason, so a wrong file never stores a wrong number.
public enum Figures {
    /// The largest count accepted. No count of crimes or inhabitants in the Netherlands comes
    /// near it; a larger number is a broken file.
    public static let countLimit: Double = 1_000_000_000

    /// The kind of a topic's figures: registered crimes, crime reports and population are
    /// counts; everything else (rates, percentages, survey values, growth that may be negative)
    /// is read as a decimal number.
    static func kind(ofMeasure key: String) -> FigureKind {
        let countPrefixes = [SafetyAnalysisBuilder.crimeMeasurePrefix, "Aangiften", "Internetaangiften", "BevolkingAanHet", "AantalInwoners"]
        if countPrefixes.contains(where: key.hasPrefix) || SafetyAnalysisBuilder.populationMeasures.contains(key) { return .count }
        return .decimal
    }

    /// Reads `text` (trimmed of spaces) as a figure of `kind`. With `decimalComma` false a
    /// comma is not a decimal separator (the OData files write a point).
    public static func read(_ text: String, as kind: FigureKind, decimalComma: Bool = true) -> FigureReading {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "." { return .missing }
        switch kind {
        case .count: return count(trimmed)
        case .decimal: return decimal(trimmed, decimalComma: decimalComma)
        }
    }

    /// The reason for text that is no number at all.
    public static let notANumber = "is geen getal"
    static let countRule = "een aantal is een geheel getal van 0 tot 1.000.000.000 in gewone cijfers"

    private static func count(_ text: String) -> FigureReading {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            guard let number = decimalValue(text, decimalComma: true) else { return .invalid(nonNumber(text)) }
            if number < 0 { return .invalid("is negatief; \(countRule)") }
            return .invalid("is geen geheel getal in cijfers; \(countRule) (zonder punt, komma of e)")
        }
        if negative, digits.contains(where: { $0 != "0" }) { return .invalid("is negatief; \(countRule)") }
        guard digits.count <= 10, let value = Double(digits), value <= countLimit else {
            return .invalid("is groter dan 1.000.000.000 en kan geen aantal zijn; is het bestand beschadigd?")
        }
        return .value(value)
    }

    /// Why text that is not a decimal number is refused.
    private static func nonNumber(_ text: String) -> String {
        let lower = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
        if lower.hasPrefix("0x") { return "is een hexadecimaal getal; Regie leest alleen gewone cijfers (0-9)" }
        if ["inf", "infinity", "nan"].contains(lower) { return "is geen getal (\(text) is geen cijfer)" }
        return notANumber
    }

    private static func decimal(_ text: String, decimalComma: Bool) -> FigureReading {
        guard let value = decimalValue(text, decimalComma: decimalComma) else { return .invalid(nonNumber(text)) }
        guard value.isFinite, abs(value) < 1e15 else { return .invalid("is te groot om een cijfer te zijn; is het bestand beschadigd?") }
        return .value(value)
    }

    /// The value of a decimal number as written (sign, digits, one decimal separator, an
    /// optional exponent), whatever its size; nil for anything else.
    private static func decimalValue(_ text: String, decimalComma: Bool) -> Double? {
        // Sign, digits, at most one decimal separator, an optional exponent: nothing else.
        var bytes = Array(text.utf8)
        let commas = bytes.filter { $0 == UInt8(ascii: ",") }.count
        let points = bytes.filter { $0 == UInt8(ascii: ".") }.count
        if commas == 1, points == 0, decimalComma {
            bytes = bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }
        }
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1; mantissaDigits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1; mantissaDigits += 1 }
        }
        var wellFormed = mantissaDigits > 0
        if wellFormed, i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1; exponentDigits += 1 }
            wellFormed = exponentDigits > 0
        }
        guard wellFormed, i == bytes.count else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// ``read(_:as:decimalComma:)`` on the bytes of a field: whole numbers (the common case)
    /// are read from the bytes, anything else as text.
    static func read(_ field: UnsafeBufferPointer<UInt8>, as kind: FigureKind) -> FigureReading {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var start = 0, end = field.count
        while start < end, field[start] == space || field[start] == tab { start += 1 }
        while end > start, field[end - 1] == space || field[end - 1] == tab { end -= 1 }
        if start == end || (end - start == 1 && field[start] == UInt8(ascii: ".")) { return .missing }
        // Up to 9 digits without a sign: a count or a whole decimal, within every limit.
        if end - start <= 9 {
            var whole = 0
            var index = start
            while index < end {
                let digit = field[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                whole = whole * 10 + Int(digit)
                index += 1
            }
            if index == end { return .value(Double(whole)) }
        }
        guard let text = FieldRecord.decode(UnsafeBufferPointer(rebasing: field[start..<end]), ascii: false) else {
            return .invalid("is geen getal")
        }
        return read(text, as: kind)
    }
}
