import FluentKit
import FluentSQL
import Foundation
import RegieCore

/// A municipality, keyed by its CBS code.
final class MunicipalityRecord: Model, @unchecked Sendable {
    static let schema = "municipalities"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @OptionalField(key: "inhabitants") var inhabitants: Int?
    /// Whether every account of the municipality must use two-factor login (set by its beheerder).
    @Field(key: "require_two_factor") var requireTwoFactor: Bool

    init() {}

    init(code: String, name: String, inhabitants: Int?) {
        self.id = code
        self.name = name
        self.inhabitants = inhabitants
        self.requireTwoFactor = false
    }
}

/// A collaboration of municipalities, keyed by its plan-file key.
final class CollaborationRecord: Model, @unchecked Sendable {
    static let schema = "collaborations"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @OptionalField(key: "kind") var kind: String?
    @Children(for: \.$collaboration) var members: [CollaborationMemberRecord]

    init() {}

    init(key: String, name: String, kind: String?) {
        self.id = key
        self.name = name
        self.kind = kind
    }
}

/// Membership of a municipality in a collaboration, in the collaboration's order.
final class CollaborationMemberRecord: Model, @unchecked Sendable {
    static let schema = "collaboration_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "collaboration_key") var collaboration: CollaborationRecord
    @Parent(key: "municipality_code") var municipality: MunicipalityRecord
    @Field(key: "position") var position: Int

    init() {}

    init(collaborationKey: String, municipalityCode: String, position: Int) {
        self.$collaboration.id = collaborationKey
        self.$municipality.id = municipalityCode
        self.position = position
    }
}

/// A plan. The whole plan is kept as one JSON document (see docs/adr/0002); the columns beside
/// it repeat what lists and access rules need to query without reading documents.
final class PlanRecord: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "owner_name") var ownerName: String
    @OptionalParent(key: "owner_municipality_code") var ownerMunicipality: MunicipalityRecord?
    @OptionalParent(key: "owner_collaboration_key") var ownerCollaboration: CollaborationRecord?
    @Field(key: "first_year") var firstYear: Int
    @Field(key: "last_year") var lastYear: Int
    @Field(key: "status") var status: String
    @Field(key: "document") var document: String
    @Field(key: "revision") var revision: Int
    /// The version of the plan's content: 1, and one more each time an adopted plan is amended.
    @Field(key: "version") var version: Int
    /// The number of the latest frozen adopted version kept in `plan_versions`, if any.
    @OptionalField(key: "adopted_version") var adoptedVersion: Int?
    @Field(key: "access_municipalities") var accessMunicipalities: String
    @Field(key: "access_organisations") var accessOrganisations: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One action of a plan, indexed so that actions can be found per owner, status or year
/// without reading plan documents (partners updating their own actions, monitoring).
final class PlanActionRecord: Model, @unchecked Sendable {
    static let schema = "plan_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: PlanRecord
    @Field(key: "theme_key") var themeKey: String
    @OptionalField(key: "track_key") var trackKey: String?
    @Field(key: "action_key") var actionKey: String
    @OptionalField(key: "municipality_code") var municipalityCode: String?
    @OptionalField(key: "owner_partner_key") var ownerPartnerKey: String?
    /// Nil for an action without a status (migration 013 made the column nullable).
    @OptionalField(key: "status") var status: String?
    @OptionalField(key: "first_year") var firstYear: Int?
    @OptionalField(key: "last_year") var lastYear: Int?

    init() {}
}

extension PlanRecord {
    /// Fills the columns the access rules filter on: involved municipalities and partner
    /// organisations with the plan's partner keys they act for, as `,GM0037,GM0038,` and
    /// `,politie-oost=politie,`.
    func setAccessColumns(for plan: Plan) {
        accessMunicipalities = "," + plan.owner.municipalities.map(\.code.rawValue).joined(separator: ",") + ","
        let pairs = plan.partners.compactMap { partner in partner.organisation.map { "\($0.rawValue)=\(partner.key.rawValue)" } }
        accessOrganisations = pairs.isEmpty ? "" : "," + pairs.joined(separator: ",") + ","
    }

    /// The organisations named in the access column, with the partner keys they act for.
    var organisations: [Key: Set<Key>] { Self.organisations(accessOrganisations) }

    /// The organisations of an `access_organisations` column, with the partner keys they act for.
    static func organisations(_ accessOrganisations: String) -> [Key: Set<Key>] {
        var result: [Key: Set<Key>] = [:]
        for pair in accessOrganisations.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let organisation = Key(String(parts[0])), let partner = Key(String(parts[1])) else { continue }
            result[organisation, default: []].insert(partner)
        }
        return result
    }

    var municipalities: [MunicipalityCode] { Self.municipalities(accessMunicipalities) }

    /// The municipalities of an `access_municipalities` column.
    static func municipalities(_ accessMunicipalities: String) -> [MunicipalityCode] {
        accessMunicipalities.split(separator: ",").compactMap { MunicipalityCode(String($0)) }
    }
}

/// A partner organisation with accounts.
final class OrganisationRecord: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "type") var type: String

    init() {}
}

/// A local account. The password is kept only as a bcrypt hash.
final class AccountRecord: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "municipality_code") var municipalityCode: String?
    @OptionalField(key: "organisation_key") var organisationKey: String?
    /// Role names separated by commas.
    @Field(key: "roles") var roles: String
    @Field(key: "password_hash") var passwordHash: String
    /// The TOTP secret, sealed with AES-GCM (`enc1:…`; see ``SecretBox``).
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// The time step of the last one-time code accepted; codes of it or earlier are refused.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @Field(key: "password_must_change") var passwordMustChange: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A server-side session. Only a hash of the cookie's token is stored.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "account_id") var account: AccountRecord
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "second_factor_pending") var secondFactorPending: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
}

/// One entry of the append-only audit trail.
final class AuditRecord: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    /// `,GM0037,GM0038,`
    @Field(key: "municipalities") var municipalities: String
    @Field(key: "action") var action: String
    @Field(key: "object") var object: String
    /// JSON list of label/value pairs.
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    @Field(key: "hash") var hash: String
    /// 1: SHA-256 (entries from before migration 007); 2: HMAC-SHA256 with the audit key.
    @Field(key: "scheme") var scheme: Int
    /// The account the entry is about, if any.
    @OptionalField(key: "subject_id") var subjectID: UUID?

    init() {}
}

/// The verified-up-to marker of the audit chain: the head of the last intact check, with a MAC,
/// so the trail page checks only what came after it (and everything again once a day).
final class AuditCheckRecord: Model, @unchecked Sendable {
    static let schema = "audit_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "verified_through") var verifiedThrough: Int
    @Field(key: "hash") var hash: String
    @Field(key: "checked_at") var checkedAt: Date
    /// When the chain was last checked from its first entry (this check or an earlier one).
    @Field(key: "full_check_at") var fullCheckAt: Date
    @Field(key: "mac") var mac: String

    init() {}
}

/// Failed logins of unknown names in one interval: counted here, and written to the trail as one
/// entry when the interval is over, so guessing names cannot flood the trail.
final class UnknownLoginCountRecord: Model, @unchecked Sendable {
    static let schema = "unknown_login_counts"

    @ID(key: .id) var id: UUID?
    @Field(key: "interval_start") var intervalStart: Date
    @Field(key: "count") var count: Int

    init() {}
}

/// A frozen version of a plan: the adopted content kept when a new version is started.
final class PlanVersionRecord: Model, @unchecked Sendable {
    static let schema = "plan_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_key") var planKey: String
    @Field(key: "number") var number: Int
    @Field(key: "document") var document: String
    @Field(key: "status") var status: String
    /// Why the next version was started.
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}
}

extension SQLRow {
    /// A boolean column: PostgreSQL returns a boolean, SQLite an integer.
    func flag(_ column: String) throws -> Bool {
        if let value = try? decode(column: column, as: Bool.self) { return value }
        return try decode(column: column, as: Int.self) != 0
    }
}
