import Crypto
import FluentKit
import FluentSQL
import Foundation
import RegieCore

/// Appends to the audit trail, reads it back and checks it. Entries are chained: each hash covers
/// the entry and the hash before it. Since migration 007 the hash is an HMAC-SHA256 with a key
/// kept outside the database (scheme 2), so whoever can write the database cannot rewrite an
/// entry and hash the chain again; entries from before keep their plain SHA-256 (scheme 1) and
/// stay verifiable. Heads are anchored outside the database (``AuditChain``), so removing the
/// newest entries shows too (docs/adr/0008).
enum AuditWriter {
    /// The older, unkeyed scheme: SHA-256 over the fields.
    static let legacyScheme = 1
    /// HMAC-SHA256 with the audit key over the scheme, the fields and the subject.
    static let keyedScheme = 2

    static func append(_ entries: [AuditEntry], chain: AuditChain, on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        try await lockAppends(on: db)
        let last = try await AuditRecord.query(on: db).sort(\.$sequence, .descending).first()
        // `last` is committed (appends take turns), so it can be anchored without waiting for ours.
        if let last, last.sequence >= chain.lastAnchoredSequence + chain.anchorEvery {
            anchor(last, chain: chain, on: db)
        }
        var sequence = last?.sequence ?? 0
        var previous = last?.hash ?? ""
        for entry in entries {
            sequence += 1
            let record = AuditRecord()
            record.sequence = sequence
            record.scheme = keyedScheme
            // Whole seconds: both databases keep them exactly, so the hash can be checked later.
            record.at = Date(timeIntervalSince1970: entry.at.timeIntervalSince1970.rounded(.down))
            record.actorID = entry.actor
            record.actorName = entry.actorName
            record.municipalities = "," + entry.municipalities.map(\.rawValue).joined(separator: ",") + ","
            record.action = entry.action.rawValue
            record.object = entry.object
            record.subjectID = entry.subject
            record.before = encode(entry.before)
            record.after = encode(entry.after)
            record.hash = hash(record, previous: previous, key: chain.key)
            try await record.create(on: db)
            previous = record.hash
        }
    }

    /// On PostgreSQL, appends from concurrent transactions take turns (a transaction-scoped
    /// advisory lock), so each reads the true last entry and the chain never forks. SQLite runs
    /// one writing transaction at a time anyway.
    static func lockAppends(on db: any Database) async throws {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT pg_advisory_xact_lock(7265676965)").run()
        }
    }

    /// Records `record` as a head outside the database; a failure is logged, not thrown.
    static func anchor(_ record: AuditRecord, chain: AuditChain, on db: any Database) {
        let anchor = AuditAnchor(sequence: record.sequence, scheme: record.scheme, hash: record.hash, at: Date())
        do {
            try chain.record(anchor)
            // A second copy of the head in the application log, which the database's owner cannot rewrite either.
            db.logger.info("audit head anchored: sequence \(record.sequence), hash \(record.hash.prefix(16))")
        } catch {
            db.logger.error("audit head not anchored: \(error)")
        }
    }

    /// The entry's hash in its own scheme.
    static func hash(_ record: AuditRecord, previous: String, key: SymmetricKey) -> String {
        let fields = [previous, String(record.sequence), String(Int(record.at.timeIntervalSince1970)),
                      record.actorID?.uuidString ?? "", record.actorName, record.municipalities, record.action,
                      record.object, record.before, record.after]
        switch record.scheme {
        case legacyScheme:
            return hex(SHA256Digest.of(fields.joined(separator: "\u{1f}")))
        default:
            let text = ([String(record.scheme)] + fields + [record.subjectID?.uuidString ?? ""]).joined(separator: "\u{1f}")
            return hex(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
    }

    /// Whether `record` fits after `previous` (nil for the first entry).
    static func fits(_ record: AuditRecord, after previous: AuditRecord?, key: SymmetricKey) -> AuditChainCheck.Fault? {
        if let previous, previous.sequence != record.sequence - 1 {
            return .missingBefore(count: record.sequence - previous.sequence - 1)
        }
        if previous == nil, record.sequence != 1 { return .missingBefore(count: record.sequence - 1) }
        // Scheme 1 only before the keyed entries, and without the subject it does not cover.
        if record.scheme == legacyScheme, (previous?.scheme ?? legacyScheme) != legacyScheme || record.subjectID != nil {
            return .schemeDowngrade
        }
        if record.scheme != legacyScheme, record.scheme != keyedScheme { return .hashMismatch }
        return hash(record, previous: previous?.hash ?? "", key: key) == record.hash ? nil : .hashMismatch
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }

    static func encode(_ values: [AuditValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [AuditValue] {
        (try? JSONDecoder().decode([AuditValue].self, from: Data(text.utf8))) ?? []
    }

    // MARK: Reading

    /// The entries `municipality` may read, newest first, each checked against the entry before
    /// it in the whole chain (the entries before are read in one query).
    static func entries(for municipality: MunicipalityCode?, limit: Int, chain: AuditChain, on db: any Database) async throws -> [StoredAuditEntry] {
        let query = AuditRecord.query(on: db).sort(\.$sequence, .descending).limit(limit)
        if let municipality {
            query.filter(\.$municipalities, .contains(inverse: false, .anywhere), ",\(municipality.rawValue),")
        }
        return try await stored(try await query.all(), chain: chain, on: db)
    }

    /// The entries about `account`, newest first; with `byOthers` only those another actor caused.
    static func entries(about account: UUID, byOthers: Bool, limit: Int, chain: AuditChain, on db: any Database) async throws -> [StoredAuditEntry] {
        let query = AuditRecord.query(on: db).filter(\.$subjectID == account)
        if byOthers {
            // `actor_id <> x` leaves out NULL (the command line), so ask for it separately.
            query.group(.or) { $0.filter(\.$actorID != account).filter(\.$actorID == nil) }
        }
        return try await stored(try await query.sort(\.$sequence, .descending).limit(limit).all(), chain: chain, on: db)
    }

    private static func stored(_ records: [AuditRecord], chain: AuditChain, on db: any Database) async throws -> [StoredAuditEntry] {
        let wanted = records.map { $0.sequence - 1 }.filter { $0 > 0 }
        var previous: [Int: AuditRecord] = [:]
        for batch in stride(from: 0, to: wanted.count, by: 500).map({ Array(wanted[$0..<min($0 + 500, wanted.count)]) }) {
            for record in try await AuditRecord.query(on: db).filter(\.$sequence ~~ batch).all() {
                previous[record.sequence] = record
            }
        }
        return records.map { record in
            let intact = fits(record, after: previous[record.sequence - 1], key: chain.key) == nil
            let entry = AuditEntry(at: record.at, actor: record.actorID, actorName: record.actorName,
                                   municipalities: record.municipalities.split(separator: ",").compactMap { MunicipalityCode(String($0)) },
                                   action: AuditAction(rawValue: record.action) ?? .planPartChanged, object: record.object,
                                   subject: record.subjectID, before: decode(record.before), after: decode(record.after))
            return StoredAuditEntry(sequence: record.sequence, entry: entry, hash: record.hash, intact: intact)
        }
    }

    // MARK: Checking the chain

    /// Reads the chain from `start` on (the first entry, or the entry after a verified marker),
    /// page by page, never all at once, and compares every anchor.
    static func check(from marker: (sequence: Int, hash: String)?, chain: AuditChain, on db: any Database) async throws -> AuditChainCheck {
        var result = AuditChainCheck(checkedFrom: (marker?.sequence ?? 0) + 1)
        func note(_ sequence: Int, _ fault: AuditChainCheck.Fault) {
            if result.firstProblem == nil { result.firstProblem = .init(sequence: sequence, fault: fault) }
            result.problemCount += 1
        }
        var previous: AuditRecord?
        var cursor = 0
        if let marker {
            // The marker's own entry must still be what was verified; if it is not, the marker is
            // worth nothing and the whole chain is read to find what happened.
            guard let record = try await AuditRecord.query(on: db).filter(\.$sequence == marker.sequence).first(),
                  record.hash == marker.hash else {
                return try await check(from: nil, chain: chain, on: db)
            }
            previous = record
            cursor = marker.sequence
            result.headSequence = marker.sequence
        }
        let pageSize = 1_000
        while true {
            let page = try await AuditRecord.query(on: db).filter(\.$sequence > cursor).sort(\.$sequence).limit(pageSize).all()
            for record in page {
                result.entriesChecked += 1
                if record.scheme == legacyScheme { result.legacyEntries += 1 }
                if let fault = fits(record, after: previous, key: chain.key) { note(record.sequence, fault) }
                previous = record
                cursor = record.sequence
                result.headSequence = record.sequence
            }
            if page.count < pageSize { break }
        }
        try await compareAnchors(&result, chain: chain, on: db)
        return result
    }

    /// Every recorded anchor against the entry it names: missing (removed) or different (rewritten).
    static func compareAnchors(_ result: inout AuditChainCheck, chain: AuditChain, on db: any Database) async throws {
        let recorded = try chain.recordedAnchors()
        var genuine: [AuditAnchor] = []
        for (anchor, isGenuine) in recorded {
            if isGenuine {
                genuine.append(anchor)
            } else {
                result.anchorProblems.append(.init(sequence: anchor.sequence, anchoredAt: anchor.at, kind: .anchorForged))
            }
        }
        result.anchorsCompared = recorded.count
        result.highestAnchored = genuine.map(\.sequence).max() ?? 0
        for start in stride(from: 0, to: genuine.count, by: 500) {
            let batch = genuine[start..<min(start + 500, genuine.count)]
            var found: [Int: String] = [:]
            for record in try await AuditRecord.query(on: db).filter(\.$sequence ~~ batch.map(\.sequence)).all() {
                found[record.sequence] = record.hash
            }
            for anchor in batch {
                switch found[anchor.sequence] {
                case nil: result.anchorProblems.append(.init(sequence: anchor.sequence, anchoredAt: anchor.at, kind: .entryMissing))
                case let hash? where hash != anchor.hash:
                    result.anchorProblems.append(.init(sequence: anchor.sequence, anchoredAt: anchor.at, kind: .hashDiffers))
                default: break
                }
            }
        }
    }

    // MARK: The verified-up-to marker

    /// The newest marker whose MAC is right; a forged or damaged one is ignored (a full check follows).
    static func marker(chain: AuditChain, on db: any Database) async throws -> AuditCheckRecord? {
        for record in try await AuditCheckRecord.query(on: db).sort(\.$verifiedThrough, .descending).limit(5).all()
        where markerMAC(record, chain: chain) == record.mac {
            return record
        }
        return nil
    }

    static func markerMAC(_ record: AuditCheckRecord, chain: AuditChain) -> String {
        chain.mac("regie-controle|\(record.verifiedThrough)|\(record.hash)|\(Int(record.checkedAt.timeIntervalSince1970))|\(Int(record.fullCheckAt.timeIntervalSince1970))")
    }

    /// Moves the marker to the head of an intact check and anchors that head.
    static func recordIntact(_ check: AuditChainCheck, fullCheckAt: Date, chain: AuditChain, on db: any Database) async throws {
        guard check.intact, check.headSequence > 0,
              let head = try await AuditRecord.query(on: db).filter(\.$sequence == check.headSequence).first() else { return }
        anchor(head, chain: chain, on: db)
        let marker = AuditCheckRecord()
        marker.id = UUID()
        marker.verifiedThrough = head.sequence
        marker.hash = head.hash
        marker.checkedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        marker.fullCheckAt = Date(timeIntervalSince1970: fullCheckAt.timeIntervalSince1970.rounded(.down))
        marker.mac = markerMAC(marker, chain: chain)
        try await db.transaction { db in
            try await marker.create(on: db)
            try await AuditCheckRecord.query(on: db).filter(\.$verifiedThrough < head.sequence).delete()
        }
    }
}

enum SHA256Digest {
    static func of(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }
}
