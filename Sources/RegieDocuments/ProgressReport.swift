import Foundation
import RegieCore
import RegieReports

/// The yearly progress report (voortgangsrapportage) and its cover letter to the council
/// (raadsinformatiebrief), after CONVENTIONS 3.4.
struct ProgressReport {
    let input: DocumentInput
    let year: Int
    var plan: Plan { input.plan }
    var draft: DocumentDraft { input.draft }

    /// The last day the report looks at: the end of the year, or today during the year.
    var until: CalendarDate { min(input.today, CalendarDate(year: year, month: 12, day: 31)!) }
    var progress: PlanProgress { PlanProgress(plan, today: until) }

    func status(_ item: TrackedItem) -> ProgressStatus {
        item.history.last { $0.date <= until && $0.status != nil }?.status ?? .notStarted
    }

    func latestNote(_ item: TrackedItem) -> String? {
        item.history.last { $0.date <= until && !$0.note.isEmpty }?.note.source
    }

    /// The work of the year: activities of programmes that run in it, and agreements carried
    /// out without a programme.
    func items(_ progress: PlanProgress) -> [TrackedItem] {
        progress.items.filter { item in
            switch item.subject {
            case .activity(let programme, _): plan.execution.programme(programme)?.period.years.contains(year) ?? false
            default: item.planning.map { $0.years.map { $0.contains(year) } ?? true } ?? true
            }
        }
    }

    func metadata(_ title: String, category: String) -> DocumentMetadata {
        DocumentMetadata(title: title, subtitle: plan.title.contains(String(plan.period.first)) ? plan.title : plan.title + " (\(plan.period.label))", issuer: plan.owner.name, date: input.today,
                         status: input.status, category: category, caseNumber: draft.header.caseNumber.nilIfEmpty,
                         portfolioHolder: draft.header.portfolioHolder.nilIfEmpty)
    }

    func document(_ key: DocumentKey) -> CouncilDocument {
        let progress = self.progress
        let items = self.items(progress)
        var blocks: [DocumentBlock] = [.tableOfContents, .pageBreak]

        // Summary and key message.
        blocks.append(.heading(1, "Samenvatting en kernboodschap"))
        blocks += Pieces.officer(draft, "samenvatting")
        let counts = ProgressStatus.allCases.map { s in (s, items.filter { status($0) == s }.count) }.filter { $0.1 > 0 }
        if items.isEmpty {
            blocks.append(.paragraph("Voor \(year) zijn geen activiteiten of afspraken in uitvoering vastgelegd."))
        } else {
            blocks.append(.paragraph("Van de \(items.count) activiteiten en afspraken voor \(year) stonden er op \(until.label): "
                + Pieces.list(counts.map { "\($0.1) \(Self.word($0.0))" }) + "."))
        }
        let goalCounts = TrackStatus.allCases.map { s in (s, progress.goals.filter { $0.status == s }.count) }.filter { $0.1 > 0 }
        if !goalCounts.isEmpty {
            blocks.append(.paragraph("De doelen van het plan: " + Pieces.list(goalCounts.map { "\($0.1) \($0.0.label.lowercased())" }) + "."))
        }
        if !progress.councilAttention.isEmpty {
            blocks.append(.paragraph("Wat aandacht van de raad vraagt:"))
            blocks.append(.bullets(progress.councilAttention.compactMap { a in
                plan.goal(a.goal).map { found in
                    found.goal.title + (a.explanation.map { ": " + $0.note.source } ?? " (nog zonder toelichting)")
                }
            }))
        }

        // The figures.
        blocks.append(.heading(1, "Cijfermatig beeld"))
        blocks += Pieces.officer(draft, "cijfers")
        blocks.append(.paragraph("Per thema de indicatoren van het plan tegenover de nulmeting, het doel en het vorige jaar. Cijfers zonder meting in \(year) staan als –."))
        for theme in plan.allThemes {
            guard let table = Pieces.indicatorTable(theme, plan, progress, year: year) else { continue }
            blocks.append(.heading(2, theme.title))
            blocks.append(table)
        }
        blocks.append(.heading(2, "Politiecijfers uit de veiligheidsanalyse"))
        blocks += Pieces.analysis(input.analysis, level: 3, areaName: plan.owner.name)

        // Per priority.
        blocks.append(.heading(1, "Voortgang per prioriteit"))
        for theme in DocumentBuilder.reportThemes(plan) {
            blocks.append(.heading(2, theme.title))
            blocks += Pieces.officer(draft, "thema-\(theme.key.rawValue)")
            let themeItems = items.filter { $0.theme == theme.key }
            if themeItems.isEmpty {
                blocks.append(.paragraph("Voor dit thema zijn in \(year) geen activiteiten vastgelegd."))
            } else {
                blocks.append(.table(DocumentTable(caption: "Activiteiten \(theme.title) in \(year)",
                                                   header: ["Activiteit", "Trekker", "Planning", "Stand", "Toelichting"],
                                                   rows: themeItems.map { item in
                    [item.description, owner(item), item.planning?.label ?? "–", status(item).label, latestNote(item) ?? "–"]
                })))
            }
            let done = themeItems.filter { status($0) == .done }
            if !done.isEmpty {
                blocks.append(.heading(3, "Resultaten"))
                blocks.append(.bullets(done.map { item in item.description + (latestNote(item).map { ": " + $0 } ?? "") }))
            }
            let stuck = themeItems.filter { status($0).needsExplanation }
            if !stuck.isEmpty {
                blocks.append(.heading(3, "Knelpunten en bijsturing"))
                blocks.append(.bullets(stuck.map { item in
                    "\(item.description) (\(status(item).label.lowercased())): " + (latestNote(item) ?? "nog geen toelichting vastgelegd")
                }))
            }
            let goals = progress.goals.filter { $0.theme == theme.key }
            if !goals.isEmpty {
                blocks.append(.table(DocumentTable(caption: "Doelen \(theme.title)", header: ["Doel", "Beoordeling", "Toelichting"],
                                                   rows: goals.compactMap { a in
                    plan.goal(a.goal).map { [$0.goal.title, a.status.label, a.explanation?.note.source ?? RunningWording.basis(a.basis)] }
                })))
            }
        }

        // Administrative instruments: what the registers counted, only as suppressed totals.
        blocks.append(.heading(1, "Inzet bestuurlijke instrumenten"))
        blocks += Pieces.officer(draft, "instrumenten")
        blocks += Self.registerCounts(plan, year: year)

        // Finances.
        blocks.append(.heading(1, "Financiële verantwoording"))
        blocks += Pieces.officer(draft, "financien")
        let lines = plan.finances.lines.filter { $0.year == year || $0.isEveryYear }
        if lines.isEmpty {
            blocks.append(.paragraph("Het plan noemt voor \(year) geen begrotingsposten."))
        } else {
            blocks.append(.table(DocumentTable(caption: "Begroting \(year)", header: ["Post", "Bedrag", "Dekking"],
                                               rows: lines.map { [$0.description, $0.amount.map(Format.euro) ?? ($0.withoutAmount?.label ?? "–"), $0.cover ?? "–"] },
                                               numericColumns: [1])))
        }
        let spent = plan.execution.updates.filter { $0.date.year == year && !$0.review.isRejected }
        let euros = spent.compactMap(\.eurosSpent).reduce(0, +), hours = spent.compactMap(\.hoursSpent).reduce(0, +)
        if euros > 0 || hours > 0 {
            blocks.append(.paragraph("Bij de voortgang is over \(year) vastgelegd: \(Format.euro(euros)) besteed en \(Format.number(hours)) uur ingezet."))
        }

        // Looking ahead.
        blocks.append(.heading(1, "Vooruitblik"))
        blocks += Pieces.officer(draft, "vooruitblik")
        let next = plan.execution.programmes.filter { $0.period.years.contains(year + 1) }
        if !next.isEmpty {
            blocks.append(.paragraph("Voor \(year + 1) staan in " + Pieces.list(next.map(\.title)) + " \(next.reduce(0) { $0 + $1.activities.count }) activiteiten."))
        }
        let open = items.filter { !status($0).isFinal }
        if !open.isEmpty {
            blocks.append(.paragraph("\(open.count) activiteiten en afspraken lopen door na \(year)."))
        }
        if year + 1 > plan.period.last {
            blocks.append(.paragraph("Het plan loopt in \(year) af: de evaluatie en het volgende plan volgen."))
        }
        return CouncilDocument(key: key, metadata: metadata("Voortgangsrapportage veiligheid \(year)", category: "Voortgangsrapportage"), blocks: blocks)
    }

    /// The status as it reads after a number: "4 lopend, 5 gereed".
    static func word(_ status: ProgressStatus) -> String {
        switch status {
        case .notStarted: "niet gestart"
        case .running: "lopend"
        case .done: "gereed"
        case .delayed: "vertraagd"
        case .dropped: "geschrapt"
        }
    }

    func owner(_ item: TrackedItem) -> String {
        if let key = item.ownerPartner, let partner = plan.partner(key) { return partner.name }
        return item.ownerRole ?? "–"
    }

    /// The raadsinformatiebrief that goes with the report.
    func letter(_ key: DocumentKey, member: Municipality) -> CouncilDocument {
        let progress = self.progress
        let items = self.items(progress)
        let header = draft.header
        var facts: [(String, String)] = [("Onderwerp", "Voortgang integrale veiligheid \(year)"), ("Datum", input.today.label),
                                         ("Portefeuillehouder", header.portfolioHolder.nilIfEmpty ?? "burgemeester")]
        if !header.caseNumber.isEmpty { facts.append(("Zaaknummer", header.caseNumber)) }
        facts.append(("Bijlage", "Voortgangsrapportage veiligheid \(year)"))
        var blocks: [DocumentBlock] = [.facts(facts), .paragraph("Geachte leden van de raad,")]
        let shared = plan.owner.municipalities.count > 1 ? ", dat wij samen met " + Pieces.list(plan.owner.municipalities.filter { $0.code != member.code }.map(\.name)) + " uitvoeren," : ""
        blocks.append(.paragraph("Met deze brief informeren wij u over de uitvoering van \(plan.title)\(shared) in \(year). De voortgangsrapportage in de bijlage geeft per prioriteit de stand van de activiteiten, de cijfers tegenover de doelen en een vooruitblik."))
        blocks += Pieces.officer(draft, "brief")
        let done = items.filter { status($0) == .done }.count, delayed = items.filter { status($0) == .delayed }.count
        blocks.append(.heading(1, "Kern"))
        blocks.append(.bullets([
            "\(items.count) activiteiten en afspraken voor \(year); \(done) gereed en \(delayed) vertraagd.",
            "\(progress.goals.filter { $0.status == .onTrack }.count) van de \(progress.goals.count) doelen op koers.",
        ] + (progress.councilAttention.isEmpty ? [] : [progress.councilAttention.count == 1
            ? "1 doel vraagt uw aandacht; de rapportage licht het toe."
            : "\(progress.councilAttention.count) doelen vragen uw aandacht; de rapportage licht ze toe."])))
        blocks.append(.paragraph("Wij bespreken de rapportage graag met u in de commissie."))
        blocks.append(.paragraph("Met vriendelijke groet,"))
        blocks.append(.paragraph("Het college van burgemeester en wethouders van \(member.name),"))
        blocks.append(.signatures(["de secretaris", "de burgemeester"]))
        var metadata = metadata("Raadsinformatiebrief voortgang veiligheid \(year)", category: "Raadsinformatiebrief")
        metadata.issuer = "Gemeente \(member.name)"
        return CouncilDocument(key: key, metadata: metadata, blocks: blocks)
    }
}

extension ReviewState {
    var isRejected: Bool { if case .rejected = self { true } else { false } }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension ProgressReport {
    /// The indicators fed by a register: this year's and last year's published count. Only
    /// suppressed totals leave a register, so a small number reads "<5" and a withheld one "×".
    static func registerCounts(_ plan: Plan, year: Int) -> [DocumentBlock] {
        let linked = plan.allThemes.flatMap { theme in theme.indicators.compactMap { i in i.register.map { (theme, i, $0) } } }
        guard !linked.isEmpty else {
            return [.paragraph("Geen indicator van het plan telt uit een register van Regie. Zodra een indicator aan een register is gekoppeld, staan de aantallen hier, met kleine aantallen afgeschermd.")]
        }
        func measured(_ indicator: Indicator, _ year: Int) -> MeasuredValue? {
            plan.execution.measurements(of: indicator.key).last { $0.period == .year(year) }
        }
        var blocks: [DocumentBlock] = [.paragraph("Deze aantallen komen uit de registers van de gemeente. Ze verlaten het register alleen als totalen per jaar; aantallen van 1 tot 4 staan er als \u{201C}<5\u{201D}, en waar een klein aantal anders terug te rekenen zou zijn staat \u{201C}×\u{201D}.")]
        blocks.append(.table(DocumentTable(
            caption: "Aantallen uit de registers", header: ["Indicator", "Telt", "Thema", "\(year - 1)", "\(year)"],
            rows: linked.map { theme, indicator, link in
                [indicator.name, link.description, theme.title, measured(indicator, year - 1).map(RunningText.figure) ?? "–",
                 measured(indicator, year).map(RunningText.figure) ?? "–"]
            }, numericColumns: [3, 4])))
        let missing = linked.filter { measured($0.1, year) == nil }
        if !missing.isEmpty {
            blocks.append(.paragraph("Voor \(year) is nog geen registertelling overgenomen bij: " + missing.map(\.1.name).joined(separator: ", ") + "."))
        }
        return blocks
    }
}
