import Foundation
import RegieCore

/// Invented example records for the demo (`regie serve --demo`): a register of organised-crime
/// signals with a case-table meeting and a register of incidents with confused persons, in
/// Stadskanaal's districts. Every register name says "voorbeeldgegevens" and every person,
/// company and text is invented and says so. Never loaded outside the demo.
public enum DemoRegisters {
    /// Stadskanaal's districts (wijken, CBS WK0037xx), with how often the demo puts a record there.
    public static let districts: [(name: String, weight: Int)] = [
        ("Stadskanaal", 9), ("Musselkanaal", 5), ("Onstwedde", 2), ("Mussel", 1), ("Alteveer", 1),
    ]

    /// Every sealed text the demo writes, so a test can look for it in the raw database.
    public static let sealedTexts: [String] = people.map(\.name) + companies.map(\.name) + companies.map(\.kvk)
        + addresses.map(\.street) + addresses.map(\.postcode) + signalTexts + incidentNotes
        + ["Verzonnen notulen", "wijkagent (verzonnen)"]

    static let people: [(name: String, born: (Int, Int, Int))] = [
        ("Voorbeeld Jansen (verzonnen)", (1979, 3, 14)), ("Voorbeeld de Vries (verzonnen)", (1988, 11, 2)),
        ("Voorbeeld Bakker (verzonnen)", (1965, 6, 30)), ("Voorbeeld Mulder (verzonnen)", (1992, 1, 9)),
    ]
    static let companies: [(name: String, kvk: String)] = [
        ("Verzonnen Autohandel BV", "90000011"), ("Fictief Nagelstudio", "90000022"), ("Voorbeeld Opslag VOF", "90000033"),
    ]
    static let addresses: [(street: String, number: String, postcode: String)] = [
        ("Verzonnenweg", "7", "9501 XA"), ("Fictiestraat", "21", "9581 XB"), ("Voorbeeldkade", "3", "9501 XC"),
    ]
    static let signalTexts = [
        "Verzonnen voorbeeld: veel wisselende bezoekers bij een bedrijfspand, ook 's nachts",
        "Verzonnen voorbeeld: contante aankoop van een woning boven de marktwaarde",
        "Verzonnen voorbeeld: bedrijf zonder zichtbare klanten met hoge omzet",
        "Verzonnen voorbeeld: signalen van uitbuiting van werknemers in een loods",
        "Verzonnen voorbeeld: stroomverbruik van een schuur past niet bij het gebruik",
    ]
    static let incidentNotes = [
        "Verzonnen voorbeeld: persoon liep verward over de rijbaan",
        "Verzonnen voorbeeld: buren melden geschreeuw en dreiging",
        "Verzonnen voorbeeld: oudere inwoner 's nachts gedesoriënteerd aangetroffen",
    ]

    /// Creates both registers for `municipality` with `owner` as their owner (and `handler` as a
    /// handler of the signals register), unless the municipality has registers already. Returns
    /// what was made, in Dutch, for the demo's start-up lines.
    public static func seed(_ service: RegisterService, municipality: MunicipalityCode, administrator: UUID, owner: UUID,
                            handler: UUID? = nil, now: Date = Date()) async throws -> [String] {
        let administratorContext = RegisterService.Context(actor: RegisterActor(account: administrator, tenant: .municipality(municipality), isAdministrator: true),
                                                          actorName: "demo")
        guard try await service.registers(for: administratorContext).isEmpty else { return [] }
        let ownerContext = RegisterService.Context(actor: RegisterActor(account: owner, tenant: .municipality(municipality)), actorName: "demo")
        let calendar = Calendar.dutch
        var random = DemoRandom(seed: 37)
        func district() -> String {
            var pick = random.next(districts.reduce(0) { $0 + $1.weight })
            for (name, weight) in districts { if pick < weight { return name }; pick -= weight }
            return districts[0].name
        }
        // A moment in the last 23 months, never in the future.
        func moment() -> Date {
            let start = calendar.date(byAdding: .month, value: -23, to: now)!
            return start.addingTimeInterval(Double(random.next(Int(now.timeIntervalSince(start)) - 3_600)))
        }

        // Organised-crime signals.
        let signals = definition(municipality, kind: .underminingSignals,
                                 purpose: "Signalen van ondermijnende criminaliteit verzamelen, wegen en bespreken aan de casustafel",
                                 provision: "art. 172 Gemeentewet; convenant RIEC Noord-Nederland", specialBasis: "art. 33 lid 4 UAVG",
                                 subjects: "betrokkenen bij signalen (personen, bedrijven, adressen)",
                                 categories: "naam, geboortedatum, adres, KvK-nummer, omschrijving van het signaal",
                                 recipients: "RIEC Noord-Nederland, politie (alleen gedeelde zaken)", retention: Retention(months: 60, end: .anonymise))
        try await service.saveRegister(signals, context: administratorContext)
        var members: [UUID: RegisterRole] = [owner: .owner]
        if let handler { members[handler] = .handler }
        try await service.saveAccess(RegisterAccessList(members: members), register: signals.id, context: administratorContext)
        let phenomena: [Phenomenon] = [.drugs, .drugs, .drugs, .realEstate, .moneyLaundering, .businessFronts, .humanTrafficking, .fraud]
        var taken: [Signal] = []
        for index in 0..<36 {
            var subjects: [Subject] = []
            let person = people[index % people.count]
            if index % 2 == 0 {
                subjects.append(.person(name: person.name, birthDate: calendar.date(from: DateComponents(year: person.born.0, month: person.born.1, day: person.born.2, hour: 12))))
            }
            if index % 3 == 0 { let c = companies[index % companies.count]; subjects.append(.company(name: c.name, kvk: c.kvk)) }
            if index % 2 == 1 || subjects.isEmpty {
                let a = addresses[index % addresses.count]
                subjects.append(.address(street: a.street, houseNumber: a.number, postcode: a.postcode, place: "Stadskanaal"))
            }
            let source = SignalSource.allCases[random.next(SignalSource.allCases.count)]
            let signal = Signal(receivedOn: moment(), phenomena: [phenomena[random.next(phenomena.count)]], district: district(),
                                facts: SignalFacts(source: source, urgency: Level.allCases[random.next(3)], seriousness: Level.allCases[random.next(3)]),
                                content: SignalContent(subjects: subjects, description: signalTexts[index % signalTexts.count],
                                                       reporter: index % 4 == 0 && source != .anonymousTip ? "wijkagent (verzonnen)" : ""))
            taken.append(try await service.takeIn(signal, register: signals.id, context: ownerContext, now: now))
        }
        // One concluded meeting of the case table about the three most recent signals, and one
        // planned for next week with the next three on its agenda.
        let recent = taken.sorted { $0.receivedOn > $1.receivedOn }
        let discussed = Array(recent.prefix(3))
        var meeting = try await service.planMeeting(CaseMeeting(heldOn: now.addingTimeInterval(-86_400), agenda: discussed.map(\.id)),
                                                    register: signals.id, context: ownerContext)
        meeting.content = CaseMeeting.Content(attendance: ["gemeente (openbare orde)", "politie", "RIEC"],
                                              decisions: zip(discussed, [DecisionKind.reportToRIEC, .furtherInvestigation, .noAction]).map {
                                                  CaseMeeting.Decision(signal: $0.id, kind: $1)
                                              },
                                              tasks: [FollowUpTask(signal: discussed[0].id, description: "Melding aan het RIEC opstellen", owner: owner,
                                                                   due: now.addingTimeInterval(14 * 86_400))],
                                              minutes: "Verzonnen notulen van een voorbeeldoverleg.")
        try await service.conclude(meeting, register: signals.id, context: ownerContext)
        _ = try await service.planMeeting(CaseMeeting(heldOn: now.addingTimeInterval(6 * 86_400), agenda: recent.dropFirst(3).prefix(3).map(\.id)),
                                          register: signals.id, context: ownerContext)

        // Incidents with confused persons: most without a name.
        let incidents = definition(municipality, kind: .vulnerablePersonIncidents,
                                   purpose: "Zicht krijgen op de omvang en aard van incidenten met personen met verward gedrag, om zorg en veiligheid te verbinden",
                                   provision: "art. 172 Gemeentewet; Wet verplichte ggz", specialBasis: "art. 30 lid 3 UAVG",
                                   subjects: "personen betrokken bij een incident (alleen waar nodig)",
                                   categories: "wijk, soort incident, duiding, bij uitzondering naam en geboortedatum",
                                   recipients: "geen; alleen geanonimiseerde aantallen voor het veiligheidsplan", retention: Retention(months: 24, end: .anonymise))
        try await service.saveRegister(incidents, context: administratorContext)
        try await service.saveAccess(RegisterAccessList(members: [owner: .owner]), register: incidents.id, context: administratorContext)
        let kinds: [IncidentKind] = [.publicNuisance, .publicNuisance, .housingNuisance, .housingNuisance, .disorientation, .aggression, .missing, .other]
        for index in 0..<72 {
            let person: Subject? = index % 9 == 0
                ? .person(name: people[index % people.count].name, birthDate: nil) : nil
            let incident = Incident(occurredAt: moment(), district: district(), kind: kinds[random.next(kinds.count)],
                                    facts: IncidentFacts(interpretation: Interpretation.allCases[random.next(Interpretation.allCases.count)],
                                                         partners: index % 2 == 0 ? ["politie"] : ["politie", "GGZ"],
                                                         minutesSpent: 15 * (1 + random.next(8)),
                                                         followUp: IncidentFollowUp.allCases[random.next(IncidentFollowUp.allCases.count)]),
                                    content: IncidentContent(person: person, note: person == nil ? "" : incidentNotes[index % incidentNotes.count]))
            _ = try await service.record(incident, register: incidents.id, context: ownerContext, now: now)
        }
        return ["Voorbeeldregisters: \(signals.name) (36 verzonnen signalen, een casustafel) en \(incidents.name) (72 verzonnen incidenten)."]
    }

    static func definition(_ municipality: MunicipalityCode, kind: RegisterKind, purpose: String, provision: String, specialBasis: String,
                           subjects: String, categories: String, recipients: String, retention: Retention) -> RegisterDefinition {
        RegisterDefinition(municipality: municipality, kind: kind, name: kind.name + " (voorbeeldgegevens)", purpose: purpose,
                           lawfulBasis: .publicTask, legalProvision: provision, specialCategoryBasis: specialBasis, controller: .mayor,
                           processingActivity: "https://gemeente.example/verwerkingsregister/\(kind.rawValue)",
                           dataSubjects: subjects, dataCategories: categories, recipients: recipients, retention: retention,
                           confidentiality: .vertrouwelijk, dpiaReference: "Voorbeeld-DPIA \(kind.rawValue)")
    }
}

/// A small deterministic generator (an LCG), so the demo is the same on every start.
struct DemoRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(bound, 1)))
    }
}
