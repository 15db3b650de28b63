import FluentKit
import FluentSQL
import Foundation
import RegieCore
import RegiePersistence
import RegieRegisters
import RegieWeb
import Testing
import VaporTesting

extension DatabaseTests {
    @Suite("Registers stored")
    struct RegisterStorageTests {
        struct People {
            let owner = UUID(), handler = UUID(), reader = UUID(), officer = UUID(), police = UUID(), administrator = UUID()
            let municipality = MunicipalityCode("GM0037")!
            var ownerContext: RegisterService.Context { .init(actor: RegisterActor(account: owner, tenant: .municipality(municipality)), actorName: "Eigenaar") }
            var handlerContext: RegisterService.Context { .init(actor: RegisterActor(account: handler, tenant: .municipality(municipality)), actorName: "Behandelaar") }
            var readerContext: RegisterService.Context { .init(actor: RegisterActor(account: reader, tenant: .municipality(municipality)), actorName: "Lezer") }
            var officerContext: RegisterService.Context { .init(actor: RegisterActor(account: officer, tenant: .municipality(municipality)), actorName: "Beleid") }
            var policeContext: RegisterService.Context { .init(actor: RegisterActor(account: police, tenant: .organisation(Key("politie-noord")!)), actorName: "Politie") }
            var administratorContext: RegisterService.Context {
                .init(actor: RegisterActor(account: administrator, tenant: .municipality(municipality), isAdministrator: true), actorName: "Beheerder")
            }
        }

        /// A register with an owner, a handler, a reader and the police taking part.
        static func setUp(_ app: Application, _ people: People, retention: Retention = Retention(months: 60, end: .delete)) async throws -> RegisterDefinition {
            let register = testRegister(retention: retention)
            try await app.registers.saveRegister(register, context: people.administratorContext)
            try await app.registers.saveAccess(RegisterAccessList(members: [people.owner: .owner, people.handler: .handler, people.reader: .reader, people.police: .reader],
                                                                  organisations: [Key("politie-noord")!]),
                                               register: register.id, context: people.administratorContext)
            return register
        }

        static func exampleSignal(_ date: Date = Date()) -> Signal {
            Signal(receivedOn: date, phenomena: [.drugs, .realEstate], district: "Stadskanaal-Noord",
                   facts: SignalFacts(source: .partner, urgency: .high, seriousness: .medium),
                   content: SignalContent(subjects: [.person(name: "Pieter Voorbeeldman", birthDate: nil),
                                                     .company(name: "Verzonnen Handel BV", kvk: "99887766"),
                                                     .address(street: "Fictieweg", houseNumber: "12", postcode: "9501 ZZ", place: "Stadskanaal")],
                                          description: "Hennepgeur en veel verkeer bij loods aan de Fictieweg", reporter: "wijkagent"))
        }

        @Test("A signal goes from intake through the case table to a decision; every read is in the processing log")
        func signalThroughCaseTable() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let signal = try await app.registers.takeIn(Self.exampleSignal(), register: register.id, context: people.handlerContext)
                #expect(signal.reference.hasPrefix("OS-"))
                let opened = try await app.registers.openSignal(signal.id, register: register.id, context: people.handlerContext)
                #expect(opened.content == signal.content)
                // The reader is no member of the case; the plan officer is not in the register at all.
                await #expect(throws: RegisterError.notFound) { try await app.registers.openSignal(signal.id, register: register.id, context: people.readerContext) }
                await #expect(throws: RegisterError.notFound) { try await app.registers.openSignal(signal.id, register: register.id, context: people.officerContext) }
                await #expect(throws: RegisterError.notFound) {
                    try await app.registers.search(.company(kvk: "99887766"), register: register.id, context: people.officerContext)
                }
                #expect(try await app.registers.search(.company(kvk: "9988 7766"), register: register.id, context: people.handlerContext) == [signal.reference])
                #expect(try await app.registers.signalLines(register: register.id, context: people.readerContext).isEmpty)
                #expect(try await app.registers.registers(for: people.officerContext).isEmpty)

                var meeting = try await app.registers.planMeeting(CaseMeeting(heldOn: Date(), agenda: [signal.id]), register: register.id, context: people.ownerContext)
                #expect(try await app.registers.signalLines(register: register.id, context: people.ownerContext).first?.status == .onAgenda)
                meeting.content = CaseMeeting.Content(attendance: ["gemeente", "politie"],
                                                      decisions: [.init(signal: signal.id, kind: .reportToRIEC, note: "past bij lopend onderzoek")],
                                                      tasks: [FollowUpTask(signal: signal.id, description: "melding opstellen", owner: people.handler,
                                                                           due: Date().addingTimeInterval(14 * 86_400))],
                                                      minutes: "Besproken; melding aan het RIEC.")
                try await app.registers.conclude(meeting, register: register.id, context: people.ownerContext)
                let decided = try await app.registers.openSignal(signal.id, register: register.id, context: people.ownerContext)
                #expect(decided.status == .followUp)
                #expect(decided.facts.lastDecision == .reportToRIEC)
                let reopened = try await app.registers.openMeeting(meeting.id, register: register.id, context: people.ownerContext)
                #expect(reopened.content.minutes == "Besproken; melding aan het RIEC.")

                // A decision about a signal that was not on the agenda is refused.
                var wrong = meeting
                wrong.content.decisions = [.init(signal: UUID(), kind: .noAction)]
                await #expect(throws: RegisterError.self) { try await app.registers.conclude(wrong, register: register.id, context: people.ownerContext) }

                // Every read of the record is logged, per person in it, and the log is intact.
                let lines = try await app.registerStore.log(record: signal.id)
                // Two reads (the handler, then the owner after the decision), one line per person each.
                #expect(lines.filter { $0.operation == .read }.count == 2 * 3)
                #expect(Set(lines.compactMap(\.dataSubject)).count == 3)
                #expect(lines.allSatisfy { $0.processingActivity == register.processingActivity })
                #expect(try await app.registerStore.checkLog().intact)
            }
        }

        @Test("Break-glass needs a reason, is recorded apart and reported to the owner; sharing is only with partners in the register")
        func breakGlassAndSharing() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let signal = try await app.registers.takeIn(Self.exampleSignal(), register: register.id, context: people.ownerContext)
                await #expect(throws: RegisterError.breakGlassReasonMissing) {
                    try await app.registers.openSignal(signal.id, register: register.id, context: people.handlerContext)
                }
                let opened = try await app.registers.openSignal(signal.id, register: register.id, context: people.handlerContext,
                                                                breakGlassReason: "spoed: melding van de politie vannacht")
                #expect(opened.reference == signal.reference)
                let reports = try await app.registerStore.breakGlass(register: register.id)
                #expect(reports.map(\.account) == [people.handler])
                #expect(try await app.registerStore.log(record: signal.id).contains { $0.operation == .breakGlass })

                // The police see nothing until it is shared with them.
                await #expect(throws: RegisterError.notFound) { try await app.registers.openSignal(signal.id, register: register.id, context: people.policeContext) }
                await #expect(throws: RegisterError.shareOutsideRegister("woningcorporatie")) {
                    try await app.registers.share(signal.id, register: register.id, with: Key("woningcorporatie")!, purpose: "overleg", context: people.ownerContext)
                }
                try await app.registers.share(signal.id, register: register.id, with: Key("politie-noord")!, purpose: "opsporing drugs", context: people.ownerContext)
                #expect(try await app.registers.openSignal(signal.id, register: register.id, context: people.policeContext).content.subjects.count == 3)
            }
        }

        @Test("A raw look at the database finds no plaintext of any sealed field")
        func noPlaintextAtRest() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let signal = try await app.registers.takeIn(Self.exampleSignal(), register: register.id, context: people.handlerContext)
                try await app.registers.planMeeting(CaseMeeting(heldOn: Date(), agenda: [signal.id],
                                                                content: .init(attendance: ["Anna Aanwezig"], minutes: "Notulen over Pieter Voorbeeldman")),
                                                    register: register.id, context: people.ownerContext)
                var incidents = testRegister(.vulnerablePersonIncidents)
                incidents.specialCategoryBasis = "art. 30 UAVG"
                try await app.registers.saveRegister(incidents, context: people.administratorContext)
                try await app.registers.saveAccess(RegisterAccessList(members: [people.owner: .owner]), register: incidents.id, context: people.administratorContext)
                try await app.registers.record(Incident(occurredAt: Date(), district: "Musselkanaal", kind: .disorientation,
                                                        facts: IncidentFacts(interpretation: .dementia, partners: ["politie"], minutesSpent: 45, followUp: .careReferral),
                                                        content: IncidentContent(person: .person(name: "Grietje Gefingeerd", birthDate: nil), note: "dwaalde 's nachts rond")),
                                               register: incidents.id, context: people.ownerContext)
                let sql = try #require(app.db as? any SQLDatabase)
                var everything = ""
                for table in ["register_entries", "register_lookups", "register_subjects", "case_shares", "processing_log", "audit_entries", "registers"] {
                    for row in try await sql.raw("SELECT * FROM \(unsafeRaw: table)").all() {
                        for column in row.allColumns {
                            if let text = try? row.decode(column: column, as: String?.self) { everything += (text ?? "") + "\n" }
                        }
                    }
                }
                #expect(everything.contains("OS-"))
                for secret in ["Pieter", "Voorbeeldman", "Verzonnen Handel", "99887766", "Fictieweg", "9501 ZZ", "Hennepgeur", "wijkagent",
                               "Anna Aanwezig", "Notulen", "Grietje", "dwaalde"] {
                    #expect(!everything.contains(secret), "\(secret) staat leesbaar in de database")
                }
            }
        }

        @Test("The demo registers: the owner sees both, an officer outside them sees nothing, and no sealed text is readable at rest")
        func demoRegisters() async throws {
            try await withTestApp { app in
                let people = People()
                let lines = try await DemoRegisters.seed(app.registers, municipality: people.municipality, administrator: people.administrator, owner: people.owner)
                #expect(lines.count == 1)
                // A second seed leaves the registers as they are.
                #expect(try await DemoRegisters.seed(app.registers, municipality: people.municipality, administrator: people.administrator, owner: people.owner).isEmpty)
                let visible = try await app.registers.registers(for: people.ownerContext)
                #expect(visible.count == 2)
                #expect(visible.allSatisfy { $0.0.name.contains("voorbeeldgegevens") })
                #expect(try await app.registers.registers(for: people.officerContext).isEmpty)
                let signals = try #require(visible.first { $0.0.kind == .underminingSignals }?.0)
                #expect(try await app.registers.signalLines(register: signals.id, context: people.ownerContext).count == 36)
                await #expect(throws: RegisterError.notFound) { try await app.registers.signalLines(register: signals.id, context: people.officerContext) }

                let sql = try #require(app.db as? any SQLDatabase)
                var everything = ""
                for table in ["register_entries", "register_lookups", "register_subjects", "case_shares", "processing_log", "audit_entries", "registers"] {
                    for row in try await sql.raw("SELECT * FROM \(unsafeRaw: table)").all() {
                        for column in row.allColumns {
                            if let text = try? row.decode(column: column, as: String?.self) { everything += (text ?? "") + "\n" }
                        }
                    }
                }
                #expect(everything.contains("voorbeeldgegevens"))
                for secret in DemoRegisters.sealedTexts {
                    #expect(!everything.contains(secret), "\(secret) staat leesbaar in de database")
                }
            }
        }

        @Test("A status change writes one line in the processing log and reads nothing; a stale version or a reader changes nothing")
        func statusChange() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let signal = try await app.registers.takeIn(Self.exampleSignal(), register: register.id, context: people.handlerContext)
                let before = try await app.registerStore.log(record: signal.id)
                let original = try #require(try await app.registerStore.record(signal.id, register: register.id))
                let version = original.version
                try await app.registers.changeStatus(of: signal.id, register: register.id, to: .closed, context: people.handlerContext, expectingVersion: version)
                let added = try await app.registerStore.log(record: signal.id).dropFirst(before.count)
                #expect(!added.isEmpty && added.allSatisfy { $0.operation == .change })
                let stored = try #require(try await app.registerStore.record(signal.id, register: register.id))
                #expect(stored.status == SignalStatus.closed.rawValue && stored.closedOn != nil && stored.version == version + 1)
                #expect(Set(stored.lookups) == Set(original.lookups) && Set(stored.pseudonyms) == Set(original.pseudonyms) && stored.sealed == original.sealed,
                        "lookups, pseudonyms and the sealed content stay as they were")
                await #expect(throws: RegisterError.changedMeanwhile) {
                    try await app.registers.changeStatus(of: signal.id, register: register.id, to: .received, context: people.handlerContext, expectingVersion: version)
                }
                await #expect(throws: RegisterError.notFound) {
                    try await app.registers.changeStatus(of: signal.id, register: register.id, to: .received, context: people.officerContext, expectingVersion: stored.version)
                }
                #expect(try await app.registerStore.record(signal.id, register: register.id)?.status == SignalStatus.closed.rawValue)
                // The content is still readable with the same key.
                #expect(try await app.registers.openSignal(signal.id, register: register.id, context: people.handlerContext).content == signal.content)
            }
        }

        @Test("The purge removes exactly what is past its period, not what is under a legal hold, and logs it")
        func purge() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people, retention: Retention(months: 12, end: .delete))
                let old = try await app.registers.takeIn(Self.exampleSignal(Date().addingTimeInterval(-800 * 86_400)), register: register.id, context: people.handlerContext)
                let held = try await app.registers.takeIn(Self.exampleSignal(Date().addingTimeInterval(-700 * 86_400)), register: register.id, context: people.handlerContext)
                let recent = try await app.registers.takeIn(Self.exampleSignal(Date().addingTimeInterval(-30 * 86_400)), register: register.id, context: people.handlerContext)
                // Only the owner sets a hold, with a reason; a handler is told no, someone outside hears "not found".
                await #expect(throws: RegisterError.notAllowed("een bewaarplicht vastleggen of opheffen")) {
                    try await app.registers.setLegalHold(record: held.id, register: register.id, reason: "bezwaarprocedure loopt", context: people.handlerContext)
                }
                await #expect(throws: RegisterError.notFound) {
                    try await app.registers.setLegalHold(record: held.id, register: register.id, reason: "bezwaarprocedure loopt", context: people.officerContext)
                }
                await #expect(throws: RegisterError.self) {
                    try await app.registers.setLegalHold(record: held.id, register: register.id, reason: "  bezwaar ", context: people.ownerContext)
                }
                #expect(try await app.registers.keeping(of: held.id, register: register.id, context: people.handlerContext) == nil)
                try await app.registers.setLegalHold(record: old.id, register: register.id, reason: "strafzaak loopt nog", context: people.ownerContext)
                try await app.registers.setLegalHold(record: held.id, register: register.id, reason: "bezwaarprocedure loopt", context: people.ownerContext)
                // Lifted again before the purge: the old record goes as any other.
                try await app.registers.setLegalHold(record: old.id, register: register.id, reason: nil, context: people.ownerContext)
                let keeping = try #require(try await app.registers.keeping(of: held.id, register: register.id, context: people.ownerContext))
                #expect(keeping.legalHold == "bezwaarprocedure loopt" && keeping.retentionEnd == .delete && keeping.retentionEnds < Date())
                let trail = try await app.accounts.auditTrail(for: people.municipality, limit: 100).filter { $0.entry.action == .legalHoldChanged }
                #expect(trail.count == 3)
                #expect(trail.contains { $0.entry.after.contains(AuditValue("Bewaarplicht", "opgeheven")) })
                let trial = try await app.registers.purge(register: register.id, trial: true)
                #expect((trial.deleted, trial.held) == (1, 1))
                #expect(try await app.registerStore.records(register: register.id, kind: .signal).count == 3)
                let report = try await app.registers.purge(register: register.id, trial: false)
                #expect((report.deleted, report.held) == (1, 1))
                #expect(report.line.contains("1 vernietigd"))
                let left = try await app.registerStore.records(register: register.id, kind: .signal).map(\.id)
                #expect(Set(left) == [held.id, recent.id])
                #expect(try await app.registers.search(.company(kvk: "99887766"), register: register.id, context: people.handlerContext).count == 2)
                #expect(try await app.registerStore.log(record: old.id).contains { $0.operation == .delete })
                // A second run finds nothing more to do.
                #expect(try await app.registers.purge(register: register.id, trial: false).deleted == 0)
            }
        }

        @Test("Subject access lists every record and disclosure for the person; a changed log line is detected")
        func subjectAccessAndTampering() async throws {
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let signal = try await app.registers.takeIn(Self.exampleSignal(), register: register.id, context: people.handlerContext)
                try await app.registers.share(signal.id, register: register.id, with: Key("politie-noord")!, purpose: "opsporing drugs", context: people.handlerContext)
                let report = try await app.registers.subjectAccess(.person(name: "pieter voorbeeldman", birthDate: nil), context: people.ownerContext)
                #expect(report.items.map(\.reference) == [signal.reference])
                #expect(report.text.contains("aan politie-noord"))
                #expect(report.text.contains("opsporing drugs"))
                #expect(!report.text.contains("wijkagent"))
                await #expect(throws: RegisterError.self) {
                    try await app.registers.subjectAccess(.person(name: "Pieter Voorbeeldman", birthDate: nil), context: people.officerContext)
                }
                try await app.registers.restrictSubjectAccess(record: signal.id, register: register.id,
                                                              reason: "art. 41 lid 1 sub c UAVG: lopend strafrechtelijk onderzoek", context: people.ownerContext)
                let restricted = try await app.registers.subjectAccess(.person(name: "Pieter Voorbeeldman", birthDate: nil), context: people.ownerContext)
                #expect(restricted.text.contains("Inzage beperkt"))
                #expect(!restricted.text.contains("Hennepgeur"))

                #expect(try await app.registerStore.checkLog().intact)
                let sql = try #require(app.db as? any SQLDatabase)
                try await sql.raw("UPDATE processing_log SET purpose = 'verzonnen' WHERE sequence = 2").run()
                let check = try await app.registerStore.checkLog()
                #expect(check.firstBroken == 2)
                #expect(check.lines.first?.contains("klopt NIET") == true)
            }
        }

        @Test("Rotating the register key re-encrypts every record, and lookups still find them")
        func rotation() async throws {
            let first = try RegisterKeyRing([RegisterKey(master: SymmetricKey(size: .bits256))])
            let second = try RegisterKeyRing(first.keys + [RegisterKey(master: SymmetricKey(size: .bits256))])
            try await withTestApp { app in
                let people = People()
                let register = try await Self.setUp(app, people)
                let old = RegisterService(store: app.registerStore, sealer: FieldSealer(ring: first), logKeys: app.registers.logKeys)
                let signal = try await old.takeIn(Self.exampleSignal(), register: register.id, context: people.handlerContext)
                let new = RegisterService(store: app.registerStore, sealer: FieldSealer(ring: second), logKeys: app.registers.logKeys)
                #expect(try await new.openSignal(signal.id, register: register.id, context: people.handlerContext).content == signal.content)
                #expect(try await new.rekey() == 1)
                #expect(try await app.registerStore.sealedKeyIDs() == [second.current.id])
                #expect(try await new.search(.company(kvk: "99887766"), register: register.id, context: people.handlerContext) == [signal.reference])
                #expect(try await new.rekey() == 0)
                await #expect(throws: RegisterError.self) { try await old.openSignal(signal.id, register: register.id, context: people.handlerContext) }
            }
        }
    }
}
