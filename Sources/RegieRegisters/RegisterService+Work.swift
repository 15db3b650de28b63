import Foundation
import RegieCore

// Incidents, the case table, retention, key rotation and subject access.
extension RegisterService {
    // MARK: Incidents

    @discardableResult
    public func record(_ incident: Incident, register id: UUID, context: Context, now: Date = Date()) async throws -> Incident {
        let (register, access) = try await usableRegister(id, context)
        guard register.kind == .vulnerablePersonIncidents else { throw RegisterError.notFound }
        guard RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else {
            throw RegisterError.notAllowed("incidenten vastleggen")
        }
        let problems = incident.problems(today: now)
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        let subjects = incident.content.person.map { [$0] } ?? []
        var record = StoredRecord(id: incident.id, register: id, kind: .incident, reference: "", status: incident.facts.followUp.rawValue,
                                  date: incident.occurredAt, closedOn: incident.occurredAt, district: incident.district,
                                  categories: [incident.kind.rawValue], facts: try Self.json(incident.facts), sealed: nil,
                                  lookups: subjects.map { sealer.lookupHash($0.identity) }, pseudonyms: subjects.map { logKeys.pseudonym($0.identity) },
                                  members: [context.actor.account])
        // An incident without a person or a note holds nothing to seal.
        if incident.content != IncidentContent() { record.sealed = try sealer.seal(incident.content, context: record.sealingContext) }
        let stored = try await store.create(record, referencePrefix: "VG", log: logLines(.create, record, register, context, purpose: "incident vastleggen"),
                                            audit: [audit(context, register, .registerRecordCreated, "incident")])
        var result = incident
        result.reference = stored.reference
        return result
    }

    public func openIncident(_ id: UUID, register registerID: UUID, context: Context, breakGlassReason: String? = nil) async throws -> Incident {
        let (_, record, _) = try await openable(id, registerID, context, breakGlassReason: breakGlassReason, purpose: "incident inzien")
        guard record.kind == .incident else { throw RegisterError.notFound }
        return try await openIncidentUnlogged(record)
    }

    // MARK: The case table

    /// Plans a meeting of the case table with an agenda of signals (owner or handler).
    @discardableResult
    public func planMeeting(_ meeting: CaseMeeting, register id: UUID, context: Context) async throws -> CaseMeeting {
        let (register, access) = try await usableRegister(id, context)
        guard register.kind == .underminingSignals, RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else {
            throw RegisterError.notAllowed("een casustafel plannen")
        }
        var agendaRecords: [StoredRecord] = []
        for signal in meeting.agenda {
            guard let record = try await store.record(signal, register: id), record.kind == .signal else {
                throw RegisterError.invalid([RegisterProblem(field: "Agenda", message: "Een signaal op de agenda hoort niet bij dit register.")])
            }
            agendaRecords.append(record)
        }
        var record = StoredRecord(id: meeting.id, register: id, kind: .meeting, reference: "", status: "gepland", date: meeting.heldOn,
                                  district: nil, categories: [], facts: try Self.json(meeting.agenda.map(\.uuidString)), sealed: nil,
                                  lookups: [], pseudonyms: [], members: [context.actor.account])
        record.sealed = try sealer.seal(meeting.content, context: record.sealingContext)
        let stored = try await store.create(record, referencePrefix: "CT", log: [], audit: [audit(context, register, .registerRecordCreated, "casustafel")])
        for signal in agendaRecords where signal.status == SignalStatus.received.rawValue || signal.status == SignalStatus.inAssessment.rawValue {
            var changed = signal
            changed.status = SignalStatus.onAgenda.rawValue
            _ = try await store.update(changed, expectingVersion: signal.version, log: [],
                                       audit: [audit(context, register, .registerRecordChanged, signal.reference, after: [AuditValue("Status", SignalStatus.onAgenda.name)])])
        }
        var result = meeting
        result.reference = stored.reference
        return result
    }

    /// The meeting, opened by a member of the register who may open every signal on its agenda.
    public func openMeeting(_ id: UUID, register registerID: UUID, context: Context) async throws -> CaseMeeting {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(id, register: registerID), record.kind == .meeting,
              RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else { throw RegisterError.notFound }
        let agenda = try JSONDecoder().decode([String].self, from: Data(record.facts.utf8)).compactMap(UUID.init(uuidString:))
        let content = try record.sealed.map { try sealer.open(CaseMeeting.Content.self, $0, context: record.sealingContext) } ?? CaseMeeting.Content()
        try await store.appendLog(logLines(.read, record, register, context, purpose: "casustafel inzien"))
        return CaseMeeting(id: record.id, reference: record.reference, heldOn: record.date, agenda: agenda, closed: record.status == "afgerond", content: content)
    }

    /// Records attendance, the decisions per signal, follow-up tasks and the minutes, and moves
    /// each decided signal to the status its decision leads to. Every decided signal must be on
    /// the agenda, and every task needs an owner who is a member of the register.
    public func conclude(_ meeting: CaseMeeting, register registerID: UUID, context: Context) async throws {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(meeting.id, register: registerID), record.kind == .meeting,
              RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else { throw RegisterError.notFound }
        var problems: [RegisterProblem] = []
        let agenda = Set(try JSONDecoder().decode([String].self, from: Data(record.facts.utf8)).compactMap(UUID.init(uuidString:)))
        for decision in meeting.content.decisions where !agenda.contains(decision.signal) {
            problems.append(RegisterProblem(field: "Besluit", message: "Er is een besluit over een signaal dat niet op de agenda staat."))
        }
        for task in meeting.content.tasks {
            if access.role(of: task.owner) == nil {
                problems.append(RegisterProblem(field: "Taak", message: "De eigenaar van een vervolgtaak moet lid zijn van het register."))
            }
            if task.description.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(RegisterProblem(field: "Taak", message: "Beschrijf wat er moet gebeuren."))
            }
        }
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        var changed = record
        changed.status = "afgerond"
        changed.sealed = try sealer.seal(meeting.content, context: record.sealingContext)
        _ = try await store.update(changed, expectingVersion: record.version, log: [],
                                   audit: [audit(context, register, .registerRecordChanged, record.reference, after: [AuditValue("Besluiten", String(meeting.content.decisions.count))])])
        for decision in meeting.content.decisions {
            guard let signal = try await store.record(decision.signal, register: registerID) else { continue }
            var decided = signal
            decided.status = decision.kind.resultingStatus.rawValue
            decided.closedOn = decision.kind.resultingStatus == .closed ? meeting.heldOn : nil
            var facts = (try? JSONDecoder().decode(SignalFacts.self, from: Data(signal.facts.utf8)))
            facts?.lastDecision = decision.kind
            if let facts { decided.facts = try Self.json(facts) }
            _ = try await store.update(decided, expectingVersion: signal.version,
                                       log: logLines(.change, signal, register, context, purpose: "besluit casustafel \(record.reference)"),
                                       audit: [audit(context, register, .registerRecordChanged, signal.reference, after: [AuditValue("Besluit", decision.kind.name)])])
        }
    }

    // MARK: Retention

    /// Anonymises or deletes what is past its period, one record per transaction; `trial` only counts.
    public func purge(register id: UUID, now: Date = Date(), trial: Bool, actorName: String = "opschonen (bewaartermijn)") async throws -> PurgeReport {
        guard let register = try await store.register(id) else { throw RegisterError.notFound }
        var records: [StoredRecord] = []
        for kind in RecordKind.allCases { records += try await store.records(register: id, kind: kind) }
        let steps = RetentionRules.steps(for: records, register: register, now: now)
        var report = PurgeReport(register: register.name, trial: trial)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        let context = Context(actor: RegisterActor(account: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!, tenant: .municipality(register.municipality)),
                              actorName: actorName)
        for step in steps {
            switch step {
            case .held: report.held += 1
            case .anonymise(let recordID):
                report.anonymised += 1
                guard !trial, let record = byID[recordID] else { continue }
                try await store.anonymise(recordID, log: systemLines(.anonymise, record, register, context),
                                          audit: [purgeAudit(context, register, record, "geanonimiseerd")])
            case .delete(let recordID):
                report.deleted += 1
                guard !trial, let record = byID[recordID] else { continue }
                try await store.delete(recordID, log: systemLines(.delete, record, register, context),
                                       audit: [purgeAudit(context, register, record, "vernietigd")])
            }
        }
        return report
    }

    func systemLines(_ operation: ProcessingLogEntry.Operation, _ record: StoredRecord, _ register: RegisterDefinition, _ context: Context) -> [ProcessingLogEntry] {
        logLines(operation, record, register, context, purpose: "bewaartermijn van \(register.retention.months) maanden verstreken").map {
            var line = $0
            line.actor = nil
            return line
        }
    }

    func purgeAudit(_ context: Context, _ register: RegisterDefinition, _ record: StoredRecord, _ what: String) -> AuditEntry {
        AuditEntry(actor: nil, actorName: context.actorName, municipalities: [register.municipality], action: .registerRecordPurged,
                   object: "\(register.name) · \(record.reference)", after: [AuditValue("Uitkomst", what)])
    }

    // MARK: Key rotation

    /// Re-encrypts every record sealed with an older key with the current one, in batches and
    /// one record per transaction, so the registers stay in use; returns how many were resealed.
    public func rekey(batch: Int = 200) async throws -> Int {
        var count = 0
        while true {
            let records = try await store.recordsSealed(notWith: sealer.ring.current.id, limit: batch)
            if records.isEmpty { return count }
            var progressed = false
            for record in records {
                guard let sealed = record.sealed else { continue }
                let plain = try sealer.open(sealed, context: record.sealingContext)
                let resealed = try sealer.seal(plain, context: record.sealingContext)
                let lookups = try lookupsOf(record, plaintext: plain)
                if try await store.reseal(record.id, expected: sealed, sealed: resealed, lookups: lookups) {
                    count += 1
                    progressed = true
                }
            }
            if !progressed { return count }
        }
    }

    /// The lookups of a record recomputed with the current key from its sealed subjects.
    func lookupsOf(_ record: StoredRecord, plaintext: Data) throws -> [String] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        switch record.kind {
        case .signal: return try decoder.decode(SignalContent.self, from: plaintext).subjects.map { sealer.lookupHash($0.identity) }
        case .incident: return try decoder.decode(IncidentContent.self, from: plaintext).person.map { [sealer.lookupHash($0.identity)] } ?? []
        case .meeting: return []
        }
    }
}
