import Foundation

/// A partner in the safety chain (ketenpartner), including the municipality itself.
public struct Partner: Hashable, Sendable, Codable {
    public var key: Key
    public var name: String
    public var type: PartnerType
    /// The partner's role in this plan.
    public var role: Prose
    /// Contact persons. These are personal data: shown only to those who work with the plan.
    public var contacts: [Contact]
    /// The partner organisation in Regie whose accounts act for this partner, if any.
    public var organisation: Key?

    public init(key: Key, name: String, type: PartnerType, role: Prose = "", contacts: [Contact] = [],
                organisation: Key? = nil) {
        self.key = key
        self.name = name
        self.type = type
        self.role = role
        self.contacts = contacts
        self.organisation = organisation
    }
}

/// The kind of organisation a partner is.
public enum PartnerType: String, CaseIterable, Hashable, Sendable, Codable {
    case municipality
    case police
    case publicProsecutor
    case riec
    case careAndSafetyHouse
    case domesticViolenceService
    case publicHealthService
    case careProvider
    case housingCorporation
    case youthJustice
    case education
    case enforcement
    case safetyRegion
    case business
    case residents
    case other
}

/// A contact person at a partner.
public struct Contact: Hashable, Sendable, Codable {
    public var name: String
    public var function: String?
    public var email: String?
    public var phone: String?

    public init(name: String, function: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.function = function
        self.email = email
        self.phone = phone
    }
}

/// A consultation structure (overleg), such as the driehoek or a case table.
public struct ConsultationBody: Hashable, Sendable, Codable {
    public var key: Key
    public var name: String
    public var chair: String?
    /// Who takes part, by function or organisation.
    public var participants: [String]
    /// How often it meets, in words: "twee keer per jaar", "maandelijks".
    public var rhythm: String?
    /// Keys of the themes it serves.
    public var themes: [Key]
    public var purpose: Prose

    public init(key: Key, name: String, chair: String? = nil, participants: [String] = [],
                rhythm: String? = nil, themes: [Key] = [], purpose: Prose = "") {
        self.key = key
        self.name = name
        self.chair = chair
        self.participants = participants
        self.rhythm = rhythm
        self.themes = themes
        self.purpose = purpose
    }
}
