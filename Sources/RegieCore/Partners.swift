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
    /// Whether the plan names the partner as one still to be won; nil: an active partner.
    public var status: PartnerStatus?
    /// Keys of the plan's themes the partner works on.
    public var themes: [Key]

    public init(key: Key, name: String, type: PartnerType, role: Prose = "", contacts: [Contact] = [],
                organisation: Key? = nil, status: PartnerStatus? = nil, themes: [Key] = []) {
        self.key = key
        self.name = name
        self.type = type
        self.role = role
        self.contacts = contacts
        self.organisation = organisation
        self.status = status
        self.themes = themes
    }
}

extension Partner {
    private enum CodingKeys: String, CodingKey {
        case key, name, type, role, contacts, organisation, status, themes
    }

    /// Reads stored documents, including those written before `status` and `themes` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  name: try c.decode(String.self, forKey: .name),
                  type: try c.decode(PartnerType.self, forKey: .type),
                  role: try c.decode(Prose.self, forKey: .role),
                  contacts: try c.decode([Contact].self, forKey: .contacts),
                  organisation: try c.decodeIfPresent(Key.self, forKey: .organisation),
                  status: try c.decodeIfPresent(PartnerStatus.self, forKey: .status),
                  themes: try c.decodeIfPresent([Key].self, forKey: .themes) ?? [])
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
    // Issue 11, partners as plans name them.
    /// National government and its ministries (rijksoverheid).
    case nationalGovernment
    case province
    /// The justice chain: probation (reclassering), DJI, Raad voor de Kinderbescherming.
    case justice
    case researchBureau
    /// A department of the municipality's own organisation.
    case internalDepartment
    /// A private company.
    case company
    case knowledgeInstitute
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
    /// Whether the body meets already or is still to be started; nil: the plan does not say.
    public var status: ConsultationBodyStatus?

    public init(key: Key, name: String, chair: String? = nil, participants: [String] = [],
                rhythm: String? = nil, themes: [Key] = [], purpose: Prose = "", status: ConsultationBodyStatus? = nil) {
        self.key = key
        self.name = name
        self.chair = chair
        self.participants = participants
        self.rhythm = rhythm
        self.themes = themes
        self.purpose = purpose
        self.status = status
    }
}

extension ConsultationBody {
    private enum CodingKeys: String, CodingKey {
        case key, name, chair, participants, rhythm, themes, purpose, status
    }

    /// Reads stored documents, including those written before `status` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  name: try c.decode(String.self, forKey: .name),
                  chair: try c.decodeIfPresent(String.self, forKey: .chair),
                  participants: try c.decode([String].self, forKey: .participants),
                  rhythm: try c.decodeIfPresent(String.self, forKey: .rhythm),
                  themes: try c.decode([Key].self, forKey: .themes),
                  purpose: try c.decode(Prose.self, forKey: .purpose),
                  status: try c.decodeIfPresent(ConsultationBodyStatus.self, forKey: .status))
    }
}
