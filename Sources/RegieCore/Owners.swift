import Foundation

/// A CBS municipality code such as `GM0037`: the letters `GM` and four digits.
public struct MunicipalityCode: Hashable, Comparable, Sendable, TextCodable {
    /// The code as written by CBS, for example `GM0037`.
    public let rawValue: String

    /// Creates a code when `rawValue` has the CBS form (`GM` and four digits); surrounding
    /// spaces and lower case are tolerated, as the open-data files pad their keys.
    public init?(_ rawValue: String) {
        let trimmed = rawValue.trimmingCharacters(in: .whitespaces).uppercased()
        guard trimmed.count == 6, trimmed.hasPrefix("GM"),
              trimmed.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self.rawValue = trimmed
    }


    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A Dutch municipality (gemeente).
public struct Municipality: Hashable, Sendable, Codable {
    public var code: MunicipalityCode
    public var name: String
    /// Number of inhabitants, used for rates and per-inhabitant budgets; unknown when nil.
    public var inhabitants: Int?

    public init(code: MunicipalityCode, name: String, inhabitants: Int? = nil) {
        self.code = code
        self.name = name
        self.inhabitants = inhabitants
    }
}

/// Municipalities that work together and share one plan, usually because one police base
/// team (basisteam) serves them all.
public struct Collaboration: Hashable, Sendable, Codable {
    /// A stable, URL-safe key such as `basisteam-meierij`.
    public var key: Key
    public var name: String
    /// What binds the members, for example "politiebasisteam".
    public var kind: String?
    /// The members, in the order the plan names them.
    public var members: [Municipality]

    public init(key: Key, name: String, kind: String? = nil, members: [Municipality]) {
        self.key = key
        self.name = name
        self.kind = kind
        self.members = members
    }

    /// Inhabitants of all members together, when every member's number is known.
    public var inhabitants: Int? {
        var total = 0
        for member in members {
            guard let count = member.inhabitants else { return nil }
            total += count
        }
        return total
    }
}

/// Who owns (and adopts) a plan: a single municipality, or a collaboration.
public enum PlanOwner: Hashable, Sendable, Codable {
    case municipality(Municipality)
    case collaboration(Collaboration)

    /// The display name of the owner.
    public var name: String {
        switch self {
        case .municipality(let municipality): municipality.name
        case .collaboration(let collaboration): collaboration.name
        }
    }

    /// All municipalities involved: the one owner, or every member.
    public var municipalities: [Municipality] {
        switch self {
        case .municipality(let municipality): [municipality]
        case .collaboration(let collaboration): collaboration.members
        }
    }
}
