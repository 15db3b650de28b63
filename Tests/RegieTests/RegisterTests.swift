import Crypto
import Foundation
import RegieCore
import RegieRegisters
import Testing

/// A complete definition of a signals register of Stadskanaal, for tests.
func testRegister(_ kind: RegisterKind = .underminingSignals, retention: Retention = Retention(months: 60, end: .delete)) -> RegisterDefinition {
    RegisterDefinition(municipality: MunicipalityCode("GM0037")!, kind: kind, name: kind.name,
                       purpose: "Signalen van ondermijning verzamelen en bespreken aan de casustafel",
                       lawfulBasis: .publicTask, legalProvision: "art. 172 Gemeentewet; WGS (RIEC)",
                       specialCategoryBasis: "art. 33 UAVG", controller: .mayor,
                       processingActivity: "https://stadskanaal.example/verwerkingen/ondermijning",
                       dataSubjects: "betrokkenen bij signalen", dataCategories: "naam, adres, KvK-nummer, signaal",
                       recipients: "RIEC, politie", retention: retention, confidentiality: .vertrouwelijk, dpiaReference: "DPIA-2026-04")
}

@Suite("Registers: definition, access, sealing")
struct RegisterTests {
    @Test("A register without a legal basis, purpose or DPIA names every missing field in Dutch")
    func incompleteDefinition() {
        var register = testRegister()
        register.lawfulBasis = nil
        register.purpose = " "
        register.dpiaReference = ""
        register.specialCategoryBasis = ""
        register.processingActivity = "geen adres"
        register.confidentiality = .intern
        let fields = register.problems().map(\.field)
        #expect(fields == ["Doel", "Grondslag", "Grondslag bijzondere gegevens", "Verwerkingsactiviteit", "Vertrouwelijkheid", "DPIA"])
        #expect(testRegister().problems().isEmpty)
    }

    @Test("The art. 30 record has a row per register with purpose, basis, retention and DPIA, safe for spreadsheets")
    func processingRecord() {
        var register = testRegister()
        register.recipients = "=HYPERLINK(\"x\")"
        let csv = ProcessingRecord.csv([register, testRegister(.vulnerablePersonIncidents)])
        let lines = csv.dropFirst().split(separator: "\r\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Register;Verwerkingsactiviteit;Verwerkingsverantwoordelijke;Doel;Grondslag"))
        #expect(csv.contains("art. 6 lid 1 sub e AVG"))
        #expect(csv.contains("60 maanden;verwijderen"))
        #expect(csv.contains("DPIA-2026-04"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
    }

    /// The whole matrix: role × register (own or another municipality's) × case membership ×
    /// partner sharing, for municipal and partner accounts.
    @Test("Need-to-know access answers as designed over role, register, membership and sharing")
    func accessMatrix() {
        let own = testRegister()
        var other = testRegister()
        other.municipality = MunicipalityCode("GM0757")!
        let police = Key("politie-noord")!
        let corporation = Key("woningcorporatie")!
        let person = UUID()
        for register in [own, other] {
            for role in [nil] + RegisterRole.allCases.map(Optional.some) {
                for tenant in [Tenant.municipality(own.municipality), .organisation(police), .organisation(corporation)] {
                    for isMember in [false, true] {
                        for shared in [false, true] {
                            var list = RegisterAccessList(organisations: [police])
                            if let role { list.members[person] = role }
                            let actor = RegisterActor(account: person, tenant: tenant)
                            let facts = CaseAccessFacts(members: isMember ? [person] : [], sharedWith: shared ? [police] : [])
                            let got = RegisterAccessPolicy.caseAccess(actor, register: register, access: list, case: facts)
                            let expected: CaseAccess
                            switch tenant {
                            case .municipality(let code):
                                if code != register.municipality || role == nil { expected = .none }
                                else if role == .owner { expected = .write }
                                else if isMember { expected = role == .handler ? .write : .read }
                                else { expected = role == .handler ? .breakGlass : .none }
                            case .organisation(let organisation):
                                expected = (role != nil && organisation == police && shared) ? .read : .none
                            }
                            #expect(got == expected, "register \(register.municipality), role \(String(describing: role)), \(tenant), member \(isMember), shared \(shared)")
                        }
                    }
                }
            }
        }
        // A beheerder without a register role sees the configuration, never a case.
        let administrator = RegisterActor(account: UUID(), tenant: .municipality(own.municipality), isAdministrator: true)
        #expect(RegisterAccessPolicy.visibility(administrator, register: own, access: RegisterAccessList()) == .configuration)
        #expect(RegisterAccessPolicy.caseAccess(administrator, register: own, access: RegisterAccessList(), case: CaseAccessFacts(members: [administrator.account])) == .none)
        #expect(!RegisterAccessPolicy.maySearch(administrator, register: own, access: RegisterAccessList()))
        // A plan officer of another municipality: nothing.
        let stranger = RegisterActor(account: UUID(), tenant: .municipality(other.municipality), isAdministrator: true)
        #expect(RegisterAccessPolicy.visibility(stranger, register: own, access: RegisterAccessList(members: [stranger.account: .owner])) == .none)
        #expect(!RegisterAccessPolicy.mayShare(with: corporation, access: RegisterAccessList(organisations: [police])))
    }

    @Test("A sealed field opens only with its key and its own record; the lookup hash finds normalised addresses")
    func sealing() throws {
        let ring = try RegisterKeyRing([RegisterKey(master: SymmetricKey(size: .bits256))])
        let sealer = FieldSealer(ring: ring)
        let sealed = try sealer.seal(Data("Jan Jansen".utf8), context: "record-a")
        #expect(!sealed.contains("Jan"))
        #expect(FieldSealer.keyID(of: sealed) == ring.current.id)
        #expect(String(decoding: try sealer.open(sealed, context: "record-a"), as: UTF8.self) == "Jan Jansen")
        #expect(throws: RegisterError.self) { try sealer.open(sealed, context: "record-b") }
        let otherRing = try RegisterKeyRing([RegisterKey(master: SymmetricKey(size: .bits256))])
        #expect(throws: RegisterError.self) { try FieldSealer(ring: otherRing).open(sealed, context: "record-a") }
        // Rotation: a ring with the old and a new key opens the old value and seals with the new one.
        let rotated = try RegisterKeyRing(ring.keys + otherRing.keys)
        #expect(String(decoding: try FieldSealer(ring: rotated).open(sealed, context: "record-a"), as: UTF8.self) == "Jan Jansen")
        #expect(FieldSealer.keyID(of: try FieldSealer(ring: rotated).seal(Data("x".utf8), context: "c")) == otherRing.current.id)
        #expect(rotated.missing([ring.current.id, "00000000"]) == ["00000000"])
        let a = sealer.lookupHash(.address(postcode: "9501 AB", houseNumber: "1 a"))
        #expect(a == sealer.lookupHash(.address(postcode: "9501ab", houseNumber: "1A")))
        #expect(a != sealer.lookupHash(.address(postcode: "9501 AB", houseNumber: "2")))
        #expect(sealer.lookupHash(.company(kvk: "1234 5678")) == sealer.lookupHash(.company(kvk: "12345678")))
    }

    @Test("A key file with a wrong line or no key is refused with a Dutch reason")
    func keyFileProblems() {
        #expect(throws: RegisterKeyProblem.notBase64(source: "f", line: 2)) { try RegisterKeyRing(text: "# sleutels\nniet-base64!\n", source: "f") }
        #expect(throws: RegisterKeyProblem.wrongLength(source: "f", line: 1, count: 3)) { try RegisterKeyRing(text: "AAAA\n", source: "f") }
        #expect(throws: RegisterKeyProblem.noKeyIn(source: "f")) { try RegisterKeyRing(text: "# leeg\n", source: "f") }
        #expect(RegisterKeyProblem.missingKeys(ids: ["ab12cd34"], source: "regie.registersleutels").description.contains("Regie start niet"))
    }

    @Test("The purge rules: past the period goes, a legal hold stays, open records count from their date")
    func retentionRules() {
        let register = testRegister(retention: Retention(months: 24, end: .anonymise))
        let calendar = Calendar.dutch
        let now = calendar.date(from: DateComponents(year: 2026, month: 12, day: 6))!
        func record(_ year: Int, closed: Int? = nil, hold: String? = nil) -> StoredRecord {
            StoredRecord(register: register.id, kind: .signal, reference: "x", status: "afgesloten",
                         date: calendar.date(from: DateComponents(year: year, month: 1, day: 1))!,
                         closedOn: closed.map { calendar.date(from: DateComponents(year: $0, month: 6, day: 1))! },
                         district: nil, categories: [], facts: "{}", sealed: "rk1:x:y", lookups: [], pseudonyms: [], members: [], legalHold: hold)
        }
        let old = record(2023), held = record(2022, hold: "bezwaarprocedure"), closedLate = record(2020, closed: 2025), recent = record(2025)
        let steps = RetentionRules.steps(for: [old, held, closedLate, recent], register: register, now: now)
        #expect(steps == [.anonymise(old.id), .held(held.id, reason: "bezwaarprocedure")])
    }

    @Test("A changed, removed or inserted processing-log line is found")
    func processingLogChain() {
        let keys = ProcessingLogKeys(mac: SymmetricKey(size: .bits256), pseudonym: SymmetricKey(size: .bits256))
        let register = UUID()
        let lines = (0..<5).map { index in
            ProcessingLogEntry(traceID: ProcessingLogEntry.newTraceID(), operation: .read, start: Date(), end: Date(), processingActivity: "urn:x",
                               register: register, record: UUID(), dataSubject: keys.pseudonym(.company(kvk: "1234567\(index)")), actor: UUID(),
                               purpose: "test")
        }
        let chained = keys.chain(lines, after: nil)
        func check(_ entries: [ProcessingLogEntry]) -> ProcessingLogCheck {
            var verifier = ProcessingLogVerifier(keys: keys)
            entries.forEach { verifier.check($0) }
            return verifier.result
        }
        #expect(check(chained).intact)
        var changed = chained
        changed[2].purpose = "iets anders"
        #expect(check(changed).firstBroken == 3)
        #expect(check(Array(chained[0...1]) + Array(chained[3...])).firstBroken == 4)
        #expect(keys.pseudonym(.person(name: "Jan Jansen", birthDate: nil)) == keys.pseudonym(.person(name: "jan  jansen", birthDate: nil)))
    }
}
