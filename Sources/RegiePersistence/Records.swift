import FluentKit
import Foundation

/// A municipality, keyed by its CBS code.
final class MunicipalityRecord: Model, @unchecked Sendable {
    static let schema = "municipalities"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @OptionalField(key: "inhabitants") var inhabitants: Int?

    init() {}

    init(code: String, name: String, inhabitants: Int?) {
        self.id = code
        self.name = name
        self.inhabitants = inhabitants
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
    @Field(key: "status") var status: String
    @OptionalField(key: "first_year") var firstYear: Int?
    @OptionalField(key: "last_year") var lastYear: Int?

    init() {}
}
