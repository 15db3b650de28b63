import FluentKit
import FluentSQL
import Foundation
import RegieCore

/// ``PlanRepository`` on any Fluent database: SQLite by default, PostgreSQL in production.
public struct FluentPlanRepository: PlanRepository {
    let database: any Database
    /// Where every change's audit entry is chained.
    let chain: AuditChain
    /// Decoded documents by row and revision (see ``PlanDocumentCache``); nil decodes every time.
    let documents: PlanDocumentCache?

    public init(database: any Database, chain: AuditChain, documents: PlanDocumentCache? = nil) {
        self.database = database
        self.chain = chain
        self.documents = documents
    }

    // MARK: Writing

    public func save(_ plan: Plan) async throws -> PlanSaveOutcome {
        try await save([plan])[0]
    }

    public func save(_ plans: [Plan]) async throws -> [PlanSaveOutcome] {
        // Encode everything before the transaction opens, so a failure cannot leave half a write.
        let documents = try plans.map { try PlanDocument.encode($0) }
        return try await database.writeTransaction { db in
            var outcomes: [PlanSaveOutcome] = []
            for (plan, document) in zip(plans, documents) {
                outcomes.append(try await Self.save(plan, document: document, on: db))
            }
            return outcomes
        }
    }

    static func save(_ plan: Plan, document: String, on db: any Database, revision: Int? = nil) async throws -> PlanSaveOutcome {
        for municipality in plan.owner.municipalities {
            try await upsert(municipality, on: db)
        }
        if case .collaboration(let collaboration) = plan.owner {
            try await upsert(collaboration, on: db)
        }

        let existing = try await PlanRecord.query(on: db).filter(\.$key == plan.key.rawValue).first()
        let record = existing ?? PlanRecord()
        record.key = plan.key.rawValue
        record.kind = plan.kind.rawValue
        record.title = plan.title
        record.ownerName = plan.owner.name
        switch plan.owner {
        case .municipality(let municipality):
            record.$ownerMunicipality.id = municipality.code.rawValue
            record.$ownerCollaboration.id = nil
        case .collaboration(let collaboration):
            record.$ownerMunicipality.id = nil
            record.$ownerCollaboration.id = collaboration.key.rawValue
        }
        record.firstYear = plan.period.first
        record.lastYear = plan.period.last
        record.status = plan.status.rawValue
        record.document = document
        record.revision = revision ?? (existing?.revision ?? 0) + 1
        record.version = existing?.version ?? 1
        record.setAccessColumns(for: plan)
        try await record.save(on: db)
        let planID = try record.requireID()

        try await PlanActionRecord.query(on: db).filter(\.$plan.$id == planID).delete()
        // One INSERT for the whole index: a plan has dozens of actions and every save rewrites them.
        let index = actionIndex(of: plan, planID: planID)
        if !index.isEmpty { try await index.create(on: db) }
        return existing == nil ? .created : .replaced(revision: record.revision)
    }

    private static func upsert(_ municipality: Municipality, on db: any Database) async throws {
        if let record = try await MunicipalityRecord.find(municipality.code.rawValue, on: db) {
            record.name = municipality.name
            if let inhabitants = municipality.inhabitants { record.inhabitants = inhabitants }
            try await record.update(on: db)
        } else {
            try await MunicipalityRecord(code: municipality.code.rawValue, name: municipality.name,
                                         inhabitants: municipality.inhabitants).create(on: db)
        }
    }

    private static func upsert(_ collaboration: Collaboration, on db: any Database) async throws {
        let key = collaboration.key.rawValue
        if let record = try await CollaborationRecord.find(key, on: db) {
            record.name = collaboration.name
            record.kind = collaboration.kind
            try await record.update(on: db)
        } else {
            try await CollaborationRecord(key: key, name: collaboration.name, kind: collaboration.kind).create(on: db)
        }
        try await CollaborationMemberRecord.query(on: db).filter(\.$collaboration.$id == key).delete()
        for (position, member) in collaboration.members.enumerated() {
            try await CollaborationMemberRecord(collaborationKey: key, municipalityCode: member.code.rawValue,
                                                position: position).create(on: db)
        }
    }

    private static func actionIndex(of plan: Plan, planID: UUID) -> [PlanActionRecord] {
        var records: [PlanActionRecord] = []
        func add(_ action: Action, theme: Theme, track: Track?, municipality: MunicipalityCode?) {
            let record = PlanActionRecord()
            record.$plan.id = planID
            record.themeKey = theme.key.rawValue
            record.trackKey = track?.key.rawValue
            record.actionKey = action.key.rawValue
            record.municipalityCode = municipality?.rawValue
            record.ownerPartnerKey = action.owner?.rawValue
            record.status = action.status?.rawValue
            // An open start runs from its first year to the plan's last (issue 11, point 6).
            record.firstYear = action.planning?.years(in: plan.period)?.lowerBound
            record.lastYear = action.planning?.years(in: plan.period)?.upperBound
            records.append(record)
        }
        func add(_ theme: Theme, municipality: MunicipalityCode?) {
            for action in theme.actions { add(action, theme: theme, track: nil, municipality: municipality) }
            for track in theme.tracks {
                for action in track.actions { add(action, theme: theme, track: track, municipality: municipality) }
            }
        }
        for theme in plan.themes { add(theme, municipality: nil) }
        for chapter in plan.localChapters {
            for theme in chapter.themes { add(theme, municipality: chapter.municipality) }
        }
        return records
    }

    // MARK: Reading

    public func plan(_ key: Key) async throws -> Plan? {
        try await stored(key)?.plan
    }

    public func summaries() async throws -> [PlanSummary] {
        if let sql = database as? any SQLDatabase {
            return try await SummaryColumns.read(sql, where: nil, orderedBy: "first_year DESC, owner_name, title")
        }
        return try await PlanRecord.query(on: database).summaryColumns()
            .sort(\.$firstYear, .descending).sort(\.$ownerName).sort(\.$title)
            .all().compactMap(Self.summary)
    }

    public func summaries(involving code: MunicipalityCode) async throws -> [PlanSummary] {
        let collaborationKeys = try await CollaborationMemberRecord.query(on: database)
            .filter(\.$municipality.$id == code.rawValue).all().map(\.$collaboration.id)
        return try await PlanRecord.query(on: database).summaryColumns()
            .group(.or) { group in
                group.filter(\.$ownerMunicipality.$id == code.rawValue)
                if !collaborationKeys.isEmpty {
                    group.filter(\.$ownerCollaboration.$id ~~ collaborationKeys)
                }
            }
            .sort(\.$firstYear, .descending).sort(\.$title)
            .all().compactMap(Self.summary)
    }

    private static func summary(_ record: PlanRecord) -> PlanSummary? {
        SummaryColumns(key: record.key, kind: record.kind, title: record.title, ownerName: record.ownerName,
                       ownerMunicipality: record.$ownerMunicipality.id, ownerCollaboration: record.$ownerCollaboration.id,
                       firstYear: record.firstYear, lastYear: record.lastYear, status: record.status, revision: record.revision,
                       adoptedVersion: record.adoptedVersion, accessMunicipalities: record.accessMunicipalities,
                       accessOrganisations: record.accessOrganisations).summary
    }

    public func municipalities() async throws -> [Municipality] {
        if let sql = database as? any SQLDatabase {
            return try await sql.raw("SELECT code, name, inhabitants FROM municipalities ORDER BY name").all()
                .compactMap(Self.municipality)
        }
        return try await MunicipalityRecord.query(on: database).sort(\.$name).all().compactMap(Self.municipality)
    }

    public func municipality(_ code: MunicipalityCode) async throws -> Municipality? {
        if let sql = database as? any SQLDatabase {
            return try await sql.raw("SELECT code, name, inhabitants FROM municipalities WHERE code = \(bind: code.rawValue)")
                .first().flatMap(Self.municipality)
        }
        return try await MunicipalityRecord.find(code.rawValue, on: database).flatMap(Self.municipality)
    }

    /// A municipality from a row with the columns `code`, `name` and `inhabitants`.
    private static func municipality(_ row: any SQLRow) throws -> Municipality? {
        guard let code = MunicipalityCode(try row.decode(column: "code", as: String.self)) else { return nil }
        return Municipality(code: code, name: try row.decode(column: "name", as: String.self),
                            inhabitants: try row.decode(column: "inhabitants", as: Int?.self))
    }

    private static func municipality(_ record: MunicipalityRecord) -> Municipality? {
        guard let code = record.id.flatMap(MunicipalityCode.init) else { return nil }
        return Municipality(code: code, name: record.name, inhabitants: record.inhabitants)
    }

    /// Every collaboration with its members, in two queries however many there are (the start
    /// and municipality pages ask for them on every view).
    public func collaborations() async throws -> [Collaboration] {
        if let sql = database as? any SQLDatabase {
            // Plain SQL: on the start and municipality pages Fluent's model reflection cost more
            // than the queries themselves.
            let rows = try await sql.raw("SELECT \"key\", name, kind FROM collaborations ORDER BY name").all()
            guard !rows.isEmpty else { return [] }
            var members: [String: [Municipality]] = [:]
            for row in try await sql.raw("""
                SELECT cm.collaboration_key, m.code, m.name, m.inhabitants FROM collaboration_members cm
                JOIN municipalities m ON m.code = cm.municipality_code ORDER BY cm.collaboration_key, cm.position
                """).all() {
                if let municipality = try Self.municipality(row) {
                    members[try row.decode(column: "collaboration_key", as: String.self), default: []].append(municipality)
                }
            }
            return try rows.compactMap { row in
                guard let key = Key(try row.decode(column: "key", as: String.self)) else { return nil }
                return Collaboration(key: key, name: try row.decode(column: "name", as: String.self),
                                     kind: try row.decode(column: "kind", as: String?.self), members: members[key.rawValue] ?? [])
            }
        }
        let records = try await CollaborationRecord.query(on: database).sort(\.$name).all()
        guard !records.isEmpty else { return [] }
        var members: [String: [Municipality]] = [:]
        for member in try await CollaborationMemberRecord.query(on: database)
            .join(MunicipalityRecord.self, on: \CollaborationMemberRecord.$municipality.$id == \MunicipalityRecord.$id)
            .sort(\.$collaboration.$id).sort(\.$position).all() {
            if let municipality = Self.municipality(try member.joined(MunicipalityRecord.self)) {
                members[member.$collaboration.id, default: []].append(municipality)
            }
        }
        return records.compactMap { record in
            guard let key = record.id.flatMap(Key.init) else { return nil }
            return Collaboration(key: key, name: record.name, kind: record.kind, members: members[key.rawValue] ?? [])
        }
    }

    public func collaboration(_ key: Key) async throws -> Collaboration? {
        guard let record = try await CollaborationRecord.find(key.rawValue, on: database) else { return nil }
        return try await collaboration(record)
    }

    private func collaboration(_ record: CollaborationRecord) async throws -> Collaboration? {
        guard let key = record.id.flatMap(Key.init) else { return nil }
        let members = try await CollaborationMemberRecord.query(on: database)
            .filter(\.$collaboration.$id == key.rawValue)
            .with(\.$municipality)
            .sort(\.$position).all()
            .compactMap { Self.municipality($0.municipality) }
        return Collaboration(key: key, name: record.name, kind: record.kind, members: members)
    }

    public func isEmpty() async throws -> Bool {
        try await PlanRecord.query(on: database).count() == 0
    }
}

// MARK: Working in the browser

extension FluentPlanRepository {
    public func stored(_ key: Key) async throws -> StoredPlan? {
        guard let documents else {
            guard let record = try await PlanRecord.query(on: database).filter(\.$key == key.rawValue).first() else { return nil }
            return try Self.stored(record, plan: PlanDocument.decode(record.document))
        }
        // The row without its document first; the document only when this revision is not kept.
        // Plain SQL: on every plan page, Fluent's model reflection cost more than the query.
        if let sql = database as? any SQLDatabase {
            guard let row = try await sql.raw("""
                SELECT id, revision, version, adopted_version, updated_at FROM plans WHERE "key" = \(bind: key.rawValue)
                """).first() else { return nil }
            let revision = try row.decode(column: "revision", as: Int.self)
            if let plan = documents.plan(id: try row.decode(column: "id", as: UUID.self), revision: revision) {
                return StoredPlan(plan: plan, revision: revision, version: try row.decode(column: "version", as: Int.self),
                                  adoptedVersion: try row.decode(column: "adopted_version", as: Int?.self),
                                  updatedAt: try row.decode(column: "updated_at", as: Date?.self))
            }
        } else {
            guard let row = try await PlanRecord.query(on: database).filter(\.$key == key.rawValue)
                .field(\.$id).field(\.$revision).field(\.$version).field(\.$adoptedVersion).field(\.$updatedAt)
                .first() else { return nil }
            if let plan = documents.plan(id: try row.requireID(), revision: row.revision) {
                return Self.stored(row, plan: plan)
            }
        }
        // Read the whole row again, so document and revision belong together even when a save
        // came in between.
        guard let record = try await PlanRecord.query(on: database).filter(\.$key == key.rawValue).first() else { return nil }
        let plan = try PlanDocument.decode(record.document)
        documents.keep(plan, id: try record.requireID(), revision: record.revision)
        return Self.stored(record, plan: plan)
    }

    private static func stored(_ record: PlanRecord, plan: Plan) -> StoredPlan {
        StoredPlan(plan: plan, revision: record.revision, version: record.version,
                   adoptedVersion: record.adoptedVersion, updatedAt: record.updatedAt)
    }

    public func summaries(concerning tenant: Tenant) async throws -> [PlanSummary] {
        if let sql = database as? any SQLDatabase {
            // The same LIKE filters as below; codes and keys hold no LIKE wildcards.
            let filter: SQLQueryString = switch tenant {
            case .municipality(let code): "access_municipalities LIKE \(bind: "%,\(code.rawValue),%")"
            case .organisation(let key): "access_organisations LIKE \(bind: "%,\(key.rawValue)=%")"
            }
            return try await SummaryColumns.read(sql, where: filter, orderedBy: "first_year DESC, owner_name, title")
        }
        let query = PlanRecord.query(on: database).summaryColumns()
        switch tenant {
        case .municipality(let code):
            query.filter(\.$accessMunicipalities, .contains(inverse: false, .anywhere), ",\(code.rawValue),")
        case .organisation(let key):
            query.filter(\.$accessOrganisations, .contains(inverse: false, .anywhere), ",\(key.rawValue)=")
        }
        return try await query.sort(\.$firstYear, .descending).sort(\.$ownerName).sort(\.$title)
            .all().compactMap(Self.summary)
    }

    public func create(_ plan: Plan, audit: AuditEntry) async throws {
        try await database.writeTransaction { db in
            if try await PlanRecord.query(on: db).filter(\.$key == plan.key.rawValue).first() != nil {
                throw PlanStoreError.keyTaken(plan.key)
            }
            _ = try await Self.save(plan, document: try PlanDocument.encode(plan), on: db)
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    public func update(_ plan: Plan, expectingRevision revision: Int, audit: [AuditEntry]) async throws -> Int {
        let document = try PlanDocument.encode(plan)
        return try await database.writeTransaction { db in
            guard let record = try await PlanRecord.query(on: db).filter(\.$key == plan.key.rawValue).first() else {
                throw PlanStoreError.notFound(plan.key)
            }
            guard record.revision == revision else { throw PlanStoreError.conflict(currentRevision: record.revision) }
            // Compare-and-set on the revision: of two transactions that read the same revision,
            // only one changes the row; the other then finds a document that is not its own.
            try await PlanRecord.query(on: db)
                .filter(\.$key == plan.key.rawValue).filter(\.$revision == revision)
                .set(\.$revision, to: revision + 1).set(\.$document, to: document)
                .update()
            let after = try await PlanRecord.query(on: db).filter(\.$key == plan.key.rawValue).first()
            guard let after, after.revision == revision + 1, after.document == document else {
                throw PlanStoreError.conflict(currentRevision: after?.revision ?? revision)
            }
            _ = try await Self.save(plan, document: document, on: db, revision: revision + 1)
            try await AuditWriter.append(audit, chain: chain, on: db)
            return revision + 1
        }
    }

    public func updateExecution(_ update: ExecutionUpdate, of key: Key, expectingRevision revision: Int,
                                audit: [AuditEntry]) async throws -> Int {
        try await database.writeTransaction { db in
            let record = try await Self.claim(key, revision: revision, on: db)
            var plan = try PlanDocument.decode(record.document)
            var found = plan.apply(update)
            // While a new version is prepared, readers see the adopted version: the report
            // belongs there too. Only running fields change in it; its content stays as adopted.
            if let adopted = record.adoptedVersion, PlanStatus(rawValue: record.status).map({ $0 < .adopted }) ?? false,
               let frozen = try await PlanVersionRecord.query(on: db).filter(\.$planKey == key.rawValue)
                .filter(\.$number == adopted).first() {
                var adoptedPlan = try PlanDocument.decode(frozen.document)
                if adoptedPlan.apply(update) {
                    frozen.document = try PlanDocument.encode(adoptedPlan)
                    try await frozen.update(on: db)
                    found = true
                }
            }
            guard found else { throw PlanStoreError.notFound(key) }
            _ = try await Self.save(plan, document: try PlanDocument.encode(plan), on: db, revision: revision + 1)
            try await AuditWriter.append(audit, chain: chain, on: db)
            return revision + 1
        }
    }

    public func updateExecution(_ execution: PlanExecution, of key: Key, expectingRevision revision: Int,
                                audit: [AuditEntry]) async throws -> Int {
        try await database.writeTransaction { db in
            let record = try await Self.claim(key, revision: revision, on: db)
            var plan = try PlanDocument.decode(record.document)
            plan.execution = execution
            // Running data is one for the plan: the adopted version readers see while a new
            // version is prepared carries the same (docs/adr/0013).
            if let adopted = record.adoptedVersion, PlanStatus(rawValue: record.status).map({ $0 < .adopted }) ?? false,
               let frozen = try await PlanVersionRecord.query(on: db).filter(\.$planKey == key.rawValue)
                .filter(\.$number == adopted).first() {
                var adoptedPlan = try PlanDocument.decode(frozen.document)
                adoptedPlan.execution = execution
                frozen.document = try PlanDocument.encode(adoptedPlan)
                try await frozen.update(on: db)
            }
            _ = try await Self.save(plan, document: try PlanDocument.encode(plan), on: db, revision: revision + 1)
            try await AuditWriter.append(audit, chain: chain, on: db)
            return revision + 1
        }
    }

    public func startNewVersion(of key: Key, expectingRevision revision: Int, reason: String, by actor: String,
                                audit: AuditEntry) async throws {
        try await database.writeTransaction { db in
            let record = try await Self.record(key, expectingRevision: revision, on: db)
            try await Self.freeze(record, reason: reason, by: actor, on: db)
            var plan = try PlanDocument.decode(record.document)
            plan.status = .draft
            plan.adoptions = []
            plan.councilOffers = []
            record.document = try PlanDocument.encode(plan)
            record.status = plan.status.rawValue
            record.revision += 1
            try await record.update(on: db)
            try await AuditWriter.append([audit], chain: chain, on: db)
        }
    }

    /// The plan's row when its revision is still `revision`.
    private static func record(_ key: Key, expectingRevision revision: Int, on db: any Database) async throws -> PlanRecord {
        guard let record = try await PlanRecord.query(on: db).filter(\.$key == key.rawValue).first() else {
            throw PlanStoreError.notFound(key)
        }
        guard record.revision == revision else { throw PlanStoreError.conflict(currentRevision: record.revision) }
        return record
    }

    /// Compare-and-set on the revision: moves the plan from `revision` to the next one, or throws
    /// `conflict` when someone saved it since (on PostgreSQL the row stays locked until the
    /// transaction ends). Returns the row as it is now, content not yet changed.
    private static func claim(_ key: Key, revision: Int, on db: any Database) async throws -> PlanRecord {
        guard let sql = db as? any SQLDatabase else { throw PlanStoreError.conflict(currentRevision: revision) }
        let claimed = try await sql.update(PlanRecord.schema).set("revision", to: revision + 1)
            .where("key", .equal, key.rawValue).where("revision", .equal, revision)
            .returning("id").all()
        guard !claimed.isEmpty, let record = try await PlanRecord.query(on: db).filter(\.$key == key.rawValue).first() else {
            guard let current = try await PlanRecord.query(on: db).filter(\.$key == key.rawValue).first() else {
                throw PlanStoreError.notFound(key)
            }
            throw PlanStoreError.conflict(currentRevision: current.revision)
        }
        return record
    }

    /// Keeps the row's current content as a frozen version and moves the row to the next version
    /// (not yet written: the caller stores the new content and updates the row).
    private static func freeze(_ record: PlanRecord, reason: String, by actor: String, on db: any Database) async throws {
        let frozen = PlanVersionRecord()
        frozen.planKey = record.key
        frozen.number = record.version
        frozen.document = record.document
        frozen.status = record.status
        frozen.reason = reason
        frozen.createdAt = Date()
        frozen.createdBy = actor
        try await frozen.create(on: db)
        record.adoptedVersion = record.version
        record.version += 1
    }

    public func importPlans(_ writes: [PlanImportWrite]) async throws {
        // Encode everything before the transaction opens, so a failure cannot leave half a write.
        let documents = try writes.map { write -> String in
            switch write {
            case .create(let plan, _), .replace(let plan, _, _), .newVersion(let plan, _, _, _, _): try PlanDocument.encode(plan)
            }
        }
        try await database.writeTransaction { db in
            var audit: [AuditEntry] = []
            for (write, document) in zip(writes, documents) {
                switch write {
                case .create(let plan, let entry):
                    if try await PlanRecord.query(on: db).filter(\.$key == plan.key.rawValue).first() != nil {
                        throw PlanStoreError.keyTaken(plan.key)
                    }
                    _ = try await Self.save(plan, document: document, on: db)
                    audit.append(entry)
                case .replace(let plan, let revision, let entry):
                    _ = try await Self.claim(plan.key, revision: revision, on: db)
                    _ = try await Self.save(plan, document: document, on: db, revision: revision + 1)
                    audit.append(entry)
                case .newVersion(let plan, let revision, let reason, let actor, let entry):
                    let record = try await Self.claim(plan.key, revision: revision, on: db)
                    try await Self.freeze(record, reason: reason, by: actor, on: db)
                    try await record.update(on: db)
                    _ = try await Self.save(plan, document: document, on: db, revision: revision + 1)
                    audit.append(entry)
                }
            }
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func versions(of key: Key) async throws -> [PlanVersion] {
        try await PlanVersionRecord.query(on: database).filter(\.$planKey == key.rawValue).sort(\.$number).all().map {
            PlanVersion(number: $0.number, plan: try PlanDocument.decode($0.document), reason: $0.reason,
                        createdAt: $0.createdAt, createdBy: $0.createdBy)
        }
    }

    public func adoptedVersion(of key: Key) async throws -> Plan? {
        guard let record = try await PlanVersionRecord.query(on: database).filter(\.$planKey == key.rawValue)
            .sort(\.$number, .descending).first() else { return nil }
        return try PlanDocument.decode(record.document)
    }
}

/// The columns of `plans` a ``PlanSummary`` is made of, from a model or straight from a row.
struct SummaryColumns {
    var key: String, kind: String, title: String, ownerName: String
    var ownerMunicipality: String?, ownerCollaboration: String?
    var firstYear: Int, lastYear: Int, status: String, revision: Int, adoptedVersion: Int?
    var accessMunicipalities: String, accessOrganisations: String

    static let select: SQLQueryString = """
        SELECT "key", kind, title, owner_name, owner_municipality_code, owner_collaboration_key, first_year, last_year,
        status, revision, adopted_version, access_municipalities, access_organisations FROM plans
        """

    /// Summaries of the plans matching `filter`, in plain SQL (lists are on every start page).
    static func read(_ sql: any SQLDatabase, where filter: SQLQueryString?, orderedBy order: String) async throws -> [PlanSummary] {
        var query = select
        if let filter { query = query + " WHERE " + filter }
        query = query + " ORDER BY \(unsafeRaw: order)"
        return try await sql.raw(query).all().compactMap { row in
            try SummaryColumns(
                key: row.decode(column: "key", as: String.self), kind: row.decode(column: "kind", as: String.self),
                title: row.decode(column: "title", as: String.self), ownerName: row.decode(column: "owner_name", as: String.self),
                ownerMunicipality: row.decode(column: "owner_municipality_code", as: String?.self),
                ownerCollaboration: row.decode(column: "owner_collaboration_key", as: String?.self),
                firstYear: row.decode(column: "first_year", as: Int.self), lastYear: row.decode(column: "last_year", as: Int.self),
                status: row.decode(column: "status", as: String.self), revision: row.decode(column: "revision", as: Int.self),
                adoptedVersion: row.decode(column: "adopted_version", as: Int?.self),
                accessMunicipalities: row.decode(column: "access_municipalities", as: String.self),
                accessOrganisations: row.decode(column: "access_organisations", as: String.self)).summary
        }
    }

    var summary: PlanSummary? {
        guard let key = Key(key), let kind = PlanKind(rawValue: kind), let status = PlanStatus(rawValue: status),
              let period = YearRange(first: firstYear, last: lastYear) else { return nil }
        let access = PlanAccessFacts(municipalities: PlanRecord.municipalities(accessMunicipalities),
                                     isCollaboration: ownerCollaboration != nil, status: status,
                                     hasAdoptedVersion: adoptedVersion != nil,
                                     organisations: PlanRecord.organisations(accessOrganisations))
        return PlanSummary(key: key, kind: kind, title: title, ownerName: ownerName,
                           ownerMunicipality: ownerMunicipality.flatMap(MunicipalityCode.init),
                           ownerCollaboration: ownerCollaboration.flatMap(Key.init),
                           period: period, status: status, revision: revision, access: access)
    }
}

extension QueryBuilder where Model == PlanRecord {
    /// Only the columns a ``PlanSummary`` needs: lists never read the plan documents.
    func summaryColumns() -> Self {
        field(\.$id).field(\.$key).field(\.$kind).field(\.$title).field(\.$ownerName)
            .field(\.$ownerMunicipality.$id).field(\.$ownerCollaboration.$id).field(\.$firstYear).field(\.$lastYear)
            .field(\.$status).field(\.$revision).field(\.$adoptedVersion)
            .field(\.$accessMunicipalities).field(\.$accessOrganisations)
    }
}

/// The JSON form of a plan as stored in the `document` column.
enum PlanDocument {
    static func encode(_ plan: Plan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }

    static func decode(_ document: String) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: Data(document.utf8))
    }
}
