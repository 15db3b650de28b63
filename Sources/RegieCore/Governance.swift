import Foundation

/// A governing body with a role in the plan: the council, the mayor, the executive, the local
/// triangle of mayor, police and public prosecutor, a council committee. Apart from partners
/// (who carry out agreements) and consultation bodies (where partners meet).
public struct GovernanceBody: Hashable, Sendable, Codable {
    public var key: Key
    public var name: String
    public var kind: GovernanceKind
    /// Its role in this plan, such as "stelt de prioriteiten vast en controleert het college".
    public var role: Prose
    /// For a collaboration plan: the member municipality the body belongs to.
    public var municipality: MunicipalityCode?

    public init(key: Key, name: String, kind: GovernanceKind, role: Prose = "", municipality: MunicipalityCode? = nil) {
        self.key = key
        self.name = name
        self.kind = kind
        self.role = role
        self.municipality = municipality
    }
}

public enum GovernanceKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The municipal council (gemeenteraad).
    case council
    /// The mayor (burgemeester), in charge of public order.
    case mayor
    /// The executive (college van burgemeester en wethouders).
    case executive
    /// The local triangle (lokale driehoek): mayor, police and public prosecutor.
    case triangle
    /// A committee of the council (raadscommissie).
    case councilCommittee
    case other
}
