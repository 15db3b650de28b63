import FluentKit
import Foundation
import RegieCore

/// Drafts, sent versions with their files, and house styles on SQLite and PostgreSQL. A sent
/// version is written once, with its files and its audit entry in one transaction; nothing
/// updates or deletes it afterwards.
public struct FluentCouncilDocumentStore: CouncilDocumentStore {
    let database: any Database
    let chain: AuditChain

    public init(database: any Database, chain: AuditChain) {
        self.database = database
        self.chain = chain
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    public func draft(plan: Key, _ key: DocumentKey) async throws -> DocumentDraft? {
        guard let record = try await DocumentDraftRecord.query(on: database).filter(\.$planKey == plan.rawValue)
            .filter(\.$document == key.slug).first() else { return nil }
        var draft = try Self.decoder.decode(DocumentDraft.self, from: Data(record.content.utf8))
        draft.revision = record.revision
        return draft
    }

    public func saveDraft(plan: Key, _ draft: DocumentDraft, expectingRevision revision: Int, audit: [AuditEntry]) async throws -> DocumentDraft {
        let chain = self.chain
        return try await database.writeTransaction { db in
            let existing = try await DocumentDraftRecord.query(on: db).filter(\.$planKey == plan.rawValue)
                .filter(\.$document == draft.key.slug).first()
            guard (existing?.revision ?? 0) == revision else { throw DocumentStoreError.draftChanged }
            var saved = draft
            saved.revision = revision + 1
            saved.updatedAt = Date()
            let record = existing ?? DocumentDraftRecord()
            record.planKey = plan.rawValue
            record.document = draft.key.slug
            record.content = String(decoding: try Self.encoder.encode(saved), as: UTF8.self)
            record.revision = saved.revision
            record.updatedAt = saved.updatedAt!
            if existing == nil { try await record.create(on: db) } else { try await record.update(on: db) }
            try await AuditWriter.append(audit, chain: chain, on: db)
            return saved
        }
    }

    public func sentVersions(plan: Key, _ key: DocumentKey) async throws -> [SentDocument] {
        try await SentDocumentRecord.query(on: database).filter(\.$planKey == plan.rawValue).filter(\.$document == key.slug)
            .sort(\.$version).all().map { try Self.decoder.decode(SentDocument.self, from: Data($0.description.utf8)) }
    }

    public func sentVersions(plan: Key) async throws -> [SentDocument] {
        try await SentDocumentRecord.query(on: database).filter(\.$planKey == plan.rawValue).sort(\.$sentAt).sort(\.$version).all()
            .map { try Self.decoder.decode(SentDocument.self, from: Data($0.description.utf8)) }
    }

    public func send(plan: Key, _ sent: SentDocument, contents: [DocumentFormat: Data], audit: [AuditEntry]) async throws {
        let chain = self.chain
        do {
            try await database.writeTransaction { db in
                if let earlier = try await SentDocumentRecord.query(on: db).filter(\.$planKey == plan.rawValue)
                    .filter(\.$document == sent.key.slug).filter(\.$draftRevision == sent.draftRevision).first() {
                    let described = try Self.decoder.decode(SentDocument.self, from: Data(earlier.description.utf8))
                    throw DocumentStoreError.alreadySent(version: described.version, sentOn: described.sentOn)
                }
                let record = SentDocumentRecord()
                record.planKey = plan.rawValue
                record.document = sent.key.slug
                record.version = sent.version
                record.draftRevision = sent.draftRevision
                record.sentAt = sent.sentAt
                record.description = String(decoding: try Self.encoder.encode(sent), as: UTF8.self)
                try await record.create(on: db)
                for file in sent.files {
                    guard let bytes = contents[file.format] else { continue }
                    let row = SentFileRecord()
                    row.sentDocumentID = try record.requireID()
                    row.format = file.format.rawValue
                    row.sha256 = file.sha256
                    row.content = bytes
                    try await row.create(on: db)
                }
                try await AuditWriter.append(audit, chain: chain, on: db)
            }
        } catch let error as DocumentStoreError {
            throw error
        } catch {
            // A concurrent send took the version or the draft revision first.
            if let earlier = try await sentVersions(plan: plan, sent.key).last(where: { $0.draftRevision == sent.draftRevision || $0.version == sent.version }) {
                throw DocumentStoreError.alreadySent(version: earlier.version, sentOn: earlier.sentOn)
            }
            throw error
        }
    }

    public func content(plan: Key, _ key: DocumentKey, version: Int, format: DocumentFormat) async throws -> Data? {
        guard let record = try await SentDocumentRecord.query(on: database).filter(\.$planKey == plan.rawValue)
            .filter(\.$document == key.slug).filter(\.$version == version).first() else { return nil }
        return try await SentFileRecord.query(on: database).filter(\.$sentDocumentID == record.requireID())
            .filter(\.$format == format.rawValue).first()?.content
    }

    public func houseStyle(of municipality: MunicipalityCode) async throws -> HouseStyleFile? {
        guard let record = try await HouseStyleRecord.query(on: database).filter(\.$municipality == municipality.rawValue).first() else { return nil }
        return HouseStyleFile(municipality: municipality, fileName: record.fileName, content: record.content, sha256: record.sha256,
                              uploadedAt: record.uploadedAt)
    }

    public func saveHouseStyle(_ style: HouseStyleFile, audit: [AuditEntry]) async throws {
        let chain = self.chain
        try await database.writeTransaction { db in
            let record = try await HouseStyleRecord.query(on: db).filter(\.$municipality == style.municipality.rawValue).first() ?? HouseStyleRecord()
            record.municipality = style.municipality.rawValue
            record.fileName = style.fileName
            record.sha256 = style.sha256
            record.content = style.content
            record.uploadedAt = style.uploadedAt
            try await record.save(on: db)
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }

    public func removeHouseStyle(of municipality: MunicipalityCode, audit: [AuditEntry]) async throws {
        let chain = self.chain
        try await database.writeTransaction { db in
            try await HouseStyleRecord.query(on: db).filter(\.$municipality == municipality.rawValue).delete()
            try await AuditWriter.append(audit, chain: chain, on: db)
        }
    }
}
