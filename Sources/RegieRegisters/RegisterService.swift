import Foundation
import RegieCore

/// The registers' rules in one place: who may, what is sealed, what is logged. The web layer
/// and the command line call this; the store keeps sealed content only.
public struct RegisterService: Sendable {
    public let store: any RegisterStore
    public let sealer: FieldSealer
    public let logKeys: ProcessingLogKeys

    public init(store: any RegisterStore, sealer: FieldSealer, logKeys: ProcessingLogKeys) {
        self.store = store
        self.sealer = sealer
        self.logKeys = logKeys
    }

    /// Who acts, for the audit entries and the processing log.
    public struct Context: Sendable {
        public var actor: RegisterActor
        public var actorName: String
        /// W3C trace id of the request; the processing-log lines of one request share it.
        public var traceID: String

        public init(actor: RegisterActor, actorName: String, traceID: String = ProcessingLogEntry.newTraceID()) {
            self.actor = actor
            self.actorName = actorName
            self.traceID = traceID
        }
    }

    // MARK: Registers

    /// The registers this account sees: members see theirs, a beheerder sees the definitions.
    public func registers(for context: Context) async throws -> [(RegisterDefinition, RegisterVisibility)] {
        guard let municipality = context.actor.tenant.municipality ?? nil else {
            return try await partnerRegisters(context)
        }
        var result: [(RegisterDefinition, RegisterVisibility)] = []
        for register in try await store.registers(of: municipality) {
            let visibility = RegisterAccessPolicy.visibility(context.actor, register: register, access: try await store.accessList(register.id))
            if visibility != .none { result.append((register, visibility)) }
        }
        return result
    }

    /// A partner organisation's account sees the registers its organisation takes part in and
    /// the account is a member of; inside, only what was shared with the organisation.
    func partnerRegisters(_ context: Context) async throws -> [(RegisterDefinition, RegisterVisibility)] {
        guard context.actor.tenant.organisation != nil else { return [] }
        var result: [(RegisterDefinition, RegisterVisibility)] = []
        for register in try await store.allRegisters() {
            let visibility = RegisterAccessPolicy.visibility(context.actor, register: register, access: try await store.accessList(register.id))
            if case .member = visibility { result.append((register, visibility)) }
        }
        return result
    }

    /// Saves a register's definition (beheerder of its municipality); refuses an incomplete one.
    public func saveRegister(_ register: RegisterDefinition, context: Context) async throws {
        guard context.actor.isAdministrator, context.actor.tenant.municipality == register.municipality else {
            throw RegisterError.notAllowed("de beschrijving van een register wijzigen")
        }
        let problems = register.problems()
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        try await store.saveRegister(register, audit: [audit(context, register, .registerChanged, register.name)])
    }

    /// The art. 30 record of the municipality's registers, for its beheerder.
    public func processingRecord(context: Context) async throws -> [RegisterDefinition] {
        guard context.actor.isAdministrator, let municipality = context.actor.tenant.municipality else {
            throw RegisterError.notAllowed("het register van verwerkingsactiviteiten inzien")
        }
        return try await store.registers(of: municipality)
    }

    /// Sets the people of a register: its owner, or the beheerder when it has no owner yet.
    public func saveAccess(_ list: RegisterAccessList, register id: UUID, context: Context) async throws {
        let register = try await visibleRegister(id, context)
        let current = try await store.accessList(id)
        let hasOwner = current.members.values.contains(.owner)
        let mayManage = RegisterAccessPolicy.mayManage(context.actor, register: register, access: current)
            || (!hasOwner && context.actor.isAdministrator && context.actor.tenant.municipality == register.municipality)
        guard mayManage else { throw RegisterError.notAllowed("de toegang tot dit register wijzigen") }
        guard list.members.values.contains(.owner) else {
            throw RegisterError.invalid([RegisterProblem(field: "Eigenaar", message: "Een register heeft ten minste één eigenaar.")])
        }
        let summary = RegisterRole.allCases.map { role in "\(role.name): \(list.members.values.filter { $0 == role }.count)" }.joined(separator: ", ")
        try await store.saveAccessList(list, register: id,
                                       audit: [audit(context, register, .registerMembersChanged, register.name, after: [AuditValue("Leden", summary)])])
    }

    // MARK: Signals

    /// Takes in a signal; the account becomes a member of the case.
    @discardableResult
    public func takeIn(_ signal: Signal, register id: UUID, context: Context, now: Date = Date()) async throws -> Signal {
        let (register, access) = try await usableRegister(id, context)
        guard register.kind == .underminingSignals else { throw RegisterError.notFound }
        guard RegisterAccessPolicy.mayTakeIn(context.actor, register: register, access: access) else {
            throw RegisterError.notAllowed("signalen vastleggen")
        }
        let problems = signal.problems(today: now)
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        var record = StoredRecord(id: signal.id, register: id, kind: .signal, reference: "", status: signal.status.rawValue, date: signal.receivedOn,
                                  closedOn: signal.closedOn, district: signal.district, categories: signal.phenomena.map(\.rawValue),
                                  facts: try Self.json(signal.facts), sealed: nil, lookups: signal.content.subjects.map { sealer.lookupHash($0.identity) },
                                  pseudonyms: signal.content.subjects.map { logKeys.pseudonym($0.identity) }, members: [context.actor.account])
        record.sealed = try sealer.seal(signal.content, context: record.sealingContext)
        let stored = try await store.create(record, referencePrefix: "OS", log: logLines(.create, record, register, context, purpose: "intake signaal"),
                                            audit: [audit(context, register, .registerRecordCreated, "signaal")])
        var result = signal
        result.reference = stored.reference
        return result
    }

    /// Opens a signal for reading. A handler who is not a member gives a reason (break-glass),
    /// which is logged apart and reported to the owner; everyone else without access gets "not found".
    public func openSignal(_ id: UUID, register registerID: UUID, context: Context, breakGlassReason: String? = nil) async throws -> Signal {
        let (_, record, _) = try await openable(id, registerID, context, breakGlassReason: breakGlassReason, purpose: "signaal inzien")
        guard record.kind == .signal else { throw RegisterError.notFound }
        return try signal(from: record)
    }

    /// Moves a signal to another status (members who may write). Neither opens nor re-seals the
    /// content, so the processing log gets the one line of the change and no read.
    public func changeStatus(of recordID: UUID, register registerID: UUID, to status: SignalStatus, context: Context,
                             expectingVersion version: Int, now: Date = Date()) async throws {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(recordID, register: registerID), record.kind == .signal,
              RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: try await caseFacts(record)) == .write else {
            throw RegisterError.notFound
        }
        var changed = record
        changed.status = status.rawValue
        changed.closedOn = status == .closed ? (record.closedOn ?? now) : nil
        _ = try await store.update(changed, expectingVersion: version, log: logLines(.change, changed, register, context, purpose: "status van signaal wijzigen"),
                                   audit: [audit(context, register, .registerRecordChanged, record.reference, after: [AuditValue("Status", status.name)])])
    }

    /// Changes the status of a signal or its sealed content (members who may write).
    public func updateSignal(_ signal: Signal, register registerID: UUID, context: Context, expectingVersion version: Int) async throws {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(signal.id, register: registerID), record.kind == .signal else { throw RegisterError.notFound }
        let facts = try await caseFacts(record)
        guard RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: facts) == .write else {
            throw RegisterError.notFound
        }
        let problems = signal.problems()
        guard problems.isEmpty else { throw RegisterError.invalid(problems) }
        var changed = record
        changed.status = signal.status.rawValue
        changed.closedOn = signal.status == .closed ? (signal.closedOn ?? Date()) : nil
        changed.district = signal.district
        changed.categories = signal.phenomena.map(\.rawValue)
        changed.facts = try Self.json(signal.facts)
        changed.lookups = signal.content.subjects.map { sealer.lookupHash($0.identity) }
        changed.pseudonyms = signal.content.subjects.map { logKeys.pseudonym($0.identity) }
        changed.sealed = try sealer.seal(signal.content, context: record.sealingContext)
        _ = try await store.update(changed, expectingVersion: version, log: logLines(.change, changed, register, context, purpose: "signaal bijwerken"),
                                   audit: [audit(context, register, .registerRecordChanged, record.reference,
                                                 after: [AuditValue("Status", SignalStatus(rawValue: changed.status)?.name ?? changed.status)])])
    }

    /// The signals' lines for lists and the case table's agenda: references and classifying
    /// facts only, for every member; nothing for anyone else.
    public func signalLines(register registerID: UUID, context: Context) async throws -> [SignalLine] {
        let (register, access) = try await usableRegister(registerID, context)
        guard access.role(of: context.actor.account) != nil, context.actor.tenant.municipality == register.municipality else { throw RegisterError.notFound }
        return try await store.listedRecords(register: registerID, kind: .signal).compactMap { record in
            let caseAccess = RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access,
                                                             case: CaseAccessFacts(members: record.members))
            guard caseAccess != .none else { return nil }
            return SignalLine(record: record, access: caseAccess)
        }
    }

    /// Shares a case with a partner organisation taking part in the register; recorded as a disclosure.
    public func share(_ recordID: UUID, register registerID: UUID, with organisation: Key, purpose: String, context: Context) async throws {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(recordID, register: registerID) else { throw RegisterError.notFound }
        guard RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access, case: try await caseFacts(record)) == .write else {
            throw RegisterError.notFound
        }
        guard RegisterAccessPolicy.mayShare(with: organisation, access: access) else { throw RegisterError.shareOutsideRegister(organisation.rawValue) }
        guard purpose.trimmingCharacters(in: .whitespaces).count >= 5 else {
            throw RegisterError.invalid([RegisterProblem(field: "Doel van het delen", message: "Geef het doel waarvoor de zaak wordt gedeeld.")])
        }
        var lines = logLines(.share, record, register, context, purpose: purpose)
        for index in lines.indices { lines[index].recipient = organisation.rawValue }
        try await store.share(CaseShare(record: recordID, organisation: organisation, sharedBy: context.actor.account, purpose: purpose), log: lines,
                              audit: [audit(context, register, .caseShared, record.reference, after: [AuditValue("Gedeeld met", organisation.rawValue)])])
    }

    /// Is this person, company or address already known in the register? Only for members who
    /// may take in; anyone else learns nothing (not found), not even that the register exists.
    public func search(_ identity: SubjectIdentity, register registerID: UUID, context: Context) async throws -> [String] {
        let (register, access) = try await usableRegister(registerID, context)
        guard RegisterAccessPolicy.maySearch(context.actor, register: register, access: access) else { throw RegisterError.notFound }
        let found = try await store.records(register: registerID, lookups: sealer.lookupHashes(identity))
        let now = Date()
        try await store.appendLog([ProcessingLogEntry(traceID: context.traceID, operation: .read, start: now, end: now,
                                                      processingActivity: register.processingActivity, register: registerID, record: nil,
                                                      dataSubject: logKeys.pseudonym(identity), actor: context.actor.account,
                                                      purpose: "opzoeken: is de betrokkene bekend")])
        return found.map(\.reference).sorted()
    }

    // MARK: Helpers

    func visibleRegister(_ id: UUID, _ context: Context) async throws -> RegisterDefinition {
        guard let register = try await store.register(id) else { throw RegisterError.notFound }
        let visibility = RegisterAccessPolicy.visibility(context.actor, register: register, access: try await store.accessList(id))
        guard visibility != .none else { throw RegisterError.notFound }
        return register
    }

    /// A register the account is a member of, with a complete definition.
    func usableRegister(_ id: UUID, _ context: Context) async throws -> (RegisterDefinition, RegisterAccessList) {
        guard let register = try await store.register(id) else { throw RegisterError.notFound }
        let access = try await store.accessList(id)
        guard case .member = RegisterAccessPolicy.visibility(context.actor, register: register, access: access) else { throw RegisterError.notFound }
        let problems = register.problems()
        guard problems.isEmpty else { throw RegisterError.definitionIncomplete(problems) }
        return (register, access)
    }

    func caseFacts(_ record: StoredRecord) async throws -> CaseAccessFacts {
        CaseAccessFacts(members: record.members, sharedWith: Set(try await store.shares(record: record.id).map(\.organisation)))
    }

    /// Access to one record for reading, with break-glass and the processing log.
    func openable(_ id: UUID, _ registerID: UUID, _ context: Context, breakGlassReason: String?, purpose: String) async throws
        -> (RegisterDefinition, StoredRecord, CaseAccess) {
        let opened = try await opening(id, registerID, context, breakGlassReason: breakGlassReason, purpose: purpose)
        return (opened.register, opened.record, opened.caseAccess)
    }

    /// ``openable`` with what it read on the way: the access list and the case's shares, so a
    /// page about the case reads the register, its members and the record once.
    func opening(_ id: UUID, _ registerID: UUID, _ context: Context, breakGlassReason: String?, purpose: String) async throws
        -> (register: RegisterDefinition, access: RegisterAccessList, record: StoredRecord, caseAccess: CaseAccess, shares: [CaseShare]) {
        let (register, access) = try await usableRegister(registerID, context)
        guard let record = try await store.record(id, register: registerID) else { throw RegisterError.notFound }
        let shares = try await store.shares(record: record.id)
        let caseAccess = RegisterAccessPolicy.caseAccess(context.actor, register: register, access: access,
                                                         case: CaseAccessFacts(members: record.members, sharedWith: Set(shares.map(\.organisation))))
        switch caseAccess {
        case .none:
            throw RegisterError.notFound
        case .breakGlass:
            guard let reason = breakGlassReason?.trimmingCharacters(in: .whitespacesAndNewlines), reason.count >= 10 else {
                throw RegisterError.breakGlassReasonMissing
            }
            try await store.recordBreakGlass(BreakGlassAccess(register: registerID, record: id, account: context.actor.account, reason: reason),
                                             log: logLines(.breakGlass, record, register, context, purpose: "doorbreking: " + reason),
                                             audit: [audit(context, register, .breakGlassUsed, record.reference, after: [AuditValue("Reden", reason)])])
        case .read, .write:
            try await store.appendLog(logLines(.read, record, register, context, purpose: purpose))
        }
        return (register, access, record, caseAccess, shares)
    }

    func signal(from record: StoredRecord) throws -> Signal {
        let facts = try JSONDecoder().decode(SignalFacts.self, from: Data(record.facts.utf8))
        let content = try record.sealed.map { try sealer.open(SignalContent.self, $0, context: record.sealingContext) }
            ?? SignalContent(subjects: [], description: "(geanonimiseerd)")
        return Signal(id: record.id, reference: record.reference, receivedOn: record.date, phenomena: record.categories.compactMap(Phenomenon.init(rawValue:)),
                      district: record.district, facts: facts, status: SignalStatus(rawValue: record.status) ?? .received,
                      closedOn: record.closedOn, content: content, version: record.version)
    }

    /// One processing-log line per person in the record (one without a subject when it names nobody).
    func logLines(_ operation: ProcessingLogEntry.Operation, _ record: StoredRecord, _ register: RegisterDefinition, _ context: Context,
                  purpose: String) -> [ProcessingLogEntry] {
        let now = Date()
        let subjects: [String?] = record.pseudonyms.isEmpty ? [nil] : record.pseudonyms.map { $0 }
        return subjects.map { subject in
            ProcessingLogEntry(traceID: context.traceID, operation: operation, start: now, end: now, processingActivity: register.processingActivity,
                               register: register.id, record: record.id, dataSubject: subject, actor: context.actor.account, purpose: purpose)
        }
    }

    func audit(_ context: Context, _ register: RegisterDefinition, _ action: AuditAction, _ object: String,
               after: [AuditValue] = []) -> AuditEntry {
        AuditEntry(actor: context.actor.account, actorName: context.actorName, municipalities: [register.municipality], action: action,
                   object: "\(register.name) · \(object)", after: after)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A signal as lists and agendas show it: no personal data.
public struct SignalLine: Hashable, Sendable {
    public var id: UUID
    public var reference: String
    public var receivedOn: Date
    public var phenomena: [Phenomenon]
    public var status: SignalStatus
    public var urgency: Level?
    public var access: CaseAccess

    init(record: ListedRecord, access: CaseAccess) {
        id = record.id
        reference = record.reference
        receivedOn = record.date
        phenomena = record.categories.compactMap(Phenomenon.init(rawValue:))
        status = SignalStatus(rawValue: record.status) ?? .received
        urgency = (try? JSONDecoder().decode(SignalFacts.self, from: Data(record.facts.utf8)))?.urgency
        self.access = access
    }
}
