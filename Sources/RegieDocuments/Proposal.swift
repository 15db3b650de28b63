import Foundation
import RegieCore
import RegieReports

/// The council proposal (raadsvoorstel) for adopting the plan and the draft council decision
/// (ontwerp-raadsbesluit), after CONVENTIONS 3.1; one per member council of a collaboration.
struct Proposal {
    let input: DocumentInput
    let member: Municipality
    var plan: Plan { input.plan }
    var draft: DocumentDraft { input.draft }
    var header: ProposalHeader { draft.header }

    /// The common priorities and those of the member's own chapter.
    var priorities: [Theme] { (plan.themes + (plan.localChapter(for: member.code)?.themes ?? [])).filter { $0.role == .priority } }

    /// The decision points, each readable and amendable on its own.
    var decisionPoints: [String] {
        var points = ["het \(plan.title)\(plan.title.contains(String(plan.period.first)) ? "" : " (\(plan.period.label))") vast te stellen als het integraal veiligheidsbeleid van de gemeente \(member.name);"]
        points += priorities.map { "als prioriteit voor \(plan.period.label) vast te stellen: \($0.title);" }
        points.append("het college te vragen de raad elk jaar met een voortgangsrapportage te informeren over de uitvoering en de resultaten;")
        if let extra = draft.text("besluit") {
            points += extra.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        if var last = points.popLast() {
            if last.hasSuffix(";") { last = String(last.dropLast()) + "." }
            points.append(last)
        }
        return points
    }

    var offer: CouncilOffer? { plan.councilOffers.last { $0.municipality == nil || $0.municipality == member.code } }

    func metadata(_ title: String, category: String) -> DocumentMetadata {
        DocumentMetadata(title: title, subtitle: plan.title, issuer: "Gemeente \(member.name)", date: input.today, status: input.status,
                         category: category, caseNumber: header.caseNumber.nilIfEmpty, portfolioHolder: header.portfolioHolder.nilIfEmpty)
    }

    func facts() -> [(String, String)] {
        var facts: [(String, String)] = [("Onderwerp", "Vaststelling \(plan.title)" + (plan.title.contains(String(plan.period.first)) ? "" : " \(plan.period.label)"))]
        facts.append(("Zaaknummer", header.caseNumber.nilIfEmpty ?? offer?.decisionNumber ?? "nog in te vullen"))
        facts.append(("Datum collegebesluit", (header.executiveDecisionDate ?? offer?.date)?.label ?? "nog in te vullen"))
        facts.append(("Portefeuillehouder", header.portfolioHolder.nilIfEmpty ?? "burgemeester"))
        facts.append(("Raadsvergadering", header.meetingDate?.label ?? "nog in te vullen"))
        if !header.committee.isEmpty { facts.append(("Commissie", header.committee)) }
        facts.append(("Programma in de begroting", header.budgetProgramme.nilIfEmpty ?? "Veiligheid (taakveld 1.2 Openbare orde en veiligheid)"))
        return facts
    }

    func proposal(_ key: DocumentKey) -> CouncilDocument {
        var blocks: [DocumentBlock] = [.facts(facts())]
        blocks.append(.heading(1, "Beslispunten"))
        blocks.append(.paragraph("Het college stelt de raad voor:"))
        blocks.append(.numbered(decisionPoints))

        blocks.append(.heading(1, "Inleiding"))
        blocks += Pieces.officer(draft, "inleiding")
        blocks.append(.paragraph("Artikel 38b van de Politiewet 2012 vraagt de gemeenteraad om ten minste eens in de vier jaar de doelen vast te stellen die de gemeente op het gebied van openbare orde en veiligheid wil bereiken. Met dit voorstel legt het college het \(plan.title) voor \(plan.period.label) aan de raad voor."))
        let otherLaws = plan.legalBases.filter { !$0.law.localizedCaseInsensitiveContains("Politiewet") }
        if !otherLaws.isEmpty {
            blocks.append(.paragraph("Het plan steunt verder op: " + Pieces.list(otherLaws.map(\.citation)) + "."))
        }
        if !plan.introduction.isEmpty { blocks += Pieces.prose(plan.introduction).prefix(2) }

        blocks.append(.heading(1, "Beoogd effect"))
        blocks += Pieces.officer(draft, "effect")
        if !plan.generalGoals.isEmpty { blocks.append(.bullets(plan.generalGoals)) }
        let goals = priorities.flatMap(\.goals)
        if !goals.isEmpty {
            blocks.append(.paragraph("Per prioriteit noemt het plan \(goals.count) doelen, met indicatoren waarop de raad de voortgang kan volgen."))
        }

        blocks.append(.heading(1, "Argumenten"))
        blocks += Pieces.officer(draft, "argumenten")
        blocks.append(.heading(2, "1. De prioriteiten volgen uit de veiligheidsanalyse"))
        if let analysis = input.analysis, analysis.series.contains(where: \.hasFigures) {
            for series in analysis.series.filter(\.hasFigures).prefix(4) {
                blocks.append(.paragraph("\(series.series.title): " + AnalysisWording.sentences(series, area: member.name).prefix(2).joined(separator: " ")))
            }
        } else {
            blocks.append(.paragraph("De analyse in het plan beschrijft de veiligheidssituatie; de politiecijfers zijn in Regie nog niet ingelezen."))
        }
        for theme in priorities where !theme.why.isEmpty {
            blocks.append(.paragraph("\(theme.title): " + (Prose.blocks(of: theme.why.source).first.map(Self.text) ?? "")))
        }
        blocks.append(.heading(2, "2. Partners en inwoners zijn betrokken"))
        let partners = plan.partners.filter { $0.status == nil }.map(\.name)
        if !partners.isEmpty {
            blocks.append(.paragraph("Het plan is opgesteld met " + Pieces.list(partners) + "."))
        }
        let bodies = plan.consultationBodies.map(\.name)
        if !bodies.isEmpty {
            blocks.append(.paragraph("De uitvoering wordt besproken in " + Pieces.list(bodies) + "."))
        }

        blocks.append(.heading(1, "Kanttekeningen en risico's"))
        blocks += Pieces.officer(draft, "risicos")
        let gaps = QualityCheck.gaps(in: plan)
        let noBaseline = gaps.filter { if case .indicatorWithoutBaseline = $0.kind { true } else { false } }.count
        let noTarget = gaps.filter { if case .indicatorWithoutTarget = $0.kind { true } else { false } }.count
        if noBaseline + noTarget > 0 {
            blocks.append(.paragraph("Niet elke indicator is al meetbaar: \(noBaseline) indicatoren hebben nog geen nulmeting en \(noTarget) nog geen streefwaarde. De eerste voortgangsrapportage vult die aan, zodat de raad de doelen kan toetsen."))
        }
        blocks.append(.paragraph("Veiligheid hangt ook af van ontwikkelingen buiten de invloed van de gemeente. Het plan kan daarom tussentijds worden bijgesteld; de raad hoort dat via de jaarlijkse rapportage."))

        blocks.append(.heading(1, "Financiën"))
        blocks += Pieces.officer(draft, "financien")
        let amounts = plan.finances.lines.compactMap(\.amount)
        if amounts.isEmpty {
            blocks.append(.paragraph("Het plan wordt uitgevoerd binnen de bestaande begroting; het noemt geen aanvullende bedragen."))
        } else {
            blocks.append(.paragraph("De begrotingsposten van het plan tellen op tot \(Format.euro(amounts.reduce(0, +))) (zie het hoofdstuk Financiën van het plan)."))
        }

        blocks.append(.heading(1, "Betrokkenheid van de raad"))
        blocks += Pieces.officer(draft, "raad")
        let council = plan.governanceBodies.filter { $0.kind == .council && ($0.municipality == nil || $0.municipality == member.code) }
        if let role = council.first?.role, !role.isEmpty {
            blocks += Pieces.prose(role)
        } else {
            blocks.append(.paragraph("De raad stelt het plan en de prioriteiten vast, volgt de uitvoering via de jaarlijkse voortgangsrapportage en stuurt bij via de begroting en de jaarstukken."))
        }

        blocks.append(.heading(1, "Participatie en communicatie"))
        blocks += Pieces.officer(draft, "participatie")
        blocks.append(.paragraph("Na vaststelling wordt het plan gepubliceerd op de website van de gemeente en gedeeld met de partners."))

        blocks.append(.heading(1, "Uitvoering, monitoring en evaluatie"))
        blocks += Pieces.officer(draft, "monitoring")
        if !plan.monitoring.isEmpty { blocks += Pieces.prose(plan.monitoring) }
        blocks.append(.paragraph("Het college stelt elk jaar een uitvoeringsprogramma vast en informeert de raad jaarlijks met een voortgangsrapportage; aan het eind van de planperiode volgt een evaluatie."))

        blocks.append(.heading(1, "Bijlagen"))
        blocks.append(.bullets([plan.title, "Ontwerp-raadsbesluit"]))
        blocks.append(.paragraph("Burgemeester en wethouders van \(member.name),"))
        blocks.append(.signatures(["de secretaris", "de burgemeester"]))
        return CouncilDocument(key: key, metadata: metadata("Raadsvoorstel vaststelling \(plan.title)", category: "Raadsvoorstel"), blocks: blocks)
    }

    func decision(_ key: DocumentKey) -> CouncilDocument {
        let date = (header.executiveDecisionDate ?? offer?.date)?.label ?? "[datum collegebesluit]"
        let caseNumber = header.caseNumber.nilIfEmpty ?? offer?.decisionNumber
        var blocks: [DocumentBlock] = [
            .paragraph("De raad van de gemeente \(member.name);"),
            .paragraph("gelezen het voorstel van burgemeester en wethouders van \(date)" + (caseNumber.map { " (zaaknummer \($0))" } ?? "") + ";"),
            .paragraph("gelet op artikel 38b van de Politiewet 2012;"),
            .heading(1, "Besluit:"),
            .numbered(decisionPoints),
            .paragraph("Aldus besloten in de openbare vergadering van de raad van \(member.name) op " + (header.meetingDate?.label ?? "[datum raadsvergadering]") + "."),
            .signatures(["de griffier", "de voorzitter"]),
        ]
        return CouncilDocument(key: key, metadata: metadata("Ontwerp-raadsbesluit \(plan.title)", category: "Raadsbesluit"), blocks: blocks)
    }

    static func text(_ block: Prose.Block) -> String {
        switch block {
        case .paragraph(let text): text
        case .bulletList(let items): items.joined(separator: "; ")
        }
    }
}
