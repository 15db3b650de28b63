import Foundation

/// A region as CBS and the police code it: the country (`NL00`, `NL01`), a part of the country
/// (`LD01`), a province (`PV20`), a police regional unit (`RE09`), a municipality (`GM0037`), a district (`WK003701`) or a neighbourhood (`BU00370100`).
public struct RegionCode: Hashable, Comparable, Sendable, TextCodable {
    public let rawValue: String
    public let level: RegionLevel

    /// Parses a code; spaces around it (open-data keys are padded) and lower case are tolerated.
    public init?(_ text: String) {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count >= 4, code.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else { return nil }
        let prefix = String(code.prefix(2))
        let rest = code.dropFirst(2)
        let level: RegionLevel
        // Districts and neighbourhoods start with their municipality's four digits; the rest may
        // hold letters (Amsterdam: WK0363AA, BU0363AA01).
        switch (prefix, rest.count) {
        case ("NL", 2): level = .country
        case ("PV", 2): level = .province
        case ("RE", 2): level = .policeUnit
        case ("LD", 2): level = .countryPart
        case ("GM", 4): level = .municipality
        case ("WK", 6): level = .district
        case ("BU", 8): level = .neighbourhood
        default: return nil
        }
        // Parts of the country include `LDG4` (West excluding the four big cities).
        let numericPart = switch level {
        case .countryPart: rest.suffix(1)
        case .country, .province, .policeUnit: rest.prefix(2)
        case .municipality, .district, .neighbourhood: rest.prefix(4)
        }
        guard numericPart.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.rawValue = code
        self.level = level
    }

    /// The municipality a district or neighbourhood lies in (their codes start with its digits).
    public var municipality: MunicipalityCode? {
        switch level {
        case .municipality, .district, .neighbourhood:
            return MunicipalityCode("GM" + rawValue.dropFirst(2).prefix(4))
        case .country, .province, .policeUnit, .countryPart:
            return nil
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How fine a region is.
public enum RegionLevel: String, CaseIterable, Hashable, Sendable, Codable {
    case country, countryPart, province, policeUnit, municipality, district, neighbourhood

    /// The code prefix of regions of this level.
    public var prefix: String {
        switch self {
        case .country: "NL"
        case .countryPart: "LD"
        case .province: "PV"
        case .policeUnit: "RE"
        case .municipality: "GM"
        case .district: "WK"
        case .neighbourhood: "BU"
        }
    }
}

/// A period as CBS codes it: a year (`2023JJ00`), a quarter (`2023KW01`) or a month (`2023MM04`).
public enum StatisticsPeriod: Hashable, Comparable, Sendable, TextCodable {
    case year(Int)
    case quarter(Int, Int)
    case month(Int, Int)

    /// Parses the CBS code; surrounding spaces are tolerated.
    public init?(_ text: String) {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 8, let year = Int(code.prefix(4)), YearRange.plausible.contains(year),
              let number = Int(code.suffix(2)) else { return nil }
        switch code.dropFirst(4).prefix(2) {
        case "JJ" where number == 0: self = .year(year)
        case "KW" where (1...4).contains(number): self = .quarter(year, number)
        case "MM" where (1...12).contains(number): self = .month(year, number)
        default: return nil
        }
    }

    public var year: Int {
        switch self {
        case .year(let y), .quarter(let y, _), .month(let y, _): y
        }
    }

    /// The CBS code, which ``init(_:)`` reads back.
    public var description: String {
        switch self {
        case .year(let y): String(format: "%04dJJ00", y)
        case .quarter(let y, let q): String(format: "%04dKW%02d", y, q)
        case .month(let y, let m): String(format: "%04dMM%02d", y, m)
        }
    }

    private var sortKey: (Int, Int, Int) {
        switch self {
        case .year(let y): (y, 0, 0)
        case .quarter(let y, let q): (y, 1, q)
        case .month(let y, let m): (y, 2, m)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.sortKey < rhs.sortKey }
}

/// One figure of a statistics table: a measure (topic) for a region, a period and, where the
/// table has one, a category such as the crime type `1.1.1`. `value` is nil when the source
/// publishes no figure (`.` or empty), which is not the same as zero.
public struct Observation: Hashable, Sendable {
    public var region: RegionCode
    public var period: StatisticsPeriod
    /// Keys of the table's other dimensions (crime type, nuisance type), by dimension key.
    public var categories: [String: String]
    public var measure: String
    public var value: Double?

    public init(region: RegionCode, period: StatisticsPeriod, categories: [String: String] = [:],
                measure: String, value: Double?) {
        self.region = region
        self.period = period
        self.categories = categories
        self.measure = measure
        self.value = value
    }
}
