import Foundation
import RegieCore
import RegieHTML

/// A form field for the running pages: their values are read and written by the controller.
private func field(_ name: String, _ label: String, hint: String? = nil, _ input: FormInput) -> FormField {
    FormField(name: name, label: label, hint: hint, input: input, read: { _ in [] }, write: { _, _ in nil })
}

private func badge(_ status: TrackStatus) -> Body { .span(.class(status.badgeClass), .text(status.label)) }
private func badge(_ status: ProgressStatus) -> Body { .span(.class("badge progress-\(status.rawValue)"), .text(status.label)) }

public enum RunningText {
    /// A measurement as published: the number, or a register's "<5" or "×".
    public static func figure(_ m: MeasuredValue) -> String {
        SuppressionMark.text(number: m.value.map(Format.number), mark: m.suppressed)
    }

    /// What readers call the subject of an update: the activity's or agreement's description, the goal's title, the indicator's name.
    public static func subjectName(_ subject: ProgressSubject, in plan: Plan) -> String {
        switch subject {
        case .activity(let p, let a): plan.execution.programme(p)?.activity(a)?.description ?? a.rawValue
        case .agreement(let key): plan.action(key)?.action.description ?? key.rawValue
        case .goal(let key): plan.goal(key)?.goal.title ?? key.rawValue
        case .indicator(let key): plan.indicator(key)?.indicator.name ?? key.rawValue
        }
    }

    static func owner(_ item: TrackedItem, in plan: Plan) -> String {
        let partner = item.ownerPartner.flatMap { plan.partner($0)?.name }
        switch (partner, item.ownerRole) {
        case (let p?, let r?): return "\(p) (\(r))"
        case (let p?, nil): return p
        case (nil, let r?): return r
        case (nil, nil): return "Geen trekker"
        }
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    static func review(_ review: ReviewState) -> String? {
        switch review {
        case .notRequired: nil
        case .pending: "Wacht op goedkeuring van de gemeente"
        case .approved(let by, let on): "Goedgekeurd door \(by) op \(on.label)"
        case .rejected(let by, let on, let reason): "Afgewezen door \(by) op \(on.label): \(reason)"
        }
    }
}

// MARK: Dashboard

/// The dashboard of a plan (or of one theme, or one member municipality of a collaboration):
/// progress of the work, indicators against baseline and target, goal statuses, what is stale,
/// and what asks the council's attention.
public struct ExecutionDashboardPage {
    public var plan: Plan
    public var progress: PlanProgress
    public var theme: Theme?
    public var municipality: Municipality?
    /// Officers and beheerders see the actualiteit figure and the settings.
    public var showsCurrency: Bool
    public var mayManage: Bool
    public var notice: String?

    public init(plan: Plan, progress: PlanProgress, theme: Theme? = nil, municipality: Municipality? = nil,
                showsCurrency: Bool, mayManage: Bool, notice: String? = nil) {
        self.plan = plan
        self.progress = progress
        self.theme = theme
        self.municipality = municipality
        self.showsCurrency = showsCurrency
        self.mayManage = mayManage
        self.notice = notice
    }

    var themes: [Theme] {
        if let theme { return [theme] }
        if let municipality { return plan.themes + (plan.localChapter(for: municipality.code)?.themes ?? []) }
        return plan.allThemes
    }

    var items: [TrackedItem] {
        let keys = Set(themes.map(\.key))
        return progress.items.filter { keys.contains($0.theme) && (municipality == nil || $0.municipality == nil || $0.municipality == municipality?.code) }
    }

    public func render() -> String {
        var crumbs = PlanNav.crumbs(plan)
        let scopeTitle = theme.map { "Dashboard: \($0.title)" } ?? municipality.map { "Dashboard: \($0.name)" } ?? "Dashboard uitvoering"
        if theme != nil || municipality != nil { crumbs.append(Crumb("Dashboard uitvoering", .execution(plan.key))) }
        let items = self.items
        let keys = Set(themes.map(\.key))
        let goals = progress.goals.filter { keys.contains($0.theme) }
        let attention = goals.filter { $0.status == .offTrack }
        return Layout.page(title: "\(scopeTitle) · \(plan.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Uitvoering · \(plan.title)")),
            .h1(.text(scopeTitle)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.text("Stand op \(progress.today.label). De regels voor de statussen staan onder \u{201C}Hoe Regie de status bepaalt\u{201D} onderaan deze pagina.")),
            navigation,
            .if(showsCurrency, currency),
            .section(.attribute(named: "aria-labelledby", value: "raad"),
                .h2(.id("raad"), .text("Wat vraagt aandacht van de raad")),
                attention.isEmpty
                    ? .p(.text("Geen doel is niet op koers."))
                    : .ul(.forEach(attention) { goal in
                        .li(.strong(.text(plan.goal(goal.goal)?.goal.title ?? goal.goal.rawValue)), .text(" · "), badge(goal.status),
                            goal.explanation.map { Body.p(.text("Toelichting (\($0.date.label)): \($0.note.source)")) }
                                ?? .p(.class("warning"), .text("Uitleg ontbreekt.")),
                            .if(mayManage, .p(.a(.href(SiteURL.goalExplanation(plan: plan.key, goal: goal.goal).path), .text("Uitleg schrijven")))))
                    })
            ),
            .section(.attribute(named: "aria-labelledby", value: "werk"),
                .h2(.id("werk"), .text("Voortgang van het werk")),
                statusTable(items),
                overdueList(items)
            ),
            .section(.attribute(named: "aria-labelledby", value: "doelen"),
                .h2(.id("doelen"), .text("Doelen")),
                goals.isEmpty ? .p(.text("Geen doelen.")) : .table(.class("figures"),
                    .caption(.text("Status per doel")),
                    .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Doel")), .th(.attribute(named: "scope", value: "col"), .text("Status")),
                               .th(.attribute(named: "scope", value: "col"), .text("Waarop gebaseerd")))),
                    .tbody(.forEach(goals) { goal in
                        .tr(.th(.attribute(named: "scope", value: "row"), .text(plan.goal(goal.goal)?.goal.title ?? goal.goal.rawValue)),
                            .td(badge(goal.status)), .td(.text(RunningWording.basis(goal.basis))))
                    }))
            ),
            .section(.attribute(named: "aria-labelledby", value: "indicatoren"),
                .h2(.id("indicatoren"), .text("Indicatoren")),
                .forEach(themes.flatMap { t in t.indicators.map { (t, $0) } }) { theme, indicator in self.indicator(indicator, theme: theme) }
            ),
            .section(.attribute(named: "aria-labelledby", value: "verouderd"),
                .h2(.id("verouderd"), .text("Niet bijgewerkt")),
                staleList(items)
            ),
            .section(.attribute(named: "aria-labelledby", value: "regels"),
                .h2(.id("regels"), .text("Hoe Regie de status bepaalt")),
                .p(.text("Een indicator is op koers als de laatste meting op of voor de rechte lijn van nulmeting naar streefwaarde ligt. Achter op die lijn is het aandacht nodig; ver achter, de verkeerde kant op of na het streefjaar zonder de streefwaarde te halen is het niet op koers. Bij aantallen telt een verschil alleen als het groter is dan toeval. Een doel krijgt de slechtste status van zijn indicatoren; een doel zonder indicator krijgt zijn status van de activiteiten die het dienen. Een activiteit is niet bijgewerkt als er \(plan.execution.settings.staleAfterMonths) maanden geen update is."))
            ),
        ])
    }

    var navigation: Body {
        .nav(.attribute(named: "aria-label", value: "Onderdelen van de uitvoering"),
            .ul(.class("inline-list"),
                .li(.a(.href(SiteURL.execution(plan.key).path), .text("Hele plan"))),
                .forEach(plan.allThemes) { t in .li(.a(.href(SiteURL.executionTheme(plan: plan.key, theme: t.key).path), .text(t.title))) },
                .if(plan.owner.municipalities.count > 1, .forEach(plan.owner.municipalities) { m in
                    .li(.a(.href(SiteURL.executionMunicipality(plan: plan.key, municipality: m.code).path), .text(m.name)))
                }),
                .forEach(plan.execution.programmes) { p in .li(.a(.href(SiteURL.programme(plan: plan.key, programme: p.key).path), .text(p.title))) },
                .if(mayManage, .li(.a(.href(SiteURL.newProgramme(plan.key).path), .text("Nieuw uitvoeringsprogramma")))),
                .li(.a(.href(SiteURL.qualityCheck(plan.key).path), .text("Kwaliteitstoets")))
            ))
    }

    var currency: Body {
        let share = progress.currency
        return .section(.attribute(named: "aria-labelledby", value: "actualiteit"),
            .h2(.id("actualiteit"), .text("Actualiteit")),
            .p(.class("big-figure"), .text(share.map(RunningText.percent) ?? "–")),
            .p(.text(share == nil
                ? "Er is nog niets om bij te houden."
                : "van de lopende activiteiten en de indicatoren is bijgewerkt binnen de termijn (\(plan.execution.settings.staleAfterMonths) maanden voor activiteiten, \(plan.execution.settings.indicatorIntervalMonths) maanden voor metingen).")),
            .if(mayManage, .p(.a(.href(SiteURL.executionSettings(plan.key).path), .text("Instellingen van de uitvoering"))))
        )
    }

    func statusTable(_ items: [TrackedItem]) -> Body {
        .table(.class("figures"),
            .caption(.text("Activiteiten en afspraken per stand van zaken")),
            .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Stand van zaken")), .th(.attribute(named: "scope", value: "col"), .class("num"), .text("Aantal")))),
            .tbody(.forEach(ProgressStatus.allCases) { status in
                .tr(.th(.attribute(named: "scope", value: "row"), .text(status.label)), .td(.class("num"), .text(String(items.filter { $0.status == status }.count))))
            }, .tr(.th(.attribute(named: "scope", value: "row"), .text("Over tijd")), .td(.class("num"), .text(String(items.filter(\.isOverdue).count))))))
    }

    func itemLink(_ item: TrackedItem) -> Body {
        .a(.href(SiteURL.itemProgress(plan: plan.key, subject: item.subject).path), .text(item.description))
    }

    func overdueList(_ items: [TrackedItem]) -> Body {
        let overdue = items.filter(\.isOverdue)
        return .group(.h3(.text("Over tijd")), overdue.isEmpty ? .p(.text("Niets is over tijd.")) : .ul(.forEach(overdue) { item in
            .li(itemLink(item), .text(" · planning \(item.planning?.label ?? "–") · "), badge(item.status), .text(" · \(RunningText.owner(item, in: plan))"))
        }))
    }

    func staleList(_ items: [TrackedItem]) -> Body {
        let stale = items.filter { $0.isOpen && $0.isStale }
        let indicators = themes.flatMap(\.indicators).filter { progress.staleIndicators.contains($0.key) }
        return .group(
            stale.isEmpty ? .p(.text("Alle lopende activiteiten zijn bijgewerkt.")) : .ul(.forEach(stale) { item in
                .li(itemLink(item), .text(" · laatste update: \(item.lastUpdate?.date.label ?? "nog geen") · \(RunningText.owner(item, in: plan))"))
            }),
            .if(!indicators.isEmpty, .group(.h3(.text("Indicatoren zonder recente meting")), .ul(.forEach(indicators) { i in
                .li(.a(.href(SiteURL.measurements(plan: plan.key, indicator: i.key).path), .text(i.name)))
            })))
        )
    }

    func indicator(_ indicator: Indicator, theme: Theme) -> Body {
        let assessment = progress.assessment(of: indicator.key) ?? IndicatorAssessment(indicator: indicator.key, status: .noData, reason: .noMeasurement)
        let measurements = plan.execution.measurements(of: indicator.key)
        let baseline = plan.baseline(of: indicator, in: theme)
        return .div(.class("indicator-status"),
            .h3(.text(indicator.name), .text(" "), badge(assessment.status)),
            .p(.text(RunningWording.reason(assessment))),
            IndicatorFigures.chartAndTable(indicator, baseline: baseline, measurements: measurements, id: "ind-\(indicator.key.rawValue)"),
            .p(.a(.href(SiteURL.measurements(plan: plan.key, indicator: indicator.key).path), .text("Metingen van \u{201C}\(indicator.name)\u{201D}")))
        )
    }
}

/// An indicator's figures as an SVG chart with a text alternative and the numbers as a table.
/// What the pages of running the plan share.
enum RunningLayout {
    /// The plan's crumbs and the dashboard.
    static func crumbs(_ plan: Plan) -> [Crumb] { PlanNav.crumbs(plan) + [Crumb("Dashboard uitvoering", .execution(plan.key))] }

    /// The box above a form that was not saved: its title and every reason.
    static func errors(_ title: String, _ errors: [String]) -> Body {
        .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
            .h2(.text(title)), .ul(.forEach(errors) { .li(.text($0)) })))
    }
}

enum IndicatorFigures {
    static func chartAndTable(_ indicator: Indicator, baseline: IndicatorValue?, measurements: [MeasuredValue], id: String) -> Body {
        var rows: [(String, String, String)] = []
        if let baseline { rows.append(("Nulmeting", baseline.period.label, Format.number(baseline.value))) }
        for m in measurements { rows.append(("Meting", m.period.label, RunningText.figure(m))) }
        if let target = indicator.target { rows.append(("Streefwaarde", target.period.label, Format.number(target.value))) }
        guard !rows.isEmpty else { return .p(.text("Nog geen cijfers.")) }
        let unit = indicator.unit ?? "waarde"
        var points: [(String, Double?, Double?)] = []
        if let baseline { points.append((baseline.period.label, baseline.value.doubleValue, baseline.value.doubleValue)) }
        for m in measurements { points.append((m.period.label, m.value?.doubleValue, nil)) }
        if let target = indicator.target { points.append((target.period.label, nil, target.value.doubleValue)) }
        let description = "Nulmeting, metingen en streefwaarde van \(indicator.name). " + rows.map { "\($0.0) \($0.1): \($0.2)." }.joined(separator: " ")
            + " De cijfers staan ook in de tabel hieronder."
        let chart: Body = points.count >= 2
            ? .div(.class("chart"), .trusted(Chart.lines(id: id, title: "\(indicator.name) (\(unit))", description: description,
                                                         labels: points.map(\.0),
                                                         lines: [Chart.Line(name: "Gemeten", values: points.map(\.1)),
                                                                 Chart.Line(name: "Nulmeting en streefwaarde", values: points.map(\.2))],
                                                         unit: unit)))
            : .empty
        return .group(chart, .table(.class("figures"),
            .caption(.text("\(indicator.name): nulmeting, metingen en streefwaarde")),
            .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Soort")), .th(.attribute(named: "scope", value: "col"), .text("Periode")),
                       .th(.attribute(named: "scope", value: "col"), .class("num"), .text(unit)))),
            .tbody(.forEach(rows) { row in .tr(.th(.attribute(named: "scope", value: "row"), .text(row.0)), .td(.text(row.1)), .td(.class("num"), .text(row.2))) })))
    }
}

extension Decimal {
    var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }
}

// MARK: Progress of one activity or agreement

/// The history of one activity or agreement, and the form for a new update.
public struct ItemProgressPage {
    public var plan: Plan
    public var item: TrackedItem
    public var mayUpdate: Bool
    public var mayReview: Bool
    public var values: [String: String]
    public var errors: [String]
    public var notice: String?

    public init(plan: Plan, item: TrackedItem, mayUpdate: Bool, mayReview: Bool, values: [String: String] = [:],
                errors: [String] = [], notice: String? = nil) {
        self.plan = plan
        self.item = item
        self.mayUpdate = mayUpdate
        self.mayReview = mayReview
        self.values = values
        self.errors = errors
        self.notice = notice
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let all = plan.execution.updates(of: item.subject)
        let statusField = field("status", "Stand van zaken", hint: "Bij vertraagd of vervallen is een toelichting verplicht.",
                                .choice([FormOption("", "Kies")] + ProgressStatus.allCases.map { FormOption($0.rawValue, $0.label) }))
        let noteField = field("toelichting", "Toelichting", hint: "Wat is er gedaan, wat is het resultaat, wat is de volgende stap?", .text(maxLength: PlanLimits.textLength))
        let dateField = field("datum", "Datum", hint: "De dag waarop deze stand geldt, bijvoorbeeld 2024-03-31.", .line(maxLength: 10))
        let hoursField = field("uren", "Uren besteed (niet verplicht)", .line(maxLength: 12))
        let eurosField = field("euro", "Euro besteed (niet verplicht)", .line(maxLength: 16))
        return Layout.page(title: "Voortgang: \(item.description)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Voortgang · \(plan.theme(item.theme)?.title ?? "")")),
            .h1(.text(item.description)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            Layout.facts([("Trekker", RunningText.owner(item, in: plan)), ("Planning", item.planning?.label ?? "Geen planning"),
                          ("Stand van zaken", item.status.label), ("Laatste update", item.lastUpdate?.date.label ?? "Nog geen"),
                          ("Bijgewerkt", item.isStale ? "Nee, langer dan \(plan.execution.settings.staleAfterMonths) maanden geleden" : "Ja"),
                          ("Over tijd", item.isOverdue ? "Ja" : nil)]),
            .if(mayUpdate, .section(.attribute(named: "aria-labelledby", value: "nieuw"),
                .h2(.id("nieuw"), .text("Nieuwe update")),
                RunningLayout.errors("De update is niet opgeslagen", errors),
                H.form(SiteURL.itemProgress(plan: plan.key, subject: item.subject).path, class: "editor", [
                    H.field(dateField, values: [values["datum"] ?? ""], error: nil),
                    H.field(statusField, values: [values["status"] ?? ""], error: nil),
                    H.field(noteField, values: [values["toelichting"] ?? ""], error: nil),
                    H.field(hoursField, values: [values["uren"] ?? ""], error: nil),
                    H.field(eurosField, values: [values["euro"] ?? ""], error: nil),
                    .div(.class("button-row"), H.submit("Update opslaan")),
                ])
            )),
            .section(.attribute(named: "aria-labelledby", value: "geschiedenis"),
                .h2(.id("geschiedenis"), .text("Geschiedenis")),
                all.isEmpty ? .p(.text("Nog geen updates.")) : .ol(.class("history"), .forEach(all.reversed()) { update in
                    .li(.p(.strong(.text(update.date.label)), .text(" · "), update.status.map(badge) ?? .text("Toelichting"),
                           .text(" · \(update.author)" + (update.organisation.flatMap { plan.partner($0)?.name }.map { " (\($0))" } ?? ""))),
                        .if(!update.note.isEmpty, .p(.text(update.note.source))),
                        .if(update.hoursSpent != nil || update.eurosSpent != nil,
                            .p(.text([update.hoursSpent.map { "\(Format.number($0)) uur" }, update.eurosSpent.map(Format.euro)].compactMap { $0 }.joined(separator: " · ")))),
                        .unwrap(RunningText.review(update.review)) { .p(.class("muted"), .text($0)) },
                        .if(mayReview && update.review.isPending, reviewForm(update)))
                })
            ),
        ])
    }

    func reviewForm(_ update: ProgressUpdate) -> Body {
        let reasonField = field("reden", "Reden bij afwijzen", .line(maxLength: 300))
        return H.form(SiteURL.reviewUpdate(plan: plan.key, number: update.number).path, class: "editor", [
            H.field(reasonField, values: [""], error: nil, idPrefix: "update-\(update.number)"),
            .div(.class("button-row"),
                 H.el("button", [("type", "submit"), ("name", "besluit"), ("value", "goedkeuren"), ("class", "primary")], [.text("Goedkeuren")]),
                 H.el("button", [("type", "submit"), ("name", "besluit"), ("value", "afwijzen")], [.text("Afwijzen")])),
        ])
    }
}

// MARK: Measurements

/// What the measurement page says about the counts of an indicator's linked register.
public enum RegisterCountsOffer: Hashable, Sendable {
    /// The plan does not say whose register it is (a plan of several municipalities).
    case noMunicipality
    /// The municipality has no register of that kind in Regie.
    case noRegister(municipality: String)
    /// The register has no records in the last ten complete years.
    case nothingCounted
    /// Every complete year with records is already a measurement.
    case allTakenOver
    /// Complete years to take over, oldest first.
    case new([PublishedRegisterCount])

    public var counts: [PublishedRegisterCount] { if case .new(let counts) = self { counts } else { [] } }
}

public struct MeasurementPage {
    public var plan: Plan
    public var theme: Theme
    public var indicator: Indicator
    public var assessment: IndicatorAssessment
    public var mayRecord: Bool
    public var values: [String: String]
    public var errors: [String]
    public var notice: String?
    /// Figures of the linked open-data series not yet taken over as measurements.
    public var openData: [IndicatorMeasurement]
    /// Counts of the linked register (after suppression) not yet taken over as measurements.
    public var registerCounts: RegisterCountsOffer

    public init(plan: Plan, theme: Theme, indicator: Indicator, assessment: IndicatorAssessment, mayRecord: Bool,
                openData: [IndicatorMeasurement] = [], registerCounts: RegisterCountsOffer = .nothingCounted, values: [String: String] = [:],
                errors: [String] = [], notice: String? = nil) {
        self.openData = openData
        self.registerCounts = registerCounts
        self.plan = plan
        self.theme = theme
        self.indicator = indicator
        self.assessment = assessment
        self.mayRecord = mayRecord
        self.values = values
        self.errors = errors
        self.notice = notice
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let measurements = plan.execution.measurements(of: indicator.key)
        let unit = indicator.unit ?? "waarde"
        return Layout.page(title: "Metingen: \(indicator.name)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Metingen · \(theme.title)")),
            .h1(.text(indicator.name), .text(" "), badge(assessment.status)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.text(RunningWording.reason(assessment))),
            Layout.facts([("Eenheid", indicator.unit), ("Bron", indicator.source), ("Gewenste richting", indicator.desiredDirection?.label)]),
            IndicatorFigures.chartAndTable(indicator, baseline: plan.baseline(of: indicator, in: theme), measurements: measurements, id: "meting"),
            .if(!measurements.isEmpty, .group(.h2(.text("Herkomst van de metingen")), .ul(.forEach(measurements) { m in
                let figure = RunningText.figure(m) + (m.suppressed.map { " (\($0.explanation))" } ?? "")
                let source = m.source.map { " · bron: \($0)" } ?? ""
                let date = m.figureDate.map { " · peildatum \($0.label)" } ?? ""
                return .li(.text("\(m.period.label): \(figure) · " + origin(m) + source + date + " · vastgelegd \(m.recordedOn.label)"))
            }))),
            .if(!openData.isEmpty, .section(.attribute(named: "aria-labelledby", value: "open-data"),
                .h2(.id("open-data"), .text("Nieuwe cijfers uit de open data")),
                .p(.text("De indicator volgt een reeks uit de ingelezen open data. Deze jaren staan er nog niet als meting bij:")),
                .ul(.forEach(openData) { f in .li(.text("\(f.year): \(Format.decimal(f.value, digits: Format.decimals(of: f.value))) (tabel \(f.source)\(f.area.map { ", \($0)" } ?? "")\(f.isExample ? ", voorbeeldcijfers" : ""))")) }),
                .if(mayRecord, H.form(SiteURL.measurements(plan: plan.key, indicator: indicator.key).path + "/open-data", class: "editor", [
                    .div(.class("button-row"), H.submit("Cijfers overnemen als metingen")),
                ]))
            )),
            registerSection,
            .if(mayRecord, .section(.attribute(named: "aria-labelledby", value: "nieuw"),
                .h2(.id("nieuw"), .text("Meting toevoegen")),
                RunningLayout.errors("De meting is niet opgeslagen", errors),
                H.form(SiteURL.measurements(plan: plan.key, indicator: indicator.key).path, class: "editor", [
                    H.field(field("waarde", "Waarde (\(unit))", hint: "Een getal, bijvoorbeeld 42 of 12,5.", .line(maxLength: 20)), values: [values["waarde"] ?? ""], error: nil),
                    H.field(field("periode", "Periode", hint: "Het jaar, de jaren of het kwartaal waarover gemeten is, bijvoorbeeld 2024 of 2024-Q2.", .line(maxLength: 20)),
                            values: [values["periode"] ?? ""], error: nil),
                    H.field(field("bron", "Bron", .line(maxLength: 200)), values: [values["bron"] ?? indicator.source ?? ""], error: nil),
                    H.field(field("peildatum", "Peildatum (niet verplicht)", hint: "De datum van het cijfer, bijvoorbeeld 2025-01-31.", .line(maxLength: 10)),
                            values: [values["peildatum"] ?? ""], error: nil),
                    H.field(field("toelichting", "Toelichting", hint: "Verplicht als de indicator met deze meting niet op koers is: wat zit erachter en wat gebeurt eraan?",
                                  .text(maxLength: PlanLimits.textLength)), values: [values["toelichting"] ?? ""], error: nil),
                    .div(.class("button-row"), H.submit("Meting opslaan")),
                ])
            )),
        ])
    }

    /// Where the indicator's register counts come from, and the new years to take over.
    var registerSection: Body {
        guard let link = indicator.register else { return .group([]) }
        return .section(.attribute(named: "aria-labelledby", value: "register"),
            .h2(.id("register"), .text("Aantallen uit het register")),
            .p(.text("Deze indicator telt \(link.description) uit het \(link.register.name.lowercased()). Alleen totalen per jaar verlaten het register, nooit gegevens over personen. Aantallen van 1 tot 4 staan er als \u{201C}<5\u{201D}; \u{201C}×\u{201D} betekent dat het aantal niet wordt getoond, omdat een klein aantal elders anders terug te rekenen is.")),
            registerOffer(link)
        )
    }

    func registerOffer(_ link: IndicatorRegisterLink) -> Body {
        let register = link.register.name.lowercased()
        switch registerCounts {
        case .noMunicipality:
            return .p(.text("Het plan geldt voor meer gemeenten, maar de koppeling noemt niet welke gemeente telt. Vul in het planbestand bij register de gemeente in (gemeente: met de gemeentecode)."))
        case .noRegister(let municipality):
            return .p(.text("\(municipality) heeft nog geen \(register) in Regie. Zodra de beheerder het register inricht en er meldingen in staan, verschijnen hier de aantallen."))
        case .nothingCounted:
            return .p(.text("Het register heeft nog geen aantallen over een afgelopen jaar. Een jaar telt mee zodra het voorbij is."))
        case .allTakenOver:
            return .p(.text("De aantallen van alle afgelopen jaren staan al bij de metingen. Het lopende jaar volgt zodra het voorbij is."))
        case .new(let counts):
            return .group(
                .p(.text(counts.count == 1 ? "Dit afgelopen jaar staat er nog niet als meting bij:" : "Deze afgelopen jaren staan er nog niet als meting bij:")),
                .ul(.forEach(counts) { .li(.text("\($0.year): \($0.text)")) }),
                .if(mayRecord, H.form(SiteURL.measurements(plan: plan.key, indicator: indicator.key).path + "/register", class: "editor", [
                    .div(.class("button-row"), H.submit("Aantallen overnemen als metingen")),
                ]))
            )
        }
    }

    func origin(_ m: MeasuredValue) -> String {
        switch m.origin {
        case .typed(let by): "ingevoerd door \(by)"
        case .openData(let table): "uit open data (tabel \(table))"
        case .planFile: "uit het planbestand"
        case .register(let kind): "uit het \(kind.name.lowercased()), na onderdrukking van kleine aantallen"
        }
    }
}

/// The explanation of an off-track goal.
public struct GoalExplanationPage {
    public var plan: Plan
    public var goal: Goal
    public var assessment: GoalAssessment?
    public var text: String
    public var errors: [String]

    public init(plan: Plan, goal: Goal, assessment: GoalAssessment?, text: String = "", errors: [String] = []) {
        self.plan = plan
        self.goal = goal
        self.assessment = assessment
        self.text = text
        self.errors = errors
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let history = plan.execution.updates(of: .goal(goal.key))
        return Layout.page(title: "Uitleg bij doel: \(goal.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Het verhaal achter de cijfers")),
            .h1(.text(goal.title), .text(" "), badge(assessment?.status ?? .noData)),
            .unwrap(assessment) { .p(.text(RunningWording.basis($0.basis))) },
            RunningLayout.errors("De uitleg is niet opgeslagen", errors),
            H.form(SiteURL.goalExplanation(plan: plan.key, goal: goal.key).path, class: "editor", [
                H.field(field("toelichting", "Uitleg", hint: "Wat zit erachter, en wat doen gemeente en partners eraan?", .text(maxLength: PlanLimits.textLength)),
                        values: [text], error: nil),
                .div(.class("button-row"), H.submit("Uitleg opslaan")),
            ]),
            .if(!history.isEmpty, .group(.h2(.text("Eerdere uitleg")), .ul(.forEach(history.reversed()) { u in
                .li(.strong(.text(u.date.label)), .text(" · \(u.author): \(u.note.source)"))
            }))),
        ])
    }
}

// MARK: Quality check

public struct QualityCheckPage {
    public var plan: Plan
    public var gaps: [CheckGap]
    public var mayGiveReasons: Bool
    public var notice: String?
    public var errors: [String]

    public init(plan: Plan, gaps: [CheckGap], mayGiveReasons: Bool, notice: String? = nil, errors: [String] = []) {
        self.errors = errors
        self.plan = plan
        self.gaps = gaps
        self.mayGiveReasons = mayGiveReasons
        self.notice = notice
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let blocks = plan.execution.settings.qualityCheckBlocks
        return Layout.page(title: "Kwaliteitstoets · \(plan.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Kwaliteitstoets")),
            .h1(.text("Van cijfers naar doelen en werk")),
            RunningLayout.errors("De reden is niet opgeslagen", errors),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .p(.text("De toets kijkt of elke prioriteit steunt op cijfers of een reden, elk doel een indicator heeft of een reden waarom het kwalitatief is, elke indicator een nulmeting, bron en streefwaarde heeft, elke afspraak en activiteit een trekker en planning, en of de begroting de activiteiten dekt.")),
            .p(.text(blocks
                ? "Voor dit plan houden de punten hieronder de stap naar consultatie, naar de raad en naar vaststelling tegen."
                : "Voor dit plan zijn de punten hieronder een waarschuwing: ze houden geen stap tegen.")),
            gaps.isEmpty ? .p(.strong(.text("De toets vindt geen punten."))) : .group(
                .p(.text("\(gaps.count) \(gaps.count == 1 ? "punt" : "punten"). Elke link opent het veld dat het punt oplost.")),
                .forEach(plan.allThemes.filter { t in gaps.contains { $0.theme == t.key } }) { theme in
                    .section(.h2(.text(theme.title)), .ul(.class("copy-notes"), .forEach(gaps.filter { $0.theme == theme.key }) { gap in
                        .li(link(gap), .text(": \(gap.title)"), .if(mayGiveReasons && gap.reasonSubject != nil, reasonForm(gap)))
                    }))
                }
            ),
            .if(!plan.execution.checkReasons.isEmpty, .group(.h2(.text("Gegeven redenen")), .ul(.forEach(plan.execution.checkReasons) { r in
                .li(.text("\(subject(r.subject)): \(r.text) (\(r.by), \(r.on.label))"))
            }))),
        ])
    }

    func subject(_ subject: CheckSubject) -> String {
        switch subject {
        case .priorityWithoutFigures(let theme): "Prioriteit \u{201C}\(plan.theme(theme)?.title ?? theme.rawValue)\u{201D}"
        case .qualitativeGoal(let goal): "Doel \u{201C}\(plan.goal(goal)?.goal.title ?? goal.rawValue)\u{201D}"
        }
    }

    /// A link to the editor page that closes the gap. The gaps come from this plan, so every
    /// part they name exists (the web test opens each link).
    func link(_ gap: CheckGap) -> Body {
        let text = RunningWording.gap(gap)
        let href: String?
        switch gap.place {
        case .theme(let key):
            href = SiteURL.edit(plan.key, PlanEditor.themePath(key, in: plan)).path
        case .goal(let theme, let goal):
            href = SiteURL.edit(plan.key, PlanEditor.themePath(theme, in: plan) + ["doelen", goal.rawValue]).path
        case .item(let item):
            href = SiteURL.edit(plan.key, item.path(in: plan)).path + (fieldAnchor(gap.kind).map { "#veld-\($0)" } ?? "")
        case .activity(let programme, _):
            href = SiteURL.programme(plan: plan.key, programme: programme).path
        case .budget:
            href = SiteURL.edit(plan.key, ["financien"]).path
        }
        return href.map { .a(.href($0), .text(text)) } ?? .text(text)
    }


    func fieldAnchor(_ kind: CheckGap.Kind) -> String? {
        switch kind {
        case .indicatorWithoutBaseline: "nulmeting"
        case .indicatorWithoutSource: "bron"
        case .indicatorWithoutTarget: "streefwaarde"
        case .agreementWithoutOwner: "trekker"
        case .agreementWithoutPlanning: "planning"
        default: nil
        }
    }

    func reasonForm(_ gap: CheckGap) -> Body {
        guard let subject = gap.reasonSubject else { return .empty }
        let value: String = switch subject {
        case .priorityWithoutFigures(let theme): "prioriteit:\(theme.rawValue)"
        case .qualitativeGoal(let goal): "doel:\(goal.rawValue)"
        }
        return .details(.summary(.text("Reden vastleggen")),
            H.form(SiteURL.qualityCheck(plan.key).path, class: "editor", [
                H.el("input", [("type", "hidden"), ("name", "onderwerp"), ("value", value)], []),
                H.field(field("reden", "Reden", .line(maxLength: 500)), values: [""], error: nil, idPrefix: "reden-\(value.replacingOccurrences(of: ":", with: "-"))"),
                .div(.class("button-row"), H.submit("Reden opslaan")),
            ]))
    }
}

// MARK: My tasks

/// One line of "Mijn taken".
public struct TaskEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case update, overdue, approve, measure, explain }
    public var kind: Kind
    public var plan: Plan
    public var title: String
    public var detail: String
    public var link: SiteURL

    public init(kind: Kind, plan: Plan, title: String, detail: String, link: SiteURL) {
        self.kind = kind
        self.plan = plan
        self.title = title
        self.detail = detail
        self.link = link
    }

    public static func == (a: Self, b: Self) -> Bool { a.kind == b.kind && a.plan.key == b.plan.key && a.title == b.title && a.link == b.link }
    public func hash(into h: inout Hasher) { h.combine(plan.key); h.combine(title) }
}

public struct MyTasksPage {
    public var entries: [TaskEntry]
    public init(entries: [TaskEntry]) { self.entries = entries }

    public func render() -> String {
        let groups: [(TaskEntry.Kind, String, String)] = [
            (.overdue, "Over tijd", "De planning is voorbij en het werk is niet gereed."),
            (.update, "Bijwerken", "Langer dan de termijn van het plan geen update."),
            (.approve, "Wacht op uw goedkeuring", "Updates van partners die pas meetellen als de gemeente ze goedkeurt."),
            (.explain, "Uitleg nodig", "Doelen die niet op koers zijn, zonder uitleg."),
            (.measure, "Meting nodig", "Indicatoren zonder recente meting."),
        ]
        return Layout.page(title: "Mijn taken", crumbs: [Crumb("Start", .home)], [
            .h1(.text("Mijn taken")),
            .p(.text(entries.isEmpty ? "U hebt nu geen taken. Alles wat u of uw organisatie bijhoudt, is bijgewerkt." : "Wat u of uw organisatie nu moet doen, per plan.")),
            .forEach(groups) { kind, title, explanation in
                let list = entries.filter { $0.kind == kind }
                return .if(!list.isEmpty, .section(.h2(.text("\(title) (\(list.count))")), .p(.class("muted"), .text(explanation)),
                    .ul(.forEach(list) { e in .li(.a(.href(e.link.path), .text(e.title)), .text(" · \(e.plan.title) · \(e.detail)")) })))
            },
        ])
    }
}

// MARK: Programmes

public struct ProgrammePage {
    public var plan: Plan
    public var programme: ImplementationProgramme
    public var progress: PlanProgress
    public var mayManage: Bool
    public var errors: [String]
    public var notice: String?

    public init(plan: Plan, programme: ImplementationProgramme, progress: PlanProgress, mayManage: Bool, errors: [String] = [], notice: String? = nil) {
        self.plan = plan
        self.programme = programme
        self.progress = progress
        self.mayManage = mayManage
        self.errors = errors
        self.notice = notice
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let owner = programme.municipality.flatMap { code in plan.owner.municipalities.first { $0.code == code }?.name }
        return Layout.page(title: "\(programme.title) · \(plan.title)", crumbs: crumbs, [
            .p(.class("kicker"), .text("Uitvoeringsprogramma \(programme.period.label)")),
            .h1(.text(programme.title)),
            .unwrap(notice) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            RunningLayout.errors("Niet gelukt", errors),
            Layout.facts([("Status", programme.status.label), ("Periode", programme.period.label),
                          ("Van", owner ?? (plan.owner.municipalities.count > 1 ? "Alle gemeenten samen" : plan.owner.name)),
                          ("Samen met", programme.coProducers.isEmpty ? nil : programme.coProducers.map(\.name).joined(separator: ", ")),
                          ("Vastgesteld", programme.adoption.map { "\($0.body.label), \($0.date.label)" + ($0.decisionNumber.map { ", besluit \($0)" } ?? "") }),
                          ("Vervolg op", programme.follows.flatMap { plan.execution.programme($0)?.title })]),
            .if(!programme.introduction.isEmpty, .p(.text(programme.introduction.source))),
            .forEach(plan.allThemes.filter { t in programme.activities.contains { $0.theme == t.key } }) { theme in
                .section(.h2(.text(theme.title)), .table(.class("figures"),
                    .caption(.text("Activiteiten: \(theme.title)")),
                    .thead(.tr(.forEach(["Activiteit", "Trekker", "Planning", "Budget", "Uren", "Stand"]) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(programme.activities.filter { $0.theme == theme.key }) { a in
                        let subject = ProgressSubject.activity(programme: programme.key, activity: a.key)
                        let item = progress.item(subject)
                        return .tr(
                            .th(.attribute(named: "scope", value: "row"),
                                programme.isFrozen ? .a(.href(SiteURL.itemProgress(plan: plan.key, subject: subject).path), .text(a.description))
                                    : (mayManage ? .a(.href(SiteURL.programme(plan: plan.key, programme: programme.key).path + "/activiteiten/\(a.key.rawValue)"),
                                                      .text(a.description), .span(.class("visually-hidden"), .text(" (bewerken)"))) : .text(a.description)),
                                .if(a.carriedOverFrom != nil, .span(.class("badge"), .text(" overgenomen")))),
                            .td(.text([a.owner?.partner.flatMap { plan.partner($0)?.name }, a.owner?.role].compactMap { $0 }.joined(separator: " · ").nonEmpty ?? "Geen trekker")),
                            .td(.text(a.planning?.label ?? "–")),
                            .td(.class("num"), .text(a.budget.map(Format.euro) ?? "–")),
                            .td(.class("num"), .text(a.hours.map { Format.number($0) } ?? "–")),
                            .td(.text(item?.status.label ?? (programme.isFrozen ? "Niet gestart" : "–"))))
                    })))
            },
            .if(mayManage && !programme.isFrozen, .p(.a(.href(SiteURL.programme(plan: plan.key, programme: programme.key).path + "/activiteiten/nieuw"),
                                                       .text("Activiteit toevoegen")))),
            .if(programme.activities.isEmpty, .p(.text("Dit programma heeft nog geen activiteiten."))),
            .if(mayManage && !programme.isFrozen, adoptForm),
            .if(mayManage && programme.isFrozen, .section(.h2(.text("Vervolgprogramma")),
                .p(.text("Een vervolgprogramma begint als kopie van dit programma. Wat nog niet gereed of vervallen is, gaat mee en is gemarkeerd als overgenomen.")),
                .p(.a(.href(SiteURL.newProgramme(plan.key).path + "?vervolg-op=\(programme.key.rawValue)"), .text("Vervolgprogramma beginnen"))))),
        ])
    }

    var adoptForm: Body {
        .section(.attribute(named: "aria-labelledby", value: "vaststellen"),
            .h2(.id("vaststellen"), .text("Programma vaststellen")),
            .p(.text("Na vaststelling is het programma alleen nog te lezen, net als een vastgesteld plan. De voortgang wordt daarna per activiteit bijgehouden.")),
            H.form(SiteURL.programme(plan: plan.key, programme: programme.key).path + "/vaststellen", class: "editor", [
                H.field(field("orgaan", "Vastgesteld door", .choice(ProgrammeBody.allCases.map { FormOption($0.rawValue, $0.label) })), values: [ProgrammeBody.executive.rawValue], error: nil),
                H.field(field("datum", "Datum van het besluit", hint: "Bijvoorbeeld 2024-01-16.", .line(maxLength: 10)), values: [""], error: nil),
                H.field(field("besluitnummer", "Besluitnummer (niet verplicht)", .line(maxLength: 60)), values: [""], error: nil),
                .div(.class("button-row"), H.submit("Programma vaststellen")),
            ]))
    }
}

public struct NewProgrammePage {
    public var plan: Plan
    public var values: [String: String]
    public var errors: [String]

    public init(plan: Plan, values: [String: String] = [:], errors: [String] = []) {
        self.plan = plan
        self.values = values
        self.errors = errors
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let members = plan.owner.municipalities
        let memberOptions = members.count > 1
            ? [FormOption("", "Gezamenlijk programma van alle gemeenten")] + members.map { FormOption($0.code.rawValue, "Eigen programma van \($0.name)") }
            : []
        return Layout.page(title: "Nieuw uitvoeringsprogramma · \(plan.title)", crumbs: crumbs, [
            .h1(.text("Nieuw uitvoeringsprogramma")),
            .p(.text(values["vervolg-op"].map { _ in "Het nieuwe programma begint als kopie van het vorige: wat nog niet gereed is, gaat mee." }
                ?? "Het programma begint met de afspraken uit het plan voor de gekozen periode, elk met de verwijzing naar zijn afspraak.")),
            RunningLayout.errors("Het programma is niet aangemaakt", errors),
            H.form(SiteURL.newProgramme(plan.key).path, class: "editor", [
                H.el("input", [("type", "hidden"), ("name", "vervolg-op"), ("value", values["vervolg-op"] ?? "")], []),
                H.field(field("titel", "Titel", .line(maxLength: 200)), values: [values["titel"] ?? ""], error: nil),
                H.field(field("periode", "Periode", hint: "Eén of twee jaar binnen \(plan.period.label), bijvoorbeeld \(plan.period.first + 1) of \(plan.period.first + 1)-\(plan.period.first + 2).", .line(maxLength: 9)),
                        values: [values["periode"] ?? ""], error: nil),
                .if(!memberOptions.isEmpty, H.field(field("gemeente", "Voor wie", .choice(memberOptions)), values: [values["gemeente"] ?? ""], error: nil)),
                .if(members.count == 1, H.field(field("samen-met", "Samen met buurgemeenten (niet verplicht)",
                                                      hint: "CBS-codes en namen, één per regel, bijvoorbeeld GM1895 Oldambt. Het plan blijft van \(plan.owner.name).", .lines(maxLength: 2000)),
                                                values: [values["samen-met"] ?? ""], error: nil)),
                .div(.class("button-row"), H.submit("Programma aanmaken")),
            ]),
        ])
    }
}

public struct ExecutionSettingsPage {
    public var plan: Plan
    public var errors: [String]
    public init(plan: Plan, errors: [String] = []) {
        self.plan = plan
        self.errors = errors
    }

    public func render() -> String {
        var crumbs = RunningLayout.crumbs(plan)
        let s = plan.execution.settings
        let yesNo = [FormOption("ja", "Ja"), FormOption("nee", "Nee")]
        return Layout.page(title: "Instellingen van de uitvoering · \(plan.title)", crumbs: crumbs, [
            .h1(.text("Instellingen van de uitvoering")),
            RunningLayout.errors("Niet opgeslagen", errors),
            H.form(SiteURL.executionSettings(plan.key).path, class: "editor", [
                H.field(field("verouderd-na", "Activiteit niet bijgewerkt na (maanden)", hint: "Van 1 tot en met 24; standaard 3.", .line(maxLength: 2)),
                        values: [String(s.staleAfterMonths)], error: nil),
                H.field(field("meten-elke", "Indicator zonder meting na (maanden)", hint: "Van 1 tot en met 24; standaard 12.", .line(maxLength: 2)),
                        values: [String(s.indicatorIntervalMonths)], error: nil),
                H.field(field("goedkeuren", "Updates van partners eerst goedkeuren", .choice(yesNo)), values: [s.partnerUpdatesNeedApproval ? "ja" : "nee"], error: nil),
                H.field(field("blokkeren", "Punten uit de kwaliteitstoets houden een statusstap tegen", .choice(yesNo)), values: [s.qualityCheckBlocks ? "ja" : "nee"], error: nil),
                .div(.class("button-row"), H.submit("Opslaan")),
            ]),
        ])
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
