import Foundation
import RegieHTML
import RegieCore

/// The status steps of a plan: concept -> ter consultatie -> aangeboden aan de raad -> vastgesteld
/// -> in uitvoering -> geëvalueerd.
public struct StatusPage {
    public var plan: Plan
    public var version: Int
    public var errors: [String: String]
    public var typed: [String: String]
    public var notice: String?
    public var mayManage: Bool
    /// In an adopted collaboration plan: the officer's own municipality when its council's
    /// decision is not recorded yet.
    public var memberToAdopt: Municipality?
    /// The adoption decision typed and checked, waiting for the officer's confirmation.
    public var confirmAdoption: Adoption?
    /// For readers: a new version is being prepared; they see the adopted one.
    public var newVersionInPreparation: Bool

    public init(plan: Plan, version: Int, errors: [String: String] = [:], typed: [String: String] = [:],
                notice: String? = nil, mayManage: Bool, memberToAdopt: Municipality? = nil,
                confirmAdoption: Adoption? = nil, newVersionInPreparation: Bool = false) {
        self.memberToAdopt = memberToAdopt
        self.confirmAdoption = confirmAdoption
        self.newVersionInPreparation = newVersionInPreparation
        self.plan = plan
        self.version = version
        self.errors = errors
        self.typed = typed
        self.notice = notice
        self.mayManage = mayManage
    }

    /// The steps allowed from `status`: one forward, from consultation also straight to adoption,
    /// and back to concept before adoption.
    public static func nextSteps(from status: PlanStatus) -> [PlanStatus] {
        switch status {
        case .draft: [.consultation]
        case .consultation: [.offeredToCouncil, .adopted, .draft]
        case .offeredToCouncil: [.adopted, .draft]
        case .adopted: [.inExecution]
        case .inExecution: [.evaluated]
        case .evaluated: []
        }
    }

    /// The button that takes the plan to `step`, in plain words.
    public static func stepLabel(_ step: PlanStatus, from status: PlanStatus) -> String {
        switch step {
        case .draft: status > .draft ? "Terugzetten naar concept" : "Concept"
        case .consultation: "Ter consultatie voorleggen"
        case .offeredToCouncil: "Aanbieden aan de raad"
        case .adopted: "Vaststellen"
        case .inExecution: "Uitvoering starten"
        case .evaluated: "Markeren als geëvalueerd"
        }
    }

    public func render() -> String {
        if let confirmAdoption { return confirmation(confirmAdoption) }
        let steps = Self.nextSteps(from: plan.status)
        return Layout.page(title: "Status van \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            .h1(.text("Status van het plan")),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .ol(.class("steps"), .forEach(PlanStatus.allCases) { status in
                .li(status == plan.status ? .strong(.attribute(named: "aria-current", value: "step"), .text("\(status.label) (nu)")) : .text(status.label))
            }),
            .p(.text("Versie \(version) van dit plan. "), .a(.href(SiteURL.versions(plan.key).path), .text("Eerdere versies"))),
            .if(!plan.councilOffers.isEmpty, .section(
                .h2(.text("Aangeboden aan de raad")),
                .ul(.forEach(plan.councilOffers) { offer in
                    .li(.text(CouncilPaperTexts.offer(offer, in: plan)))
                })
            )),
            .if(!plan.adoptions.isEmpty, .section(
                .h2(.text("Vaststellingen")),
                .ul(.forEach(plan.adoptions) { adoption in
                    .li(.text(CouncilPaperTexts.adoption(adoption, in: plan)))
                })
            )),
            .if(newVersionInPreparation, .p(.text("U ziet de vastgestelde versie. Er wordt een nieuwe versie van dit plan voorbereid; die ziet u hier zodra ze is vastgesteld."))),
            .if(plan.status >= .adopted && mayManage, .p(.text("De inhoud van een vastgesteld plan ligt vast. Voortgang en planning van acties werkt u gewoon bij, zonder nieuwe versie. Wilt u de inhoud wijzigen, start dan een nieuwe versie; de vastgestelde versie blijft bewaard en voor lezers zichtbaar tot de nieuwe is vastgesteld."))),
            .if(!mayManage, .p(.text("Alleen beleidsmedewerkers van het plan kunnen de status wijzigen."))),
            .if(mayManage, .group(
                .forEach(steps) { step in
                    switch step {
                    case .adopted: adoptForm()
                    case .offeredToCouncil: offerForm()
                    default: stepForm(step)
                    }
                },
                .unwrap(memberToAdopt) { member in
                    adoptForm(heading: "Vaststelling door \(member.name)",
                              intro: "Elke gemeente van het samenwerkingsverband stelt het plan vast. Leg het besluit van \(member.name) vast.",
                              action: SiteURL.adoptions(plan.key).path, next: nil, submit: "Vaststelling vastleggen",
                              body: "gemeenteraad van \(member.name)")
                },
                .if(plan.status >= .adopted, newVersionForm())
            )),
        ])
    }

    private func stepForm(_ step: PlanStatus) -> Body {
        H.form(SiteURL.planStatus(plan.key).path, class: "editor", [
            H.hidden("naar", step.rawValue),
            .div(.class("button-row"), H.submit(Self.stepLabel(step, from: plan.status))),
        ])
    }

    /// Asks before adopting: afterwards the content can only change through a new version.
    private func confirmation(_ adoption: Adoption) -> String {
        Layout.page(title: "Vaststellen bevestigen: \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            .h1(.text("Plan vaststellen?")),
            .p(.text("U legt vast dat \(adoption.body) het plan \u{201C}\(plan.title)\u{201D} heeft vastgesteld op \(adoption.date.label)"
                     + (adoption.decisionNumber.map { ", besluit \($0)" } ?? "") + ".")),
            Layout.facts([("Ondertekend op", adoption.signedOn?.label), ("In werking per", adoption.inForceFrom?.label),
                          ("Publicatie", adoption.publication)]),
            .p(.text("Daarna ligt de inhoud vast: thema\u{2019}s, doelen, indicatoren en acties wijzigt u dan alleen nog met een nieuwe versie, die opnieuw moet worden vastgesteld. Voortgang en planning van acties blijft u bijwerken.")),
            H.form(SiteURL.planStatus(plan.key).path, class: "editor", [
                H.hidden("naar", PlanStatus.adopted.rawValue),
                H.hidden("datum", adoption.date.description),
                H.hidden("orgaan", adoption.body),
                H.hidden("besluitnummer", adoption.decisionNumber ?? ""),
                H.hidden("datum-ondertekening", adoption.signedOn?.description ?? ""),
                H.hidden("in-werking-per", adoption.inForceFrom?.description ?? ""),
                H.hidden("publicatie", adoption.publication ?? ""),
                H.hidden("bevestigd", "ja"),
                .div(.class("button-row"), H.submit("Ja, plan vaststellen"),
                     .a(.href(SiteURL.planStatus(plan.key).path), .text("Nee, terug naar de status"))),
            ]),
        ])
    }

    private func adoptForm(heading: String = "Vaststellen",
                           intro: String = "Leg het besluit vast waarmee het plan is vastgesteld, meestal door de gemeenteraad.",
                           action: String? = nil, next: PlanStatus? = .adopted, submit: String = "Vaststellen",
                           body: String = "gemeenteraad") -> Body {
        let errorList = [("datum", "Datum van het besluit"), ("orgaan", "Orgaan"), ("besluitnummer", "Besluitnummer"),
                         ("datum-ondertekening", "Datum van ondertekening"), ("in-werking-per", "In werking per"), ("publicatie", "Publicatie")]
            .compactMap { name, label in errors[name].map { (Optional(name), label, $0) } }
        return .section(
            .h2(.text(heading)),
            .p(.text(intro)),
            H.errorSummary(errorList),
            H.form(action ?? SiteURL.planStatus(plan.key).path, class: "editor narrow", [
                .unwrap(next) { H.hidden("naar", $0.rawValue) },
                H.field(field("datum", "Datum van het besluit", .date), values: [typed["datum"] ?? ""], error: errors["datum"]),
                H.field(field("orgaan", "Orgaan", .line(maxLength: PlanLimits.adoptionBodyLength), hint: "Bijvoorbeeld gemeenteraad van Stadskanaal."),
                        values: [typed["orgaan"] ?? body], error: errors["orgaan"]),
                H.field(field("besluitnummer", "Besluitnummer (als het besluit er een heeft)", .line(maxLength: PlanLimits.decisionNumberLength),
                              required: false), values: [typed["besluitnummer"] ?? ""], error: errors["besluitnummer"]),
                H.field(field("datum-ondertekening", "Datum van ondertekening", .date, required: false),
                        values: [typed["datum-ondertekening"] ?? ""], error: errors["datum-ondertekening"]),
                H.field(field("in-werking-per", "In werking per", .date, required: false),
                        values: [typed["in-werking-per"] ?? ""], error: errors["in-werking-per"]),
                H.field(field("publicatie", "Publicatie", .line(maxLength: PlanLimits.lineLength),
                              hint: "Waar het besluit is bekendgemaakt, bijvoorbeeld Gemeenteblad 2020, 28531.", required: false),
                        values: [typed["publicatie"] ?? ""], error: errors["publicatie"]),
                .div(.class("button-row"), H.submit(submit)),
            ])
        )
    }

    /// The executive's decision to offer the plan to the council: date and body, number optional.
    private func offerForm() -> Body {
        let errorList = [("aanbieding-datum", "Datum van het collegebesluit"), ("aanbieding-orgaan", "Orgaan"),
                         ("aanbieding-besluitnummer", "Besluitnummer")]
            .compactMap { name, label in errors[name].map { (Optional(name), label, $0) } }
        return .section(
            .h2(.text("Aanbieden aan de raad")),
            .p(.text("Leg het besluit vast waarmee het college het plan aan de gemeenteraad aanbiedt. Vanaf dan lezen raadsleden het plan mee.")),
            H.errorSummary(errorList),
            H.form(SiteURL.planStatus(plan.key).path, class: "editor narrow", [
                H.hidden("naar", PlanStatus.offeredToCouncil.rawValue),
                H.field(field("aanbieding-datum", "Datum van het collegebesluit", .date), values: [typed["aanbieding-datum"] ?? ""],
                        error: errors["aanbieding-datum"]),
                H.field(field("aanbieding-orgaan", "Orgaan", .line(maxLength: PlanLimits.adoptionBodyLength)),
                        values: [typed["aanbieding-orgaan"] ?? CouncilOffer.defaultBody], error: errors["aanbieding-orgaan"]),
                H.field(field("aanbieding-besluitnummer", "Besluitnummer (als het besluit er een heeft)",
                              .line(maxLength: PlanLimits.decisionNumberLength), required: false),
                        values: [typed["aanbieding-besluitnummer"] ?? ""], error: errors["aanbieding-besluitnummer"]),
                .div(.class("button-row"), H.submit(Self.stepLabel(.offeredToCouncil, from: plan.status))),
            ])
        )
    }

    private func newVersionForm() -> Body {
        .section(
            .h2(.text("Nieuwe versie")),
            .unwrap(errors["reden"]) { .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            H.form(SiteURL.newVersion(plan.key).path, class: "editor", [
                H.field(field("reden", "Waarom een nieuwe versie?", .text(maxLength: 2000),
                              hint: "Bijvoorbeeld: tussentijdse herziening na de evaluatie van 2025."),
                        values: [typed["reden"] ?? ""], error: errors["reden"]),
                .div(.class("button-row"), H.submit("Nieuwe versie starten")),
            ])
        )
    }

    private func field(_ name: String, _ label: String, _ input: FormInput, hint: String? = nil, required: Bool = true) -> FormField {
        FormField(name: name, label: label, hint: hint, input: input, required: required, read: { _ in [] }, write: { _, _ in nil })
    }
}

/// The versions of a plan with what changed between them.
public struct VersionsPage {
    public var plan: Plan
    public var currentVersion: Int
    public var versions: [PlanVersion]
    /// Whether the reader sees the adopted version while a new one is being prepared.
    public var newVersionInPreparation: Bool

    /// The number of `plan` as shown: the adopted version's for readers while a new one is prepared.
    public var shownVersion: Int

    public init(plan: Plan, currentVersion: Int, versions: [PlanVersion], newVersionInPreparation: Bool = false, shownVersion: Int? = nil) {
        self.plan = plan
        self.currentVersion = currentVersion
        self.shownVersion = shownVersion ?? currentVersion
        self.versions = versions
        self.newVersionInPreparation = newVersionInPreparation
    }

    public func render() -> String {
        let sequence = versions.map { ($0.number, $0.plan) } + [(shownVersion, plan)]
        return Layout.page(title: "Versies van \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            .h1(.text("Versies van het plan")),
            .if(newVersionInPreparation, .p(.text("U ziet de vastgestelde versie van dit plan. Er wordt gewerkt aan versie \(currentVersion); die verschijnt hier zodra ze is vastgesteld."))),
            .if(versions.isEmpty && !newVersionInPreparation, .p(.text("Dit plan heeft nog maar één versie."))),
            .forEach(Array(versions.enumerated())) { index, version in
                let next = sequence[index + 1]
                let changes = PlanChange.between(version.plan, next.1)
                return .section(
                    .h2(.text("Van versie \(version.number) naar \(next.0)")),
                    Layout.facts([("Gestart door", version.createdBy), ("Op", Format.dateTime(version.createdAt)),
                                  ("Reden", version.reason), ("Status van versie \(version.number)", version.plan.status.label)]),
                    changes.isEmpty ? .p(.text("Nog niets gewijzigd.")) : .ul(.class("changes"), .forEach(changes) { change in
                        .li(.text(change.label),
                            .if(!change.details.isEmpty, .ul(.forEach(change.details) { .li(.text(ChangeLabels.label($0))) })))
                    })
                )
            },
        ])
    }
}

extension PlanChange {
    public var label: String {
        let verb = switch kind {
        case .added: "toegevoegd"
        case .removed: "verwijderd"
        case .changed: "gewijzigd"
        }
        let what: String = switch area {
        case .field(let field): field.label
        case .theme(let title): "thema \u{201C}\(title)\u{201D}"
        case .partner(let name): "partner \u{201C}\(name)\u{201D}"
        case .consultationBody(let name): "overleg \u{201C}\(name)\u{201D}"
        case .priorityReference(let title): "prioriteit \u{201C}\(title)\u{201D}"
        case .localChapter(let code): "lokaal hoofdstuk \(code.rawValue)"
        case .budgetLine(let description): "begrotingspost \u{201C}\(description)\u{201D}"
        }
        return "\(what.prefix(1).uppercased() + what.dropFirst()) \(verb)"
    }
}

extension PlanField {
    /// The plan-wide fields by their Dutch names, for the version history.
    var label: String {
        switch self {
        case .title: "titel"
        case .subtitle: "ondertitel"
        case .kind: "soort document"
        case .period: "planperiode"
        case .foreword: "voorwoord"
        case .introduction: "inleiding"
        case .missionVision: "missie en visie"
        case .guidingPrinciples: "uitgangspunten"
        case .scope: "reikwijdte"
        case .trends: "trends en ontwikkelingen"
        case .generalGoals: "algemene doelen"
        case .focusLenses: "focuslenzen"
        case .monitoring: "monitoring en evaluatie"
        case .analysis: "opzet van de veiligheidsanalyse"
        case .financeText: "toelichting bij de financiën"
        case .signatories: "ondertekening"
        case .legalBases: "wettelijk kader"
        case .governanceBodies: "bestuur"
        default: rawValue
        }
    }
}

/// Starting a new plan: from scratch, or as a copy of an earlier plan.
public struct NewPlanPage {
    public var owners: [FormOption]
    public var sources: [FormOption]
    public var typed: [String: String]
    public var errors: [String: String]

    public init(owners: [FormOption], sources: [FormOption], typed: [String: String] = [:], errors: [String: String] = [:]) {
        self.owners = owners
        self.sources = sources
        self.typed = typed
        self.errors = errors
    }

    public func render() -> String {
        let fields: [(FormField, String)] = [
            (field("titel", "Titel", .line(maxLength: PlanLimits.lineLength), hint: "Bijvoorbeeld Integraal Veiligheidsplan 2027-2030."), "titel"),
            (field("eigenaar", "Van", .choice(owners)), "eigenaar"),
            (field("periode", "Planperiode", .line(maxLength: PeriodInput.maximumLength), hint: PeriodInput.yearRangeHint), "periode"),
            (field("kopie-van", "Beginnen met", .choice([FormOption("", "een leeg plan")] + sources), required: false,
                   hint: "Een kopie van een eerder plan neemt alle thema's, doelen, acties en partners over; status en voortgang beginnen opnieuw."), "kopie-van"),
            (field("datums", "Jaartallen bij een kopie", .choice(CopyDates.allCases.map { FormOption($0.formValue, $0.optionLabel) }),
                   hint: "Planningen van acties, streefwaarden en begrotingsjaren uit het oude plan schuiven mee met het verschil tussen de planperiodes: van 2021-2024 naar 2025-2028 is 4 jaar later. Laat u ze staan, dan ziet u na het kopiëren wat buiten de nieuwe periode valt. Na het kopiëren ziet u in beide gevallen wat er veranderd is."), "datums"),
        ]
        let labels = Dictionary(uniqueKeysWithValues: fields.map { ($0.0.name, $0.0.label) })
        return Layout.page(title: "Nieuw plan", crumbs: [Crumb("Start", .home)], [
            .h1(.text("Nieuw plan")),
            H.errorSummary(errors.sorted { $0.key < $1.key }.map { ($0.key, labels[$0.key] ?? $0.key, $0.value) }),
            H.form(SiteURL.newPlan.path, class: "editor narrow", [
                .forEach(fields) { field, name in
                    H.field(field, values: [typed[name] ?? (name == "datums" ? CopyDates.shift.formValue : "")], error: errors[name])
                },
                .div(.class("button-row"), H.submit("Plan aanmaken")),
            ]),
        ])
    }

    private func field(_ name: String, _ label: String, _ input: FormInput, required: Bool = true, hint: String? = nil) -> FormField {
        FormField(name: name, label: label, hint: hint, input: input, required: required, read: { _ in [] }, write: { _, _ in nil })
    }
}

/// Where the lead partner (or an officer) reports how an action is going.
public struct ProgressPage {
    /// Moving a planning is part of running the plan: no new version, no council.
    public static let planningHint = "Verschuift de uitvoering? Pas hier de planning aan, bijvoorbeeld 2026, 2026-2027, 2026-Q3, doorlopend, per kwartaal of vanaf 2026-03. Daarvoor is geen nieuwe versie van het plan nodig."

    public var plan: Plan
    public var action: Action
    public var theme: Theme
    public var status: String
    public var note: String
    public var errors: [String: String]
    public var notice: String?
    /// The planning field, for officers running an adopted plan; nil when the account may not move it.
    public var planning: String?
    /// Whether a new version of the plan is being prepared (the report lands in both).
    public var newVersionInPreparation: Bool

    public init(plan: Plan, theme: Theme, action: Action, status: String? = nil, note: String? = nil,
                planning: String? = nil, mayShiftPlanning: Bool = false, newVersionInPreparation: Bool = false,
                errors: [String: String] = [:], notice: String? = nil) {
        self.plan = plan
        self.theme = theme
        self.action = action
        self.status = status ?? action.status?.rawValue ?? ""
        self.note = note ?? action.progressNote.source
        self.planning = mayShiftPlanning ? (planning ?? action.planning?.description ?? "") : nil
        self.newVersionInPreparation = newVersionInPreparation
        self.errors = errors
        self.notice = notice
    }

    public func render() -> String {
        var crumbs = PlanNav.crumbs(plan)
        crumbs.append(Crumb(theme.title, .theme(plan: plan.key, theme: theme.key)))
        let statusField = FormField(name: "status", label: "Stand van zaken",
                                    input: .choice([FormOption("", ActionStatus.noneLabel)] + ActionStatus.allCases.map { FormOption($0.rawValue, $0.label) }),
                                    read: { _ in [] }, write: { _, _ in nil })
        let noteField = FormField(name: "voortgang", label: "Toelichting op de voortgang", hint: Fields.proseHint,
                                  input: .text(maxLength: Fields.textLength), read: { _ in [] }, write: { _, _ in nil })
        let planningField = FormField(name: "planning", label: "Planning", hint: Self.planningHint,
                                      input: .line(maxLength: 40), read: { _ in [] }, write: { _, _ in nil })
        return Layout.page(title: "Voortgang: \(action.description)", crumbs: crumbs, [
            .p(.class("kicker"), .text(planning == nil ? "Voortgang bijwerken · \(theme.title)" : "Voortgang en planning · \(theme.title)")),
            .h1(.text(action.description)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .if(newVersionInPreparation, .p(.text("Er wordt een nieuwe versie van dit plan voorbereid. Wat u hier opslaat, geldt voor de vastgestelde versie die iedereen nu leest, en gaat mee naar de nieuwe versie."))),
            Layout.facts([("Trekker", action.owner.flatMap { plan.partner($0)?.name }), ("Planning", planning == nil ? action.planningLabel : nil),
                          ("Beoogd resultaat", action.expectedResult.isEmpty ? nil : action.expectedResult.source)]),
            H.errorSummary([("status", "Stand van zaken"), ("voortgang", "Toelichting"), ("planning", "Planning")].compactMap { name, label in
                errors[name].map { (Optional(name), label, $0) }
            }),
            H.form(SiteURL.progress(plan: plan.key, action: action.key).path, class: "editor", [
                H.field(statusField, values: [status], error: errors["status"]),
                H.field(noteField, values: [note], error: errors["voortgang"]),
                .unwrap(planning) { H.field(planningField, values: [$0], error: errors["planning"]) },
                .div(.class("button-row"), H.submit(planning == nil ? "Voortgang opslaan" : "Opslaan")),
            ]),
        ])
    }
}
