import Foundation
import RegieHTML
import RegieCore

extension CopyDates {
    /// The value in the new-plan form and in the report's address.
    public var formValue: String {
        switch self {
        case .shift: "verschuiven"
        case .keep: "behouden"
        }
    }

    public init?(formValue: String) {
        guard let dates = CopyDates.allCases.first(where: { $0.formValue == formValue }) else { return nil }
        self = dates
    }

    /// The choice on the new-plan form.
    public var optionLabel: String {
        switch self {
        case .shift: "Verschuiven naar de nieuwe planperiode (aanbevolen)"
        case .keep: "Laten staan zoals ze zijn, en daarna zelf nakijken"
        }
    }

    /// The choice as the audit trail records it.
    public func auditLabel(shift: Int) -> String {
        switch self {
        case .shift: "verschoven met \(CopyReportPage.years(shift))"
        case .keep: "gelaten zoals ze waren, ter controle gemarkeerd"
        }
    }
}

extension PlanItem {
    /// The path below `bewerken` of the editor page that holds this item, or nil when the plan
    /// has no such item (any more). Built from the editor's own map of the plan
    /// (``PlanEditor/part(at:)``), so a link only points to a page that exists.
    public func editorSegments(in plan: Plan) -> [String]? {
        let segments = path(in: plan)
        return PlanEditor(plan: plan, organisations: []).part(at: segments) == nil ? nil : segments
    }

    /// The editor path of this item, without checking that the plan holds it: for callers that
    /// found the item in the plan themselves (the quality check).
    func path(in plan: Plan) -> [String] {
        switch self {
        case .action(let theme, let track, let action):
            PlanEditor.themePath(theme, in: plan) + (track.map { ["sporen", $0.rawValue] } ?? []) + ["acties", action.rawValue]
        case .indicator(let theme, let indicator):
            PlanEditor.themePath(theme, in: plan) + ["indicatoren", indicator.rawValue]
        case .budgetLine(let index): ["begroting", String(index + 1)]
        case .consultationBody(let key): ["overleggen", key.rawValue]
        case .plan: []
        case .partner(let key): ["partners", key.rawValue]
        }
    }
}

/// The page after copying a plan for a new period: what the copy changed, what it had to leave
/// out, and what in the new plan still needs a look, each with a link to exactly that part of
/// the editor.
public struct CopyReportPage {
    public var plan: Plan
    public var report: CopyReport
    /// What needs attention in the plan as it is now (``CopyReport/attention(in:)``).
    public var attention: [CopyNote]

    public init(plan: Plan, report: CopyReport, attention: [CopyNote]) {
        self.plan = plan
        self.report = report
        self.attention = attention
    }

    /// "4 jaar" (Dutch counts years in the singular).
    static func years(_ n: Int) -> String { "\(abs(n)) jaar" }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    public func render() -> String {
        let shift = report.shift
        let later = shift >= 0 ? "later" : "eerder"
        var done: [String] = []
        switch report.dates {
        case .shift where shift != 0:
            if report.planningsShifted > 0 {
                done.append("De planning van \(Self.count(report.planningsShifted, "actie", "acties")) is \(Self.years(shift)) \(later) gezet.")
            }
            if report.targetsShifted > 0 {
                done.append("Het jaar van \(Self.count(report.targetsShifted, "streefwaarde", "streefwaarden")) is \(Self.years(shift)) \(later) gezet.")
            }
            if report.budgetYearsShifted > 0 {
                done.append("Het jaar van \(Self.count(report.budgetYearsShifted, "begrotingspost", "begrotingsposten")) is \(Self.years(shift)) \(later) gezet.")
            }
            if report.shifted.isEmpty { done.append("Er waren geen jaartallen om te verschuiven.") }
            done.append("Nulmetingen zijn niet verschoven: die zijn gemeten wanneer ze gemeten zijn.")
        case .shift:
            done.append("De nieuwe planperiode begint in hetzelfde jaar als de oude; er is niets verschoven.")
        case .keep:
            done.append("U koos ervoor planningen, streefwaarden en begrotingsjaren te laten staan. Wat nu buiten de planperiode valt, staat hieronder bij \u{201C}Kijk hier nog naar\u{201D}.")
        }
        if report.reflowedTexts > 0 {
            done.append("In \(Self.count(report.reflowedTexts, "tekst", "teksten")) zijn regeleinden midden in een alinea weggehaald, zodat de tekst netjes doorloopt.")
        }
        done.append("De stand van zaken en de voortgang van alle acties beginnen opnieuw. Vaststellingsbesluiten zijn niet meegekopieerd.")
        return Layout.page(title: "Na het kopiëren: \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            .p(.class("kicker"), .text("Nieuw plan · kopie van \(report.sourceTitle)")),
            .h1(.text("Na het kopiëren")),
            .p(.text("U hebt \u{201C}\(plan.title)\u{201D} gemaakt als kopie van \u{201C}\(report.sourceTitle)\u{201D} (\(report.sourcePeriod.label)). De nieuwe planperiode is \(report.period.label).")),
            .section(.attribute(named: "aria-labelledby", value: "aangepast"),
                .h2(.id("aangepast"), .text("Wat Regie heeft aangepast")),
                .ul(.forEach(done) { .li(.text($0)) }),
                .if(!report.shifted.isEmpty, .details(
                    .summary(.text("Alle verschoven jaartallen (\(report.shifted.count))")),
                    .ul(.class("copy-notes"), .forEach(report.shifted) { note($0) })
                ))
            ),
            .if(!report.dropped.isEmpty, .section(.attribute(named: "aria-labelledby", value: "weggelaten"),
                .h2(.id("weggelaten"), .text("Wat niet mee kon")),
                .p(.text("Deze verwijzingen wezen naar iets dat niet in het nieuwe plan staat. Regie heeft ze weggehaald.")),
                .ul(.class("copy-notes"), .forEach(report.dropped) { note($0) })
            )),
            .section(.attribute(named: "aria-labelledby", value: "nakijken"),
                .h2(.id("nakijken"), .text("Kijk hier nog naar")),
                attention.isEmpty
                    ? .p(.text("Er is niets meer dat aandacht vraagt: alle planningen en streefwaarden vallen binnen \(plan.period.label) en geen nulmeting is ouder dan \(plan.period.first - CopyReport.maximumBaselineAge)."))
                    : .group(
                        .p(.text("\(Self.count(attention.count, "onderdeel vraagt", "onderdelen vragen")) nog aandacht. Elke link opent dat onderdeel in de editor.")),
                        .ul(.class("copy-notes"), .forEach(attention) { note($0) })
                    )
            ),
            .div(.class("button-row"),
                 .a(.class("button"), .href(SiteURL.edit(plan.key, []).path), .text("Verder met bewerken")),
                 .a(.href(SiteURL.plan(plan.key).path), .text("Het plan bekijken"))),
        ])
    }

    private func note(_ note: CopyNote) -> Body {
        let (what, text, field) = describe(note)
        guard let segments = note.item.editorSegments(in: plan) else { return .li(.text("\(what): \(text)")) }
        let href = SiteURL.edit(plan.key, segments).path + (field.map { "#veld-\($0)" } ?? "")
        return .li(.a(.href(href), .text(what)), .text(": \(text)"))
    }

    /// What the note is about, what it says, and the form field it concerns.
    private func describe(_ note: CopyNote) -> (String, String, String?) {
        let period = plan.period.label
        let title = "\u{201C}\(note.title)\u{201D}"
        switch note.kind {
        case .planningShifted(let from, let to):
            return ("Actie \(title)", "planning van \(from.label) naar \(to.label)", "planning")
        case .targetShifted(let from, let to):
            return ("Indicator \(title)", "streefwaarde voor \(from.label) nu voor \(to.label)", "streefwaarde")
        case .budgetYearShifted(let from, let to):
            return ("Begrotingspost \(title)", "jaar \(from) nu \(to)", "jaar")
        case .localChapterDropped(let code):
            let name = plan.owner.municipalities.first { $0.code == code }?.name ?? code.rawValue
            return ("Lokaal hoofdstuk \(name)", "niet meegekopieerd, omdat deze gemeente geen deel is van \(plan.owner.name)", nil)
        case .budgetThemeDropped(let theme):
            return ("Begrotingspost \(title)", "hoorde bij het thema \u{201C}\(theme.rawValue)\u{201D}, dat niet in het nieuwe plan staat; kies zo nodig een ander thema", "thema")
        case .budgetActionDropped(let action):
            return ("Begrotingspost \(title)", "betaalde de actie \u{201C}\(action.rawValue)\u{201D}, die niet in het nieuwe plan staat", "acties")
        case .bodyThemeDropped(let theme):
            return ("Overleg \(title)", "besprak het thema \u{201C}\(theme.rawValue)\u{201D}, dat niet in het nieuwe plan staat", "themas")
        case .planningOutsidePeriod(let planning):
            return ("Actie \(title)", "de planning \(planning.label) valt \(plan.period.overlaps(planning) ? "deels " : "")buiten de planperiode \(period)", "planning")
        case .targetOutsidePeriod(let target):
            return ("Indicator \(title)", "de streefwaarde is voor \(target.label), buiten de planperiode \(period)", "streefwaarde")
        case .budgetYearOutsidePeriod(let year):
            return ("Begrotingspost \(title)", "het jaar \(year) valt buiten de planperiode \(period)", "jaar")
        case .partnerThemeDropped(let theme):
            return ("Partner \(title)", "werkte aan het thema \u{201C}\(theme.rawValue)\u{201D}, dat niet in het nieuwe plan staat", "themas")
        case .baselineOld(let baseline):
            return ("Indicator \(title)", "de nulmeting is van \(baseline.label); vul zo mogelijk een recentere in", "nulmeting")
        }
    }
}
