import Foundation
import RegieCore
import RegieReports

/// What a document is made from: the plan with its running data, the safety analysis of its
/// area (nil when no figures are imported), the officer's draft and the day it is made.
public struct DocumentInput: Sendable {
    public var plan: Plan
    public var analysis: SafetyAnalysis?
    public var draft: DocumentDraft
    public var today: CalendarDate
    /// "Concept", or "Aangeboden aan de raad" for what is sent.
    public var status: String

    public init(plan: Plan, analysis: SafetyAnalysis?, draft: DocumentDraft, today: CalendarDate, status: String = "Concept") {
        self.plan = plan
        self.analysis = analysis
        self.draft = draft
        self.today = today
        self.status = status
    }
}

/// Why a document cannot be made as asked, in Dutch.
public enum DocumentRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    case yearOutsidePlan(year: Int, period: YearRange)
    case unknownProgramme(Key)
    case unknownMunicipality(MunicipalityCode)
    case memberNeeded

    public var description: String {
        switch self {
        case .yearOutsidePlan(let year, let period):
            "Een voortgangsrapportage over \(year) kan niet: het plan loopt van \(period.first) tot en met \(period.last). Kies een jaar binnen die periode."
        case .unknownProgramme: "Dit plan heeft geen uitvoeringsprogramma met deze naam."
        case .unknownMunicipality: "Deze gemeente hoort niet bij het plan."
        case .memberNeeded: "Dit plan is van een samenwerking: elke gemeenteraad krijgt een eigen raadsvoorstel. Kies de gemeente."
        }
    }
}

/// A part of a document where the officer may add their own text, with its label on the form.
public struct EditablePart: Hashable, Sendable {
    public var key: String
    public var label: String
}

/// Makes the council documents from the plan's data. Only what is public goes in: organisations,
/// offices and aggregated figures; never contact persons, authors of progress updates or other
/// names of people.
public enum DocumentBuilder {
    public static func build(_ key: DocumentKey, _ input: DocumentInput) throws(DocumentRequestError) -> CouncilDocument {
        try check(key, input.plan)
        switch key.kind {
        case .progressReport: return ProgressReport(input: input, year: key.year!).document(key)
        case .councilLetter: return ProgressReport(input: input, year: key.year!).letter(key, member: try member(key, input.plan))
        case .councilProposal: return Proposal(input: input, member: try member(key, input.plan)).proposal(key)
        case .councilDecision: return Proposal(input: input, member: try member(key, input.plan)).decision(key)
        case .plan: return PlanDocument(input: input).document(key)
        case .programme:
            let programme = input.plan.execution.programme(key.programme!)!
            return PlanDocument(input: input).programme(programme, key: key)
        }
    }

    /// Throws when `key` names nothing of `plan`.
    public static func check(_ key: DocumentKey, _ plan: Plan) throws(DocumentRequestError) {
        if key.kind.hasYear, let year = key.year, !plan.period.years.contains(year) {
            throw .yearOutsidePlan(year: year, period: plan.period)
        }
        if key.kind == .programme, let programme = key.programme, plan.execution.programme(programme) == nil {
            throw .unknownProgramme(programme)
        }
        if [.councilProposal, .councilDecision, .councilLetter].contains(key.kind) { _ = try member(key, plan) }
    }

    static func member(_ key: DocumentKey, _ plan: Plan) throws(DocumentRequestError) -> Municipality {
        let members = plan.owner.municipalities
        if let code = key.municipality {
            guard let member = members.first(where: { $0.code == code }) else { throw .unknownMunicipality(code) }
            return member
        }
        guard members.count == 1, let only = members.first else { throw .memberNeeded }
        return only
    }

    /// The documents of a plan, in the order the documents page lists them.
    public static func keys(for plan: Plan, today: CalendarDate) -> [DocumentKey] {
        var keys: [DocumentKey] = [DocumentKey(kind: .plan)]
        let members = plan.owner.municipalities
        if members.count == 1 {
            keys += [DocumentKey(kind: .councilProposal), DocumentKey(kind: .councilDecision)]
        } else {
            for member in members {
                keys += [DocumentKey(kind: .councilProposal, municipality: member.code), DocumentKey(kind: .councilDecision, municipality: member.code)]
            }
        }
        keys += plan.execution.programmes.map { DocumentKey(kind: .programme, programme: $0.key) }
        for year in plan.period.years where year <= today.year {
            keys.append(DocumentKey(kind: .progressReport, year: year))
            // The cover letter comes from each member's college to its own council.
            keys += members.count == 1 ? [DocumentKey(kind: .councilLetter, year: year)]
                : members.map { DocumentKey(kind: .councilLetter, year: year, municipality: $0.code) }
        }
        return keys
    }

    /// The title of a document, for lists and links.
    public static func title(_ key: DocumentKey, _ plan: Plan) -> String {
        switch key.kind {
        case .plan: plan.title
        case .programme: plan.execution.programme(key.programme ?? Key("x")!)?.title ?? "Uitvoeringsprogramma"
        case .progressReport: "Voortgangsrapportage veiligheid \(key.year ?? 0)"
        case .councilLetter: "Raadsinformatiebrief voortgang veiligheid \(key.year ?? 0)" + memberSuffix(key, plan)
        case .councilProposal: "Raadsvoorstel vaststelling \(plan.title)" + memberSuffix(key, plan)
        case .councilDecision: "Ontwerp-raadsbesluit \(plan.title)" + memberSuffix(key, plan)
        }
    }

    private static func memberSuffix(_ key: DocumentKey, _ plan: Plan) -> String {
        guard let code = key.municipality, let member = plan.owner.municipalities.first(where: { $0.code == code }) else { return "" }
        return " (\(member.name))"
    }

    /// The parts where the officer may add text, for the edit form.
    public static func editableParts(_ key: DocumentKey, _ plan: Plan) -> [EditablePart] {
        switch key.kind {
        case .progressReport:
            return [EditablePart(key: "samenvatting", label: "Samenvatting en kernboodschap"),
                    EditablePart(key: "cijfers", label: "Cijfermatig beeld")]
                + reportThemes(plan).map { EditablePart(key: "thema-\($0.key.rawValue)", label: "Voortgang: \($0.title)") }
                + [EditablePart(key: "instrumenten", label: "Inzet bestuurlijke instrumenten"),
                   EditablePart(key: "financien", label: "Financiële verantwoording"),
                   EditablePart(key: "vooruitblik", label: "Vooruitblik")]
        case .councilLetter:
            return [EditablePart(key: "brief", label: "Tekst van de brief")]
        case .councilProposal:
            return [EditablePart(key: "inleiding", label: "Inleiding"), EditablePart(key: "effect", label: "Beoogd effect"),
                    EditablePart(key: "argumenten", label: "Argumenten"), EditablePart(key: "risicos", label: "Kanttekeningen en risico's"),
                    EditablePart(key: "financien", label: "Financiën"), EditablePart(key: "raad", label: "Betrokkenheid van de raad"),
                    EditablePart(key: "participatie", label: "Participatie en communicatie"),
                    EditablePart(key: "monitoring", label: "Uitvoering, monitoring en evaluatie")]
        case .councilDecision:
            return [EditablePart(key: "besluit", label: "Aanvullend besluitpunt (één per alinea)")]
        case .plan:
            return [EditablePart(key: "inleiding", label: "Toelichting bij het plan")]
        case .programme:
            return [EditablePart(key: "inleiding", label: "Toelichting bij het programma")]
        }
    }

    /// The themes a progress report reports on per priority: the priorities, or every theme of a
    /// plan without priorities.
    static func reportThemes(_ plan: Plan) -> [Theme] {
        let priorities = plan.allThemes.filter { $0.role == .priority }
        return priorities.isEmpty ? plan.allThemes : priorities
    }
}

// MARK: Shared pieces

enum Pieces {
    static func prose(_ prose: Prose) -> [DocumentBlock] {
        Prose.blocks(of: prose.source).map { block in
            switch block {
            case .paragraph(let text): .paragraph(text)
            case .bulletList(let items): .bullets(items)
            }
        }
    }

    static func officer(_ draft: DocumentDraft, _ part: String) -> [DocumentBlock] {
        draft.text(part).map { [.officerText($0)] } ?? []
    }

    static func value(_ value: IndicatorValue?) -> String {
        guard let value else { return "–" }
        return "\(Format.number(value.value)) (\(value.period.label))"
    }

    static func owner(_ owner: ActivityOwner?, _ plan: Plan) -> String {
        if let key = owner?.partner, let partner = plan.partner(key) { return partner.name }
        return owner?.role ?? "–"
    }

    static func partnerNames(_ keys: [Key], _ plan: Plan) -> String {
        let names = keys.compactMap { plan.partner($0)?.name }
        return names.isEmpty ? "–" : names.joined(separator: ", ")
    }

    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " en " + names.last!
    }

    /// The police figures of the safety analysis: per series the honest sentences, a chart of
    /// the yearly counts or rates and the same figures as a table, with the source.
    static func analysis(_ analysis: SafetyAnalysis?, level: Int, areaName: String) -> [DocumentBlock] {
        guard let analysis, analysis.series.contains(where: \.hasFigures) else {
            return [.paragraph("Voor dit plan zijn (nog) geen politiecijfers ingelezen; dit deel vult zich zodra een beheerder de open data van politie en CBS inleest.")]
        }
        var blocks: [DocumentBlock] = []
        for series in analysis.series where series.hasFigures {
            blocks.append(.heading(level, series.series.title))
            blocks.append(.paragraph(AnalysisWording.sentences(series, area: areaName).joined(separator: " ")))
            let regions = [series.area] + series.comparisons
            let years = series.area.years.map(\.year)
            let useRates = regions.allSatisfy { r in r.years.contains { $0.ratePerThousand != nil } }
            let chartSeries = regions.map { region in
                ChartSeries(name: region.name, values: years.map { year in
                    let figure = region.years.first { $0.year == year }
                    return useRates ? figure?.ratePerThousand : figure?.count
                })
            }
            let measure = useRates ? "per 1.000 inwoners" : "aantal"
            let description = "Lijngrafiek van \(series.series.title.lowercased()) \(measure), \(years.first.map(String.init) ?? "")–\(years.last.map(String.init) ?? ""), voor "
                + list(regions.map(\.name)) + ". " + (AnalysisWording.sentences(series, area: areaName).first ?? "") + " De cijfers staan in de tabel hieronder."
            if years.count > 1 {
                blocks.append(.chart(DocumentChart(title: "\(series.series.title), \(measure)", description: description,
                                                   categories: years.map(String.init), series: chartSeries)))
            }
            let header = ["Jaar"] + regions.map { "\($0.name) (aantal)" } + (useRates ? regions.map { "\($0.name) (per 1.000)" } : [])
            let rows = years.map { year -> [String] in
                let figures = regions.map { r in r.years.first { $0.year == year } }
                return [String(year)] + figures.map { Format.count($0?.count) } + (useRates ? figures.map { Format.rate($0?.ratePerThousand) } : [])
            }
            blocks.append(.table(DocumentTable(caption: "\(series.series.title) per jaar", header: header, rows: rows,
                                               numericColumns: Set(1..<header.count))))
            if let source = series.source { blocks.append(.paragraph("Bron: \(source).")) }
        }
        return blocks
    }

    /// Indicators of `theme` against baseline, target, last year and this year.
    static func indicatorTable(_ theme: Theme, _ plan: Plan, _ progress: PlanProgress, year: Int) -> DocumentBlock? {
        guard !theme.indicators.isEmpty else { return nil }
        func measured(_ indicator: Indicator, _ year: Int) -> MeasuredValue? {
            plan.execution.measurements(of: indicator.key).last { $0.period.years?.upperBound == year }
        }
        let rows = theme.indicators.map { indicator -> [String] in
            let last = measured(indicator, year - 1), now = measured(indicator, year)
            let source = (now ?? last).map { m in
                [m.source ?? indicator.source, m.figureDate.map { "peildatum \($0.label)" }].compactMap { $0 }.joined(separator: ", ")
            } ?? indicator.source ?? "–"
            return [indicator.name + (indicator.unit.map { " (\($0))" } ?? ""), value(indicator.baseline), value(indicator.target),
                    last.map(RunningText.figure) ?? "–", now.map(RunningText.figure) ?? "–",
                    progress.assessment(of: indicator.key)?.status.label ?? TrackStatus.noData.label, source.isEmpty ? "–" : source]
        }
        return .table(DocumentTable(caption: "Indicatoren \(theme.title)",
                                    header: ["Indicator", "Nulmeting", "Doel", "\(year - 1)", "\(year)", "Beoordeling", "Bron en peildatum"],
                                    rows: rows, numericColumns: [3, 4]))
    }
}
