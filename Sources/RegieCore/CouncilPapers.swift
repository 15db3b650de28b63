import Foundation

/// A decision of the executive (college van burgemeester en wethouders) offering the plan to the
/// council (aangeboden aan de raad). From then on council members read the draft.
public struct CouncilOffer: Hashable, Sendable, Codable {
    /// The date of the executive's decision.
    public var date: CalendarDate
    /// The body that offered the plan, usually the college.
    public var body: String
    public var decisionNumber: String?
    /// For a collaboration plan: the member whose executive offered it to its council.
    public var municipality: MunicipalityCode?

    public static let defaultBody = "college van burgemeester en wethouders"

    public init(date: CalendarDate, body: String = CouncilOffer.defaultBody, decisionNumber: String? = nil,
                municipality: MunicipalityCode? = nil) {
        self.date = date
        self.body = body
        self.decisionNumber = decisionNumber
        self.municipality = municipality
    }
}

/// Someone who signed the council papers of the plan, by role and name.
public struct Signatory: Hashable, Sendable, Codable {
    /// Such as "burgemeester", "griffier" or "secretaris".
    public var role: String
    public var name: String
    /// For a collaboration plan: the member for which this person signed.
    public var municipality: MunicipalityCode?

    public init(role: String, name: String, municipality: MunicipalityCode? = nil) {
        self.role = role
        self.name = name
        self.municipality = municipality
    }
}
