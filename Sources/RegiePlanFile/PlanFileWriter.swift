import Foundation
import RegieCore
import Yams

/// Writes a plan as a plan file that ``PlanFileReader`` reads back into the same plan. Empty
/// optional fields are left out, long texts use YAML's block style, keys follow the documented order.
public enum PlanFileWriter {
    public static func write(_ plan: Plan) -> String {
        let root = PlanEncoding.plan(plan)
        let header = "# Regie-planbestand. Het formaat staat beschreven in docs/plan-format.md.\n"
        do {
            return header + (try Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true))
        } catch {
            // The emitter only fails on invalid node trees, which the encoding never builds.
            preconditionFailure("plan file emitter failed: \(error)")
        }
    }
}

/// An ordered mapping under construction; nil and empty values are skipped.
struct MappingBuilder {
    var pairs: [(Node, Node)] = []

    mutating func set(_ field: PlanField, _ node: Node?) {
        guard let node else { return }
        switch node {
        case .sequence(let s) where s.isEmpty: return
        case .mapping(let m) where m.isEmpty: return
        case .scalar(let s) where s.string.isEmpty: return
        default: break
        }
        pairs.append((Node(Vocabulary.key(field)), node))
    }

    mutating func set(_ field: PlanField, _ text: String?) { set(field, text.map(PlanEncoding.scalar)) }
    mutating func set(_ field: PlanField, _ prose: Prose) { set(field, PlanEncoding.scalar(prose.source)) }
    mutating func set<E: Equatable>(_ field: PlanField, _ value: E?, in table: [(E, String)]) {
        set(field, value.map { Vocabulary.spelling($0, in: table) })
    }
    mutating func set(_ field: PlanField, keys: [Key]) {
        set(field, Node.sequence(.init(keys.map { Node($0.rawValue) }, .implicit, .flow)))
    }
    mutating func set<T>(_ field: PlanField, _ items: [T], _ encode: (T) -> Node) {
        set(field, Node.sequence(.init(items.map(encode))))
    }

    var node: Node { .mapping(.init(pairs)) }
}

enum PlanEncoding {
    /// A text scalar: block style for multi-line text, quotes where YAML would read something else.
    static func scalar(_ text: String) -> Node {
        if text.contains("\n") {
            return Node(text, .implicit, .literal)
        }
        let nullish = ["~", "null", "Null", "NULL"]
        return Node(text, .implicit, nullish.contains(text) ? .doubleQuoted : .any)
    }

    static func plan(_ plan: Plan) -> Node {
        var m = MappingBuilder()
        m.set(.key, plan.key.rawValue)
        m.set(.kind, plan.kind, in: Vocabulary.planKinds)
        m.set(.title, plan.title)
        m.set(.subtitle, plan.subtitle)
        m.set(.owner, owner(plan.owner))
        m.set(.period, plan.period.description)
        m.set(.status, plan.status, in: Vocabulary.planStatuses)
        m.set(.councilOffers, plan.councilOffers, councilOffer)
        m.set(.adoptions, plan.adoptions, adoption)
        m.set(.signatories, plan.signatories, signatory)
        m.set(.foreword, plan.foreword)
        m.set(.introduction, plan.introduction)
        m.set(.missionVision, plan.missionVision)
        m.set(.guidingPrinciples, plan.guidingPrinciples, section)
        m.set(.scope, plan.scope)
        m.set(.trends, plan.trends, section)
        m.set(.generalGoals, plan.generalGoals, scalar)
        m.set(.focusLenses, plan.focusLenses, section)
        m.set(.priorityReferences, plan.priorityReferences, priorityReference)
        m.set(.themes, plan.themes, theme)
        m.set(.localChapters, plan.localChapters, localChapter)
        m.set(.governanceBodies, plan.governanceBodies, governanceBody)
        m.set(.partners, plan.partners, partner)
        m.set(.consultationBodies, plan.consultationBodies, consultationBody)
        m.set(.legalBases, plan.legalBases, legalBasis)
        m.set(.monitoring, plan.monitoring)
        m.set(.finances, finances(plan.finances))
        m.set(.analysis, plan.analysis.flatMap(analysisSettings))
        m.set(.sources, plan.sources, source)
        m.set(.planFigures, plan.figures, figure)
        m.set(.execution, execution(plan.execution))
        return m.node
    }

    // Issue 11, point 4
    static func source(_ source: PlanSource) -> Node {
        var m = MappingBuilder()
        m.set(.key, source.key.rawValue)
        m.set(.title, source.title)
        m.set(.publisher, source.publisher)
        m.set(.year, source.year.map(String.init))
        m.set(.link, source.link)
        return m.node
    }

    static func figure(_ figure: PlanFigure) -> Node {
        var m = MappingBuilder()
        m.set(.key, figure.key.rawValue)
        m.set(.description, figure.label)
        m.set(.value, NSDecimalNumber(decimal: figure.value).stringValue)
        m.set(.unit, figure.unit)
        m.set(.period, figure.period?.description)
        m.set(.area, figure.area)
        m.set(.figureSource, figure.source?.rawValue)
        m.set(.note, figure.note)
        m.set(.link, figure.link)
        return m.node
    }

    static func analysisSettings(_ settings: AnalysisSettings) -> Node? {
        var m = MappingBuilder()
        m.set(.period, settings.period?.description)
        m.set(.comparisonRegions, Node.sequence(.init(settings.comparisonRegions.map { Node($0.rawValue) }, .implicit, .flow)))
        m.set(.introduction, settings.introduction)
        m.set(.planSeries, settings.series) { series in
            var s = MappingBuilder()
            s.set(.key, series.key.rawValue)
            s.set(.title, series.title)
            s.set(.crimeTypes, Node.sequence(.init(series.crimeTypes.map { Node($0, .implicit, .doubleQuoted) }, .implicit, .flow)))
            return s.node
        }
        return m.node
    }

    static func themeAnalysis(_ analysis: ThemeAnalysis) -> Node {
        var m = MappingBuilder()
        if let series = analysis.series {
            m.pairs.append((Node(Vocabulary.key(.figures)), Node.sequence(.init(series.map { Node($0, .implicit, .doubleQuoted) }, .implicit, .flow))))
        }
        m.set(.interpretation, analysis.interpretation)
        return m.node
    }

    static func owner(_ owner: PlanOwner) -> Node {
        var m = MappingBuilder()
        switch owner {
        case .municipality(let municipality):
            m.set(.municipality, self.municipality(municipality))
        case .collaboration(let collaboration):
            var c = MappingBuilder()
            c.set(.key, collaboration.key.rawValue)
            c.set(.name, collaboration.name)
            c.set(.kind, collaboration.kind)
            c.set(.members, collaboration.members, municipality)
            m.set(.collaboration, c.node)
        }
        return m.node
    }

    static func municipality(_ municipality: Municipality) -> Node {
        var m = MappingBuilder()
        m.set(.code, municipality.code.rawValue)
        m.set(.name, municipality.name)
        m.set(.inhabitants, municipality.inhabitants.map(String.init))
        var node = m.node
        node.mapping?.style = .flow
        return node
    }

    static func adoption(_ adoption: Adoption) -> Node {
        var m = MappingBuilder()
        m.set(.date, adoption.date.description)
        m.set(.body, adoption.body)
        m.set(.decisionNumber, adoption.decisionNumber)
        m.set(.municipality, adoption.municipality?.rawValue)
        m.set(.signedOn, adoption.signedOn?.description)
        m.set(.inForceFrom, adoption.inForceFrom?.description)
        m.set(.publication, adoption.publication)
        return m.node
    }

    static func councilOffer(_ offer: CouncilOffer) -> Node {
        var m = MappingBuilder()
        m.set(.date, offer.date.description)
        m.set(.body, offer.body)
        m.set(.decisionNumber, offer.decisionNumber)
        m.set(.municipality, offer.municipality?.rawValue)
        return m.node
    }

    static func governanceBody(_ body: GovernanceBody) -> Node {
        var m = MappingBuilder()
        m.set(.key, body.key.rawValue)
        m.set(.name, body.name)
        m.set(.governanceKind, body.kind, in: Vocabulary.governanceKinds)
        m.set(.governanceRole, body.role)
        m.set(.municipality, body.municipality?.rawValue)
        return m.node
    }

    static func legalBasis(_ basis: LegalBasis) -> Node {
        var m = MappingBuilder()
        m.set(.key, basis.key.rawValue)
        m.set(.law, basis.law)
        m.set(.article, basis.article)
        m.set(.description, basis.description)
        return m.node
    }

    static func signatory(_ signatory: Signatory) -> Node {
        var m = MappingBuilder()
        m.set(.role, signatory.role)
        m.set(.name, signatory.name)
        m.set(.municipality, signatory.municipality?.rawValue)
        return m.node
    }

    static func section(_ section: Section) -> Node {
        var m = MappingBuilder()
        m.set(.title, section.title)
        m.set(.text, section.text)
        return m.node
    }

    static func priorityReference(_ reference: PriorityReference) -> Node {
        var m = MappingBuilder()
        m.set(.key, reference.key.rawValue)
        m.set(.level, reference.level, in: Vocabulary.priorityLevels)
        m.set(.title, reference.title)
        m.set(.source, reference.source)
        return m.node
    }

    static func theme(_ theme: Theme) -> Node {
        var m = MappingBuilder()
        m.set(.key, theme.key.rawValue)
        m.set(.title, theme.title)
        m.set(.aliases, theme.aliases, scalar)
        m.set(.role, theme.role, in: Vocabulary.themeRoles)
        m.set(.direction, theme.direction, in: Vocabulary.directions)
        m.set(.field, theme.field, in: Vocabulary.fields)
        m.set(.answers, keys: theme.answers)
        m.set(.themeLegalBases, keys: theme.legalBases)
        m.set(.summary, theme.summary)
        m.set(.why, theme.why)
        m.set(.problem, theme.problem)
        m.set(.focusPoints, theme.focusPoints)
        m.set(.principles, theme.principles)
        m.set(.approach, theme.approach)
        m.set(.ambitions, theme.ambitions, scalar)
        m.set(.goals, theme.goals, goal)
        m.set(.indicators, theme.indicators, indicator)
        m.set(.actions, theme.actions, action)
        m.set(.tracks, theme.tracks, track)
        m.set(.themeAnalysis, theme.analysis.map(themeAnalysis))
        m.set(.sharedActions, keys: theme.sharedActions)
        m.set(.planFigures, theme.figures, figure)
        return m.node
    }

    static func goal(_ goal: Goal) -> Node {
        var m = MappingBuilder()
        m.set(.key, goal.key.rawValue)
        m.set(.title, goal.title)
        m.set(.aliases, goal.aliases, scalar)
        m.set(.explanation, goal.description)
        m.set(.goalBodies, keys: goal.consultationBodies)
        return m.node
    }

    static func indicator(_ indicator: Indicator) -> Node {
        var m = MappingBuilder()
        m.set(.key, indicator.key.rawValue)
        m.set(.name, indicator.name)
        m.set(.unit, indicator.unit)
        m.set(.source, indicator.source)
        m.set(.desiredDirection, indicator.desiredDirection, in: Vocabulary.indicatorDirections)
        m.set(.baseline, indicator.baseline.map(indicatorValue))
        m.set(.target, indicator.target.map(indicatorValue))
        m.set(.goal, indicator.goal?.rawValue)
        m.set(.indicatorSeries, indicator.series?.series)
        if let link = indicator.series, link.measure != .count { m.set(.seriesMeasure, link.measure, in: Vocabulary.seriesMeasures) }
        m.set(.seriesRegion, indicator.series?.region?.rawValue)
        m.set(.baselineFigure, indicator.baselineFigure?.rawValue)
        if let link = indicator.register {
            var l = MappingBuilder()
            l.set(.kind, link.register, in: Vocabulary.registerKinds)
            l.set(.registerMunicipality, link.municipality?.description)
            l.set(.registerCategory, link.category)
            l.set(.registerDistrict, link.district)
            m.set(.indicatorRegister, l.node)
        }
        return m.node
    }

    static func indicatorValue(_ value: IndicatorValue) -> Node {
        var m = MappingBuilder()
        m.set(.value, NSDecimalNumber(decimal: value.value).stringValue)
        m.set(.period, value.period.description)
        var node = m.node
        node.mapping?.style = .flow
        return node
    }

    static func action(_ action: Action) -> Node {
        var m = MappingBuilder()
        m.set(.key, action.key.rawValue)
        m.set(.description, action.description)
        m.set(.expectedResult, action.expectedResult)
        m.set(.planning, action.planning?.description)
        m.set(.planningDependency, action.planningDependency)
        m.set(.partnerOwner, action.owner?.rawValue)
        m.set(.ownerRole, action.ownerRole)
        m.set(.actionPartners, keys: action.partners)
        m.set(.phases, Node.sequence(.init(action.phases.map { Node(Vocabulary.spelling($0, in: Vocabulary.phases)) }, .implicit, .flow)))
        m.set(.actionStatus, action.status, in: Vocabulary.actionStatuses)
        m.set(.goal, action.goal?.rawValue)
        m.set(.progressNote, action.progressNote)
        if action.isExample { m.set(.isExample, true, in: Vocabulary.yesNo) }
        m.set(.actionParts, action.parts) { part in
            var p = MappingBuilder()
            p.set(.kind, part.kind, in: Vocabulary.actionPartKinds)
            p.set(.text, part.text)
            return p.node
        }
        return m.node
    }

    static func track(_ track: Track) -> Node {
        var m = MappingBuilder()
        m.set(.key, track.key.rawValue)
        m.set(.title, track.title)
        m.set(.explanation, track.description)
        m.set(.actions, track.actions, action)
        return m.node
    }

    static func localChapter(_ chapter: LocalChapter) -> Node {
        var m = MappingBuilder()
        m.set(.municipality, chapter.municipality.rawValue)
        m.set(.introduction, chapter.introduction)
        m.set(.themes, chapter.themes, theme)
        return m.node
    }

    static func partner(_ partner: Partner) -> Node {
        var m = MappingBuilder()
        m.set(.key, partner.key.rawValue)
        m.set(.name, partner.name)
        m.set(.type, partner.type, in: Vocabulary.partnerTypes)
        m.set(.partnerStatus, partner.status, in: Vocabulary.partnerStatuses)
        m.set(.partnerThemes, keys: partner.themes)
        m.set(.partnerRole, partner.role)
        m.set(.contacts, partner.contacts, contact)
        m.set(.organisation, partner.organisation?.rawValue)
        return m.node
    }

    static func contact(_ contact: Contact) -> Node {
        var m = MappingBuilder()
        m.set(.name, contact.name)
        m.set(.function, contact.function)
        m.set(.email, contact.email)
        m.set(.phone, contact.phone)
        return m.node
    }

    static func consultationBody(_ body: ConsultationBody) -> Node {
        var m = MappingBuilder()
        m.set(.key, body.key.rawValue)
        m.set(.name, body.name)
        m.set(.bodyStatus, body.status, in: Vocabulary.bodyStatuses)
        m.set(.chair, body.chair)
        m.set(.participants, body.participants, scalar)
        m.set(.rhythm, body.rhythm)
        m.set(.bodyThemes, keys: body.themes)
        m.set(.purpose, body.purpose)
        return m.node
    }

    static func finances(_ finances: Finances) -> Node {
        var m = MappingBuilder()
        m.set(.financeText, finances.text)
        m.set(.lines, finances.lines, budgetLine)
        return m.node
    }

    static func budgetLine(_ line: BudgetLine) -> Node {
        var m = MappingBuilder()
        m.set(.description, line.description)
        m.set(.amount, line.amount.map { NSDecimalNumber(decimal: $0).stringValue })
        if let withoutAmount = line.withoutAmount { m.set(.withoutAmount, withoutAmount, in: Vocabulary.unquantifiedBudgets) }
        if line.basis != .total { m.set(.basis, line.basis, in: Vocabulary.budgetBases) }
        if line.recurrence != .yearly { m.set(.recurrence, line.recurrence, in: Vocabulary.budgetRecurrences) }
        m.set(.year, line.year.map(String.init))
        m.set(.cover, line.cover)
        m.set(.theme, line.theme?.rawValue)
        m.set(.budgetActions, keys: line.actions)
        return m.node
    }
}
