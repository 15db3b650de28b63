import Foundation
import RegieCore
import RegieHTML

/// The form for one activity of a draft implementation programme: its description and output,
/// owner (a partner and/or a function, never only a person's name), partners, planning, budget
/// and capacity, the goal and indicator it serves and its phases in the safety chain.
public struct ActivityEditorPage {
    public var plan: Plan
    public var programme: ImplementationProgramme
    /// Nil for a new activity.
    public var activity: ProgrammeActivity?
    /// The activity's fingerprint when the form was opened, sent back to detect a conflict.
    public var fingerprint: String
    public var values: [String: [String]]
    public var errors: [String]

    public init(plan: Plan, programme: ImplementationProgramme, activity: ProgrammeActivity?, fingerprint: String,
                values: [String: [String]]? = nil, errors: [String] = []) {
        self.plan = plan
        self.programme = programme
        self.activity = activity
        self.fingerprint = fingerprint
        self.values = values ?? Self.values(of: activity)
        self.errors = errors
    }

    /// The form's values for an activity as stored.
    public static func values(of activity: ProgrammeActivity?) -> [String: [String]] {
        guard let a = activity else { return [:] }
        return ["omschrijving": [a.description], "output": [a.expectedOutput.source], "thema": [a.theme.rawValue],
                "afspraak": [a.agreement?.rawValue ?? ""], "trekker": [a.owner?.partner?.rawValue ?? ""], "trekker-rol": [a.owner?.role ?? ""],
                "partners": a.partners.map(\.rawValue), "planning": [a.planning?.description ?? ""],
                "budget": [a.budget.map { NSDecimalNumber(decimal: $0).stringValue.replacingOccurrences(of: ".", with: ",") } ?? ""],
                "uren": [a.hours.map { NSDecimalNumber(decimal: $0).stringValue.replacingOccurrences(of: ".", with: ",") } ?? ""],
                "doel": [a.goal?.rawValue ?? ""], "indicator": [a.indicator?.rawValue ?? ""], "ketenfasen": a.phases.map(\.rawValue)]
    }

    func field(_ name: String, _ label: String, hint: String? = nil, _ input: FormInput) -> Body {
        H.field(FormField(name: name, label: label, hint: hint, input: input, read: { _ in [] }, write: { _, _ in nil }),
                values: values[name] ?? [], error: nil)
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        crumbs.append(Crumb(programme.title, .programme(plan: plan.key, programme: programme.key)))
        let themes = plan.themes(forProgrammeOf: programme.municipality)
        let none = FormOption("", "Geen")
        let title = activity.map { "Activiteit bewerken: \($0.description)" } ?? "Activiteit toevoegen"
        let action = SiteURL.programme(plan: plan.key, programme: programme.key).path + "/activiteiten/" + (activity?.key.rawValue ?? "nieuw")
        return Layout.page(title: "\(title) · \(programme.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text(programme.title)),
            .h1(.text(activity == nil ? "Activiteit toevoegen" : "Activiteit bewerken")),
            RunningLayout.errors("De activiteit is niet opgeslagen", errors),
            H.form(action, class: "editor", [
                H.el("input", [("type", "hidden"), ("name", "vorige"), ("value", fingerprint)]),
                field("omschrijving", "Omschrijving", hint: "Wat er gebeurt, in een of twee zinnen.", .line(maxLength: PlanLimits.textLength)),
                field("output", "Verwachte output", .text(maxLength: PlanLimits.textLength)),
                field("thema", "Thema", .choice(themes.map { FormOption($0.key.rawValue, $0.title) })),
                field("afspraak", "Afspraak uit het plan", hint: "De afspraak die deze activiteit uitvoert, als die er is.",
                      .choice([none] + themes.flatMap { t in t.allActions.filter { !$0.isExample }.map { FormOption($0.key.rawValue, String($0.description.prefix(90))) } })),
                field("trekker", "Trekker (partner)", hint: "Laat leeg als de gemeente zelf trekt; noem dan hieronder de functie.",
                      .choice([FormOption("", "De gemeente zelf")] + plan.partners.map { FormOption($0.key.rawValue, $0.name) })),
                field("trekker-rol", "Functie die trekt", hint: "Een functie, geen naam van een persoon, bijvoorbeeld beleidsmedewerker OOV.", .line(maxLength: 200)),
                field("partners", "Betrokken partners", .choices(plan.partners.map { FormOption($0.key.rawValue, $0.name) })),
                field("planning", "Planning", hint: "Bijvoorbeeld \(programme.period.first), \(programme.period.first)-Q3, doorlopend of per kwartaal.", .line(maxLength: 40)),
                field("budget", "Budget (euro)", hint: "Niet verplicht, bijvoorbeeld 12500 of 12.500,50.", .line(maxLength: 20)),
                field("uren", "Capaciteit (uren)", .line(maxLength: 12)),
                field("doel", "Doel", .choice([none] + themes.flatMap { t in t.goals.map { FormOption($0.key.rawValue, $0.title) } })),
                field("indicator", "Indicator", .choice([none] + themes.flatMap { t in t.indicators.map { FormOption($0.key.rawValue, $0.name) } })),
                field("ketenfasen", SafetyChainPhase.fieldLabel, .choices(SafetyChainPhase.allCases.map { FormOption($0.rawValue, $0.label) })),
                .div(.class("button-row"), H.submit("Opslaan"),
                     .a(.href(SiteURL.programme(plan: plan.key, programme: programme.key).path), .text("Annuleren"))),
            ]),
            .unwrap(activity) { a in
                H.form(SiteURL.programme(plan: plan.key, programme: programme.key).path + "/activiteiten/\(a.key.rawValue)/verwijderen", class: "editor", [
                    H.el("input", [("type", "hidden"), ("name", "vorige"), ("value", fingerprint)]),
                    .div(.class("button-row"), H.el("button", [("type", "submit"), ("class", "danger")], [.text("Activiteit verwijderen")])),
                ])
            },
        ])
    }
}

extension ProgrammeActivity {
    /// A fingerprint of the stored activity that is the same on every instance (FNV-1a over its
    /// sorted JSON): the form carries it so a save over someone else's change is noticed.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(self)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
