import Foundation
import RegieCore
import RegieHTML
import RegieRegisters
import RegieReports

// MARK: - Intake of a signal

public struct SignalFormPage {
    public var register: RegisterDefinition
    public var input: RegisterFormInput
    public var problems: [RegisterProblem]

    public init(register: RegisterDefinition, input: RegisterFormInput = RegisterFormInput(), problems: [RegisterProblem] = []) {
        self.register = register
        self.input = input
        self.problems = problems
    }

    public func render() -> String {
        let chosen = Set(input.all("fenomeen"))
        return Layout.page(title: "Nieuw signaal", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Nieuw signaal")),
            RegisterHTML.confidential(register),
            RegisterHTML.problems(problems, fieldID: SignalForm.fieldID),
            H.form(RegisterURL.signals(register.id).path, class: "editor", [
                RegisterHTML.input("ontvangen", label: "Datum ontvangst", value: input.one("ontvangen").isEmpty ? FormDates.dayValue(Date()) : input.one("ontvangen"),
                                   type: "date", required: true),
                RegisterHTML.select("bron", label: "Bron", options: [("", "kies")] + SignalSource.allCases.map { ($0.rawValue, $0.name) }, selected: input.one("bron")),
                H.el("fieldset", [("id", "veld-fenomeen"), ("class", "field choices")], [
                    H.el("legend", [], [.text("Fenomeen (verplicht, een of meer)")]),
                    .forEach(Array(Phenomenon.allCases.enumerated())) { index, phenomenon in
                        .div(.class("choice"),
                             H.void("input", [("type", "checkbox"), ("id", "fenomeen-\(index)"), ("name", "fenomeen"), ("value", phenomenon.rawValue),
                                              ("checked", chosen.contains(phenomenon.rawValue) ? "checked" : nil)]),
                             H.el("label", [("for", "fenomeen-\(index)")], [.text(phenomenon.name)]))
                    },
                ]),
                RegisterHTML.select("urgentie", label: "Urgentie", options: RegisterHTML.levelOptions(), selected: input.one("urgentie")),
                RegisterHTML.select("ernst", label: "Ernst", options: RegisterHTML.levelOptions(), selected: input.one("ernst")),
                RegisterHTML.input("wijk", label: "Wijk", value: input.one("wijk"), hint: "Alleen de wijk, nooit een adres: de wijk telt mee in de cijfers."),
                RegisterHTML.textarea("omschrijving", label: "Omschrijving", value: input.one("omschrijving"), required: true,
                                      hint: "Wat is er gesignaleerd? Alleen wat nodig is; dit wordt versleuteld bewaard."),
                RegisterHTML.input("melder", label: "Melder", value: input.one("melder"),
                                   hint: "Wie het meldde, als dat bekend is; leeg bij een anonieme tip. Een melder wordt afgeschermd bij een inzageverzoek."),
                .forEach(1...SignalForm.subjectSlots) { subjectFields($0) },
                .div(.class("button-row"), H.submit("Signaal vastleggen")),
            ]),
        ])
    }

    func subjectFields(_ slot: Int) -> Body {
        let prefix = "betrokkene-\(slot)-"
        return H.el("fieldset", [("id", "betrokkene-\(slot)"), ("class", "field")], [
            H.el("legend", [], [.text("Betrokkene \(slot)")]),
            RegisterHTML.select(prefix + "soort", label: "Soort", options: [("", "geen"), ("persoon", "persoon"), ("bedrijf", "bedrijf"), ("adres", "adres")],
                                selected: input.one(prefix + "soort"), required: false),
            RegisterHTML.input(prefix + "naam", label: "Naam (persoon of bedrijf)", value: input.one(prefix + "naam")),
            RegisterHTML.input(prefix + "geboortedatum", label: "Geboortedatum (persoon)", value: input.one(prefix + "geboortedatum"), type: "date"),
            RegisterHTML.input(prefix + "kvk", label: "KvK-nummer (bedrijf)", value: input.one(prefix + "kvk")),
            RegisterHTML.input(prefix + "straat", label: "Straat (adres)", value: input.one(prefix + "straat")),
            RegisterHTML.input(prefix + "huisnummer", label: "Huisnummer (adres)", value: input.one(prefix + "huisnummer")),
            RegisterHTML.input(prefix + "postcode", label: "Postcode (adres)", value: input.one(prefix + "postcode")),
            RegisterHTML.input(prefix + "plaats", label: "Plaats (adres)", value: input.one(prefix + "plaats")),
        ])
    }
}

// MARK: - One signal

public struct SignalPage {
    public var register: RegisterDefinition
    public var signal: Signal
    public var access: CaseAccess
    public var shares: [CaseShare]
    /// The partner organisations taking part in the register, by key, with their names.
    public var organisations: [(Key, String)]
    public var notice: String?
    public var problems: [RegisterProblem]
    /// Set when the case was opened with a reason (break-glass): shown as a warning.
    public var breakGlass: Bool
    /// For the register's owner: the legal hold and art. 41 restrictions.
    public var keeping: RecordKeeping?

    public init(register: RegisterDefinition, signal: Signal, access: CaseAccess, shares: [CaseShare], organisations: [(Key, String)],
                notice: String? = nil, problems: [RegisterProblem] = [], breakGlass: Bool = false, keeping: RecordKeeping? = nil) {
        self.keeping = keeping
        self.register = register
        self.signal = signal
        self.access = access
        self.shares = shares
        self.organisations = organisations
        self.notice = notice
        self.problems = problems
        self.breakGlass = breakGlass
    }

    public func render() -> String {
        let names = Dictionary(organisations, uniquingKeysWith: { first, _ in first })
        return Layout.page(title: "Signaal \(signal.reference)", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Signaal \(signal.reference)")),
            RegisterHTML.confidential(register),
            .if(breakGlass, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                 .p(.text("U hebt deze zaak geopend zonder lid te zijn. Dat is vastgelegd met uw reden en gemeld aan de eigenaar van het register.")))),
            RegisterHTML.notice(notice),
            RegisterHTML.problems(problems, fieldID: RegisterHTML.keepingFieldID),
            Layout.facts([
                ("Ontvangen", FormDates.text(signal.receivedOn)), ("Bron", signal.facts.source.name),
                ("Fenomeen", signal.phenomena.map(\.name).joined(separator: ", ")), ("Wijk", signal.district ?? "–"),
                ("Urgentie", signal.facts.urgency.rawValue), ("Ernst", signal.facts.seriousness.rawValue),
                ("Status", signal.status.name), ("Laatste besluit", signal.facts.lastDecision?.name),
                ("Afgesloten", signal.closedOn.map { FormDates.text($0) }),
            ]),
            .h2(.text("Omschrijving")),
            .p(.text(signal.content.description)),
            .if(!signal.content.reporter.isEmpty, Layout.facts([("Melder", signal.content.reporter)])),
            .h2(.text("Betrokkenen")),
            .if(signal.content.subjects.isEmpty, .p(.text("Geen betrokkenen vastgelegd."))),
            .if(!signal.content.subjects.isEmpty, .ul(.forEach(signal.content.subjects) { .li(.text($0.description)) })),
            .if(!shares.isEmpty, .section(
                .h2(.text("Gedeeld met")),
                .ul(.forEach(shares) { share in
                    .li(.text("\(names[share.organisation] ?? share.organisation.rawValue), \(FormDates.text(share.sharedAt)): \(share.purpose)"))
                })
            )),
            .if(access == .write, changeForms(names)),
            .unwrap(keeping) { RegisterHTML.keeping($0, of: .signal(register: register.id, record: signal.id)) },
        ])
    }

    func changeForms(_ names: [Key: String]) -> Body {
        .group(
            .h2(.text("Status wijzigen")),
            H.form(RegisterURL.signalStatus(register: register.id, record: signal.id).path, class: "editor", [
                H.hidden("versie", String(signal.version)),
                RegisterHTML.select("status", label: "Status", options: SignalStatus.allCases.map { ($0.rawValue, $0.name) }, selected: signal.status.rawValue),
                .div(.class("button-row"), H.submit("Status opslaan")),
            ]),
            .h2(.text("Delen met een partner")),
            .if(organisations.isEmpty, .p(.text("Er nemen geen partnerorganisaties deel aan dit register; de eigenaar kan ze toevoegen."))),
            .if(!organisations.isEmpty, H.form(RegisterURL.signalShare(register: register.id, record: signal.id).path, class: "editor", [
                RegisterHTML.select("organisatie", label: "Organisatie", options: [("", "kies")] + organisations.map { ($0.0.rawValue, $0.1) }, selected: ""),
                RegisterHTML.textarea("doel", label: "Doel van het delen", value: "", required: true,
                                      hint: "Waarom deze partner de zaak nodig heeft. Het delen wordt vastgelegd en staat in een antwoord op een inzageverzoek."),
                .div(.class("button-row"), H.submit("Zaak delen")),
            ]))
        )
    }
}

/// A handler who is not a member of the case: open it only with a reason.
public struct BreakGlassPage {
    public var register: RegisterDefinition
    public var action: String
    public var reference: String
    public var problem: String?

    public init(register: RegisterDefinition, action: String, reference: String, problem: String? = nil) {
        self.register = register
        self.action = action
        self.reference = reference
        self.problem = problem
    }

    public func render() -> String {
        Layout.page(title: "Zaak \(reference) openen", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Zaak \(reference) openen")),
            .p(.text("U bent geen lid van deze zaak. U kunt haar toch openen als dat nodig is voor uw werk, bijvoorbeeld bij spoed of afwezigheid van de behandelaar. "
                + "Dat wordt apart vastgelegd met uw reden en gemeld aan de eigenaar van het register.")),
            .unwrap(problem) { message in
                .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.a(.href("#veld-reden"), .text(message))))
            },
            H.form(action, class: "editor", [
                RegisterHTML.textarea("reden", label: "Reden", value: "", required: true, hint: "Minstens 10 tekens; noem geen namen."),
                .div(.class("button-row"), H.submit("Zaak openen")),
            ]),
        ])
    }
}

// MARK: - The case table

public struct MeetingFormPage {
    public var register: RegisterDefinition
    /// The signals that can go on the agenda.
    public var candidates: [SignalLine]
    public var input: RegisterFormInput
    public var problems: [RegisterProblem]

    public init(register: RegisterDefinition, candidates: [SignalLine], input: RegisterFormInput = RegisterFormInput(), problems: [RegisterProblem] = []) {
        self.register = register
        self.candidates = candidates
        self.input = input
        self.problems = problems
    }

    public func render() -> String {
        let chosen = Set(input.all("agenda"))
        let open = candidates.filter { $0.status != .closed }.sorted { $0.reference < $1.reference }
        return Layout.page(title: "Casustafel plannen", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Casustafel plannen")),
            RegisterHTML.problems(problems) { $0.field == "Datum" ? "veld-datum" : $0.field == "Agenda" ? "veld-agenda" : nil },
            H.form(RegisterURL.meetings(register.id).path, class: "editor", [
                RegisterHTML.input("datum", label: "Datum", value: input.one("datum"), type: "date", required: true),
                H.el("fieldset", [("id", "veld-agenda"), ("class", "field choices")], [
                    H.el("legend", [], [.text("Agenda: signalen om te bespreken")]),
                    .if(open.isEmpty, .p(.class("muted"), .text("Er zijn geen open signalen."))),
                    .forEach(Array(open.enumerated())) { index, line in
                        .div(.class("choice"),
                             H.void("input", [("type", "checkbox"), ("id", "agenda-\(index)"), ("name", "agenda"), ("value", line.id.uuidString.lowercased()),
                                              ("checked", chosen.contains(line.id.uuidString.lowercased()) ? "checked" : nil)]),
                             H.el("label", [("for", "agenda-\(index)")],
                                  [.text("\(line.reference) · \(line.phenomena.map(\.name).joined(separator: ", ")) · \(line.status.name)")]))
                    },
                ]),
                .div(.class("button-row"), H.submit("Casustafel plannen")),
            ]),
        ])
    }
}

/// A meeting of the case table: its agenda and, until it is concluded, the form for attendance,
/// decisions, follow-up tasks and minutes; afterwards what was decided.
public struct MeetingPage {
    public var register: RegisterDefinition
    public var meeting: CaseMeeting
    public var agenda: [SignalLine]
    /// The register's members, for the owner of a follow-up task.
    public var members: [(UUID, String)]
    public var input: RegisterFormInput
    public var problems: [RegisterProblem]
    public var notice: String?

    public init(register: RegisterDefinition, meeting: CaseMeeting, agenda: [SignalLine], members: [(UUID, String)],
                input: RegisterFormInput = RegisterFormInput(), problems: [RegisterProblem] = [], notice: String? = nil) {
        self.register = register
        self.meeting = meeting
        self.agenda = agenda
        self.members = members
        self.input = input
        self.problems = problems
        self.notice = notice
    }

    public func render() -> String {
        let title = "Casustafel \(meeting.reference) van \(FormDates.text(meeting.heldOn))"
        return Layout.page(title: title, crumbs: RegisterHTML.crumbs(register), [
            .h1(.text(title)),
            RegisterHTML.confidential(register),
            RegisterHTML.notice(notice),
            meeting.closed ? concluded : form,
        ])
    }

    func line(_ id: UUID) -> SignalLine? { agenda.first { $0.id == id } }

    var concluded: Body {
        let names = Dictionary(members, uniquingKeysWith: { first, _ in first })
        return .group(
            Layout.facts([("Aanwezig", meeting.content.attendance.joined(separator: "; "))]),
            .table(
                .caption(.text("Besluiten")),
                .thead(.tr(.th(.text("Signaal")), .th(.text("Besluit")), .th(.text("Toelichting")))),
                .tbody(.forEach(meeting.content.decisions) { decision in
                    .tr(.td(.unwrap(line(decision.signal), { RegisterHTML.link($0.reference, .signal(register: register.id, record: $0.id)) }, else: .text("–"))),
                        .td(.text(decision.kind.name)), .td(.text(decision.note)))
                })
            ),
            .if(!meeting.content.tasks.isEmpty, .table(
                .caption(.text("Vervolgtaken")),
                .thead(.tr(.th(.text("Signaal")), .th(.text("Taak")), .th(.text("Wie")), .th(.text("Klaar op")))),
                .tbody(.forEach(meeting.content.tasks) { task in
                    .tr(.td(.text(line(task.signal)?.reference ?? "–")), .td(.text(task.description)),
                        .td(.text(names[task.owner] ?? "–")), .td(.text(FormDates.text(task.due))))
                })
            )),
            .unwrap(meeting.content.minutes.isEmpty ? nil : meeting.content.minutes) { .group(.h2(.text("Verslag")), .p(.text($0))) }
        )
    }

    var form: Body {
        let memberOptions = [("", "kies")] + members.map { ($0.0.uuidString.lowercased(), $0.1) }
        return .group(
            RegisterHTML.problems(problems) { $0.field == "Aanwezig" ? "veld-aanwezig" : nil },
            H.form(RegisterURL.meeting(register: register.id, meeting: meeting.id).path, class: "editor", [
                RegisterHTML.textarea("aanwezig", label: "Aanwezig", value: input.one("aanwezig"), required: true,
                                      hint: "Eén per regel: naam en organisatie."),
                .forEach(Array(meeting.agenda.enumerated())) { position, id in
                    let key = id.uuidString.lowercased()
                    let reference = line(id)?.reference ?? "signaal \(position + 1)"
                    return H.el("fieldset", [("class", "field"), ("id", "agendapunt-\(position + 1)")], [
                        H.el("legend", [], [.text("Agendapunt \(position + 1): \(reference)")]),
                        .unwrap(line(id)) { line in
                            .p(.text("\(line.phenomena.map(\.name).joined(separator: ", ")) · urgentie \(line.urgency?.rawValue ?? "–") · "),
                               RegisterHTML.link("signaal openen", .signal(register: register.id, record: line.id)))
                        },
                        RegisterHTML.select("besluit-\(key)", label: "Besluit", options: [("", "nog geen besluit")] + DecisionKind.allCases.map { ($0.rawValue, $0.name) },
                                            selected: input.one("besluit-\(key)"), required: false),
                        RegisterHTML.textarea("toelichting-\(key)", label: "Toelichting", value: input.one("toelichting-\(key)"), rows: 2),
                        RegisterHTML.input("taak-\(key)", label: "Vervolgtaak", value: input.one("taak-\(key)")),
                        RegisterHTML.select("taak-eigenaar-\(key)", label: "Wie voert de taak uit", options: memberOptions,
                                            selected: input.one("taak-eigenaar-\(key)"), required: false),
                        RegisterHTML.input("taak-datum-\(key)", label: "Klaar op", value: input.one("taak-datum-\(key)"), type: "date"),
                    ])
                },
                RegisterHTML.textarea("verslag", label: "Verslag", value: input.one("verslag"), hint: "Het verslag blijft in het register en wordt versleuteld bewaard.", rows: 6),
                .div(.class("button-row"), H.submit("Besluiten vastleggen")),
            ])
        )
    }
}

// MARK: - Incidents

public struct IncidentFormPage {
    public var register: RegisterDefinition
    public var input: RegisterFormInput
    public var problems: [RegisterProblem]

    public init(register: RegisterDefinition, input: RegisterFormInput = RegisterFormInput(), problems: [RegisterProblem] = []) {
        self.register = register
        self.input = input
        self.problems = problems
    }

    public func render() -> String {
        Layout.page(title: "Incident vastleggen", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Incident vastleggen")),
            RegisterHTML.confidential(register),
            RegisterHTML.problems(problems, fieldID: IncidentForm.fieldID),
            H.form(RegisterURL.incidents(register.id).path, class: "editor", [
                RegisterHTML.input("tijdstip", label: "Datum en tijd", value: input.one("tijdstip"), type: "datetime-local", required: true),
                RegisterHTML.input("wijk", label: "Wijk", value: input.one("wijk"), required: true, hint: "De wijk, nooit een adres."),
                RegisterHTML.select("soort", label: "Soort incident", options: [("", "kies")] + IncidentKind.allCases.map { ($0.rawValue, $0.name) }, selected: input.one("soort")),
                RegisterHTML.select("duiding", label: "Duiding", options: Interpretation.allCases.map { ($0.rawValue, $0.name) },
                                    selected: input.one("duiding").isEmpty ? Interpretation.unknown.rawValue : input.one("duiding")),
                RegisterHTML.input("partners", label: "Betrokken partners", value: input.one("partners"), hint: "Gescheiden door komma's, zoals politie, GGZ."),
                RegisterHTML.input("minuten", label: "Bestede tijd in minuten", value: input.one("minuten"), type: "number"),
                RegisterHTML.select("opvolging", label: "Opvolging", options: IncidentFollowUp.allCases.map { ($0.rawValue, $0.name) }, selected: input.one("opvolging")),
                RegisterHTML.textarea("toelichting", label: "Toelichting", value: input.one("toelichting"), hint: "Alleen wat nodig is; wordt versleuteld bewaard."),
                H.el("fieldset", [("class", "field")], [
                    H.el("legend", [], [.text("Persoon")]),
                    .p(.class("hint"), .text("De meeste incidenten hebben geen naam nodig. Leg alleen een persoon vast als dat voor de opvolging nodig is.")),
                    .div(.class("choice"),
                         H.void("input", [("type", "checkbox"), ("id", "veld-persoon-vastleggen"), ("name", "persoon-vastleggen"), ("value", "ja"),
                                          ("checked", input.one("persoon-vastleggen") == "ja" ? "checked" : nil)]),
                         H.el("label", [("for", "veld-persoon-vastleggen")], [.text("Een persoon vastleggen")])),
                    RegisterHTML.input("naam", label: "Naam", value: input.one("naam")),
                    RegisterHTML.input("geboortedatum", label: "Geboortedatum", value: input.one("geboortedatum"), type: "date"),
                ]),
                .div(.class("button-row"), H.submit("Incident vastleggen")),
            ]),
        ])
    }
}

public struct IncidentPage {
    public var register: RegisterDefinition
    public var incident: Incident
    public var notice: String?
    public var breakGlass: Bool
    public var problems: [RegisterProblem]
    /// For the register's owner: the legal hold and art. 41 restrictions.
    public var keeping: RecordKeeping?

    public init(register: RegisterDefinition, incident: Incident, notice: String? = nil, breakGlass: Bool = false,
                problems: [RegisterProblem] = [], keeping: RecordKeeping? = nil) {
        self.register = register
        self.incident = incident
        self.notice = notice
        self.breakGlass = breakGlass
        self.problems = problems
        self.keeping = keeping
    }

    public func render() -> String {
        Layout.page(title: "Incident \(incident.reference)", crumbs: RegisterHTML.crumbs(register), [
            .h1(.text("Incident \(incident.reference)")),
            RegisterHTML.confidential(register),
            .if(breakGlass, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                 .p(.text("U hebt dit incident geopend zonder lid te zijn. Dat is vastgelegd met uw reden en gemeld aan de eigenaar van het register.")))),
            RegisterHTML.notice(notice),
            RegisterHTML.problems(problems, fieldID: RegisterHTML.keepingFieldID),
            Layout.facts([
                ("Tijdstip", FormDates.text(incident.occurredAt, time: true)), ("Wijk", incident.district), ("Soort", incident.kind.name),
                ("Duiding", incident.facts.interpretation.name), ("Partners", incident.facts.partners.isEmpty ? "–" : incident.facts.partners.joined(separator: ", ")),
                ("Bestede tijd", "\(incident.facts.minutesSpent) minuten"), ("Opvolging", incident.facts.followUp.name),
                ("Persoon", incident.content.person?.description ?? "geen persoon vastgelegd"),
            ]),
            .if(!incident.content.note.isEmpty, .group(.h2(.text("Toelichting")), .p(.text(incident.content.note)))),
            .unwrap(keeping) { RegisterHTML.keeping($0, of: .incident(register: register.id, record: incident.id)) },
        ])
    }
}

// MARK: - Keeping a record (the owner)

extension RegisterHTML {
    /// The owner's section on a record's page: how long it is kept, its legal hold, and the
    /// restrictions of a subject-access answer (art. 41 UAVG).
    static func keeping(_ keeping: RecordKeeping, of record: RegisterURL) -> Body {
        let end = keeping.retentionEnd == .anonymise ? "geanonimiseerd" : "vernietigd"
        return .section(.attribute(named: "aria-labelledby", value: "bewaren"),
            .h2(.id("bewaren"), .text("Bewaren en inzage")),
            .p(.text("Alleen de eigenaar van het register ziet dit deel. De bewaartermijn loopt af op \(FormDates.text(keeping.retentionEnds)); daarna wordt deze registratie \(end)"
                + (keeping.legalHold == nil ? "." : ", behalve zolang de bewaarplicht hieronder geldt."))),
            .h3(.text("Bewaarplicht")),
            .unwrap(keeping.legalHold, { reason in
                .group(
                    .p(.text("Er geldt een bewaarplicht: \(reason)")),
                    H.form(RegisterURL.legalHold(of: record).path, class: "editor", [
                        H.hidden("actie", "opheffen"),
                        .p(.class("hint"), .text("Hef de bewaarplicht op zodra de grond vervalt. Is de termijn dan verstreken, dan ruimt de volgende opschoning de registratie op.")),
                        .div(.class("button-row"), H.submit("Bewaarplicht opheffen")),
                    ]))
            }, else: H.form(RegisterURL.legalHold(of: record).path, class: "editor", [
                H.hidden("actie", "vastleggen"),
                textarea("bewaarplicht-reden", label: "Reden van de bewaarplicht", value: "", required: true,
                         hint: "Bijvoorbeeld een lopende bezwaarprocedure, rechtszaak of strafzaak. Zolang de bewaarplicht geldt, wordt de registratie niet opgeschoond. Noem geen namen."),
                .div(.class("button-row"), H.submit("Bewaarplicht vastleggen")),
            ])),
            .h3(.text("Beperking van inzage (art. 41 UAVG)")),
            keeping.restrictions.isEmpty
                ? .p(.text("Een antwoord op een inzageverzoek toont deze registratie volledig."))
                : .group(.p(.text("Een antwoord op een inzageverzoek toont van deze registratie alleen dat inzage is beperkt, met deze reden:")),
                         .ul(.forEach(keeping.restrictions) { .li(.text($0)) })),
            H.form(RegisterURL.restriction(of: record).path, class: "editor", [
                textarea("beperking-reden", label: "Reden van de beperking", value: "", required: true,
                         hint: "Welke grond uit art. 41 lid 1 UAVG geldt, bijvoorbeeld het voorkomen of opsporen van strafbare feiten, en waarom inzage nu niet kan. De reden staat in het antwoord aan de betrokkene: schrijf haar zo dat hij haar mag lezen."),
                .div(.class("button-row"), H.submit("Inzage beperken")),
            ])
        )
    }

    /// The field of a keeping problem, for the link in the error summary.
    static func keepingFieldID(_ problem: RegisterProblem) -> String? {
        switch problem.field {
        case RegisterService.holdReasonField: "veld-bewaarplicht-reden"
        case RegisterService.restrictionReasonField: "veld-beperking-reden"
        default: nil
        }
    }
}
