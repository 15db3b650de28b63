import Foundation
import RegieCore
import RegieReports

/// The plan itself and an implementation programme as documents, after CONVENTIONS 3.2 and 3.3.
struct PlanDocument {
    let input: DocumentInput
    var plan: Plan { input.plan }

    func document(_ key: DocumentKey) -> CouncilDocument {
        var blocks: [DocumentBlock] = [.facts([("Periode", plan.period.label), ("Status", plan.status.label), ("Soort", plan.kind.label)]),
                                       .tableOfContents, .pageBreak]
        blocks += Pieces.officer(input.draft, "inleiding")
        func chapter(_ title: String, _ prose: Prose) {
            guard !prose.isEmpty else { return }
            blocks.append(.heading(1, title))
            blocks += Pieces.prose(prose)
        }
        chapter("Voorwoord", plan.foreword)
        chapter("Inleiding", plan.introduction)
        chapter("Missie en visie", plan.missionVision)
        if !plan.generalGoals.isEmpty {
            blocks.append(.heading(1, "Algemene doelen"))
            blocks.append(.bullets(plan.generalGoals))
        }
        if !plan.guidingPrinciples.isEmpty {
            blocks.append(.heading(1, "Uitgangspunten"))
            for section in plan.guidingPrinciples { blocks.append(.heading(2, section.title)); blocks += Pieces.prose(section.text) }
        }
        chapter("Reikwijdte", plan.scope)
        if !plan.trends.isEmpty {
            blocks.append(.heading(1, "Trends en ontwikkelingen"))
            for section in plan.trends { blocks.append(.heading(2, section.title)); blocks += Pieces.prose(section.text) }
        }
        blocks.append(.heading(1, "Veiligheidsanalyse"))
        blocks += Pieces.analysis(input.analysis, level: 2, areaName: plan.owner.name)

        blocks.append(.heading(1, "Samenvatting van de thema's"))
        blocks.append(.table(DocumentTable(caption: "Thema's, doelen, indicatoren en afspraken",
                                           header: ["Thema", "Rol", "Doelen", "Indicatoren", "Afspraken"],
                                           rows: plan.allThemes.map { [$0.title, $0.role.label, "\($0.goals.count)", "\($0.indicators.count)", "\($0.allActions.count)"] },
                                           numericColumns: [2, 3, 4])))
        for theme in plan.themes { blocks += themeChapter(theme) }
        for chapter in plan.localChapters {
            let name = plan.owner.municipalities.first { $0.code == chapter.municipality }?.name ?? chapter.municipality.rawValue
            blocks.append(.heading(1, "Lokale paragraaf \(name)"))
            blocks += Pieces.prose(chapter.introduction)
            for theme in chapter.themes { blocks += themeChapter(theme, level: 2) }
        }

        if !plan.partners.isEmpty {
            blocks.append(.heading(1, "Partners"))
            blocks.append(.table(DocumentTable(caption: "Partners van het plan", header: ["Partner", "Soort", "Rol"],
                                               rows: plan.partners.map { [$0.name, $0.type.label, Self.flat($0.role)] })))
        }
        if !plan.consultationBodies.isEmpty {
            blocks.append(.heading(1, "Overlegstructuur"))
            blocks.append(.table(DocumentTable(caption: "Overleggen", header: ["Overleg", "Frequentie", "Doel"],
                                               rows: plan.consultationBodies.map { [$0.name, $0.rhythm ?? "–", Self.flat($0.purpose)] })))
        }
        chapter("Monitoring, verantwoording en evaluatie", plan.monitoring)
        blocks.append(.heading(1, "Financiën"))
        blocks += Pieces.prose(plan.finances.text)
        if !plan.finances.lines.isEmpty {
            blocks.append(.table(DocumentTable(caption: "Begroting", header: ["Post", "Jaar", "Bedrag", "Dekking"],
                                               rows: plan.finances.lines.map { line in
                [line.description, line.year.map(String.init) ?? (line.isEveryYear ? "elk jaar" : "eenmalig"),
                 line.amount.map(Format.euro) ?? (line.withoutAmount?.label ?? "–"), line.cover ?? "–"]
            }, numericColumns: [2])))
        }
        if !plan.legalBases.isEmpty {
            blocks.append(.heading(1, "Wettelijk kader"))
            blocks.append(.bullets(plan.legalBases.map { $0.citation + ($0.description.isEmpty ? "" : ": " + Self.flat($0.description)) }))
        }
        let metadata = DocumentMetadata(title: plan.title, subtitle: plan.subtitle ?? "\(plan.kind.label) \(plan.period.label)", issuer: plan.owner.name,
                                        date: input.today, status: input.status, category: plan.kind.label)
        return CouncilDocument(key: key, metadata: metadata, blocks: blocks)
    }

    func themeChapter(_ theme: Theme, level: Int = 1) -> [DocumentBlock] {
        var blocks: [DocumentBlock] = [.heading(level, theme.title)]
        blocks.append(.paragraph(theme.role.label + (theme.field.map { " · veiligheidsveld \($0.label.lowercased())" } ?? "")))
        blocks += Pieces.prose(theme.summary)
        let sub = min(level + 1, 3)
        for (title, prose) in [("Waarom dit thema", theme.why), ("Het probleem", theme.problem), ("Aanpak", theme.approach)] where !prose.isEmpty {
            blocks.append(.heading(sub, title))
            blocks += Pieces.prose(prose)
        }
        if !theme.goals.isEmpty {
            blocks.append(.heading(sub, "Doelen"))
            blocks.append(.bullets(theme.goals.map { $0.title + ($0.description.isEmpty ? "" : ": " + Self.flat($0.description)) }))
        }
        if !theme.indicators.isEmpty {
            blocks.append(.table(DocumentTable(caption: "Indicatoren \(theme.title)", header: ["Indicator", "Nulmeting", "Doel", "Bron"],
                                               rows: theme.indicators.map { [$0.name + ($0.unit.map { " (\($0))" } ?? ""), Pieces.value($0.baseline), Pieces.value($0.target), $0.source ?? "–"] })))
        }
        let actions = theme.allActions
        if !actions.isEmpty {
            blocks.append(.table(DocumentTable(caption: "Afspraken \(theme.title)", header: ["Afspraak", "Trekker", "Partners", "Planning"],
                                               rows: actions.map { action in
                [action.description, action.owner.flatMap { plan.partner($0)?.name } ?? action.ownerRole ?? "–",
                 Pieces.partnerNames(action.partners, plan), action.planning?.label ?? "–"]
            })))
        }
        return blocks
    }

    func programme(_ programme: ImplementationProgramme, key: DocumentKey) -> CouncilDocument {
        var facts: [(String, String)] = [("Plan", plan.title), ("Periode", programme.period.label), ("Status", programme.status.label)]
        if let adoption = programme.adoption {
            facts.append(("Vastgesteld door", adoption.body.label))
            facts.append(("Datum", adoption.date.label))
            if let number = adoption.decisionNumber { facts.append(("Besluitnummer", number)) }
        }
        if let code = programme.municipality, let member = plan.owner.municipalities.first(where: { $0.code == code }) {
            facts.append(("Gemeente", member.name))
        }
        if !programme.coProducers.isEmpty { facts.append(("Samen met", Pieces.list(programme.coProducers.map(\.name)))) }
        var blocks: [DocumentBlock] = [.facts(facts)]
        blocks += Pieces.officer(input.draft, "inleiding")
        blocks += Pieces.prose(programme.introduction)
        for theme in plan.allThemes {
            let activities = programme.activities.filter { $0.theme == theme.key }
            guard !activities.isEmpty else { continue }
            blocks.append(.heading(1, theme.title))
            let goals = Set(activities.compactMap(\.goal))
            let goalTitles = theme.goals.filter { goals.contains($0.key) }.map(\.title)
            if !goalTitles.isEmpty { blocks.append(.paragraph("Doelen uit het plan: " + goalTitles.joined(separator: "; ") + ".")) }
            blocks.append(.table(DocumentTable(caption: "Activiteiten \(theme.title)",
                                               header: ["Activiteit", "Trekker", "Partners", "Planning", "Budget", "Uren", "Beoogde output", "Fase"],
                                               rows: activities.map { a in
                [a.description + (a.carriedOverFrom != nil ? " (doorgeschoven)" : ""), Pieces.owner(a.owner, plan), Pieces.partnerNames(a.partners, plan),
                 a.planning?.label ?? "–", a.budget.map(Format.euro) ?? "–", a.hours.map { Format.number($0) } ?? "–",
                 Self.flat(a.expectedOutput).nilIfEmpty ?? "–", a.phases.map(\.label).joined(separator: ", ").nilIfEmpty ?? "–"]
            }, numericColumns: [4, 5])))
        }
        let budget = programme.activities.compactMap(\.budget).reduce(0, +), hours = programme.activities.compactMap(\.hours).reduce(0, +)
        blocks.append(.heading(1, "Totaal"))
        blocks.append(.paragraph("\(programme.activities.count) activiteiten, samen \(Format.euro(budget)) en \(Format.number(hours)) uur."))
        let metadata = DocumentMetadata(title: programme.title, subtitle: plan.title, issuer: plan.owner.name, date: input.today,
                                        status: input.status, category: "Uitvoeringsprogramma")
        return CouncilDocument(key: key, metadata: metadata, blocks: blocks)
    }

    static func flat(_ prose: Prose) -> String {
        Prose.blocks(of: prose.source).map(Proposal.text).joined(separator: " ")
    }
}
