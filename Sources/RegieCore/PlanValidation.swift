import Foundation

/// A named part of the plan model, used to say where a problem is. The plan file and the web
/// forms translate these into the names their users see.
public enum PlanField: String, CaseIterable, Hashable, Sendable {
    // Plan
    case key, kind, title, subtitle, owner, period, status, adoptions, foreword, introduction
    case missionVision, guidingPrinciples, scope, trends, generalGoals, focusLenses
    case priorityReferences, themes, localChapters, partners, consultationBodies, monitoring, finances
    // Owner
    case municipality, collaboration, code, name, inhabitants, members
    // Adoption
    case date, body, decisionNumber
    // Section, priority reference
    case text, level, source
    // Theme
    case role, direction, field, answers, summary, why, problem, focusPoints, principles, approach
    case ambitions, goals, indicators, actions, tracks
    // Goal, indicator, action, track
    case description, explanation, unit, desiredDirection, baseline, target, goal, value
    case expectedResult, planning, partnerOwner, actionPartners, phases, actionStatus, progressNote
    // Partner, contact, consultation body
    case type, partnerRole, contacts, function, email, phone, organisation
    case chair, participants, rhythm, bodyThemes, purpose
    // Finances
    case financeText, lines, amount, basis, year, cover, theme
    // Safety analysis
    case analysis, themeAnalysis, figures, interpretation, comparisonRegions, planSeries, crimeTypes
    case indicatorSeries, seriesMeasure, seriesRegion
    // Issue 17: an indicator fed by a register's suppressed counts
    case indicatorRegister, registerCategory, registerDistrict, registerMunicipality
    // Issue 11: aliases, partners as plans name them, consultation bodies
    case aliases, partnerStatus, partnerThemes, ownerRole, bodyStatus, goalBodies
    // Issue 11, action shapes: shared actions, examples, an action's parts (kind and text)
    case sharedActions, isExample, actionParts
    // Issue 11, point 5: budget lines without an amount, one-off, linked to actions
    case withoutAmount, recurrence, budgetActions
    // Issue 11, point 6: a moment that depends on someone else
    case planningDependency
    // Issue 11, council papers: offers to the council, adoption facts, signatories
    case councilOffers, signatories, signedOn, inForceFrom, publication
    // Issue 11, legal basis: the plan's legal framework and a theme's references into it
    case legalBases, themeLegalBases, law, article
    // Issue 11, governance bodies
    case governanceBodies, governanceKind, governanceRole
    // Issue 11, point 4: figures and sources inside the plan
    case sources, planFigures, publisher, link, area, note, figureSource, baselineFigure
    // Running the plan (docs/adr/0013): settings, programmes, progress, measurements, check reasons
    case execution, executionSettings, staleAfterMonths, indicatorInterval, partnerApproval, checkBlocks
    case programmes, programmeMunicipality, coProducers, programmeAdoption, follows, activities, agreement
    case expectedOutput, budget, hours, indicator, carriedOverFrom
    case progressUpdates, number, activity, hoursSpent, eurosSpent, author, review, reviewedBy, reviewedOn, reviewReason
    case measurements, figureDate, recordedOn, origin, originTable, checkReasons, checkSubject
}

/// One step of a path into a plan: a field, or a position in a list.
public enum PlanPathComponent: Hashable, Sendable {
    case field(PlanField)
    case index(Int)
}

/// Where in a plan something is, from the plan down.
public typealias PlanPath = [PlanPathComponent]

/// A rule of the plan model that a plan breaks. Messages for people are made from these by the
/// layer that shows them (plan file, web form), in Dutch.
public struct PlanProblem: Hashable, Sendable {
    public var path: PlanPath
    public var kind: Kind

    public init(path: PlanPath, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public enum Kind: Hashable, Sendable {
        /// A required text is empty.
        case empty
        /// Two parts of the same sort share a key; `firstPath` is where it was used first.
        case duplicateKey(Key, firstPath: PlanPath)
        /// A collaboration lists the same municipality twice.
        case duplicateMunicipality(MunicipalityCode)
        /// A reference names a partner that the plan does not have.
        case unknownPartner(Key, known: [Key])
        /// A reference names a goal that the theme does not have.
        case unknownGoal(Key, known: [Key])
        /// A reference names a theme that the plan does not have.
        // Issue 11 (page fixes): the known themes, for "bedoelde u" suggestions.
        case unknownTheme(Key, known: [Key] = [])
        /// A theme refers to a regional or national priority that the plan does not list.
        case unknownPriorityReference(Key, known: [Key])
        /// A municipality that is not the owner or a member of the collaboration.
        case notAMember(MunicipalityCode)
        /// A development direction on a theme that is not a development theme.
        case directionWithoutDevelopmentTheme
        /// The status says adopted (or later) but no adoption decision is recorded.
        case adoptionMissing
        /// The status says offered to the council but no offer of the executive is recorded.
        case councilOfferMissing
        /// A theme refers to a legal basis the plan's legal framework does not list; `nearest`
        /// are the known keys it most likely meant, `known` all of them.
        case unknownLegalBasis(Key, nearest: [Key], known: [Key])
        /// A planned period or year lies outside the plan period.
        case outsidePlanPeriod(String, YearRange)
        /// Local chapters exist but the owner is a single municipality.
        case localChapterWithoutCollaboration
        /// Two local chapters for the same municipality.
        case duplicateLocalChapter(MunicipalityCode)
        /// An indicator follows a district or neighbourhood that is not in the plan's municipalities,
        /// or a region that is no district or neighbourhood.
        case regionOutsidePlan(RegionCode)
        /// An indicator counts a register category the register does not count by.
        case unknownRegisterCategory(String, RegisterKind)
        /// An indicator counts the register of a municipality outside the plan, or names none
        /// in a plan of several municipalities.
        case registerMunicipalityOutsidePlan(MunicipalityCode?)
        /// A collaboration needs at least two members.
        case tooFewMembers
        /// A number that must not be negative is.
        case negative
        /// A reference to a series that neither the default catalogue nor the plan defines.
        case unknownSeries(String, known: [Key])
        /// A text longer than ``PlanLimits`` allow (the browser's forms refuse it too).
        case tooLong(maximum: Int, length: Int)
        /// A key that the browser's addresses use for something else (``PlanLimits``).
        case reservedKey(Key)
        /// A character that may not stand in a typed text (``TextRules``): a line break in a
        /// one-line text, a control character or a direction override.
        case forbiddenCharacter(TextRules.Problem)
        // Issue 11: aliases, partners as plans name them, consultation bodies
        /// An other name (alias) that is just the part's own title.
        case aliasSameAsTitle(String)
        /// An other name (alias) listed twice (ignoring capitals).
        case duplicateAlias(String)
        /// A reference names a theme the plan does not have; `known`: the plan's theme keys.
        case unknownThemeKey(Key, known: [Key])
        /// A reference names a consultation body the plan does not have.
        case unknownConsultationBody(Key, known: [Key])
        /// A role within the owner (trekker-rol) on an action without an owner.
        case ownerRoleWithoutOwner
        /// A theme lists an action that the plan does not have; `nearest`: keys it may have meant.
        case unknownAction(Key, nearest: [Key])
        /// A theme lists one of its own actions (or its tracks') as shared.
        case sharedActionInOwnTheme(Key)
        /// A theme lists the same shared action twice.
        case duplicateSharedAction(Key)
        // Issue 11, point 5
        /// A budget line has neither an amount nor a reason why it has none.
        case amountMissing
        /// A budget line has an amount and also says it has none.
        case amountAndWithoutAmount
        /// A reference names an action that the plan does not have; `nearest` are the keys
        /// most likely meant.
        case unknownBudgetAction(Key, nearest: [Key])
        // Issue 11, point 4
        /// A figure names a source that the plan does not list; `nearest` are the keys most likely meant.
        case unknownSource(Key, nearest: [Key])
        /// An indicator's baseline names a figure that neither the plan nor its theme has.
        case unknownFigure(Key, nearest: [Key])
        /// An indicator has its own baseline and also takes it from a figure.
        case baselineAndBaselineFigure
        /// The figure an indicator's baseline comes from has no period.
        case baselineFigureWithoutPeriod(Key)
        /// A link that is no http or https address.
        case invalidLink(String)
    }
}

extension Plan {
    /// Checks every rule of the model that the types alone cannot express (unique keys,
    /// references that must resolve, periods within the plan, adoption decisions) and returns
    /// every problem found, in document order. An empty result means the plan is valid.
    public func problems() -> [PlanProblem] {
        var validator = PlanValidator(plan: self)
        validator.run()
        return validator.problems
    }
}

private struct PlanValidator {
    let plan: Plan
    var problems: [PlanProblem] = []
    private var seen: [String: [Key: PlanPath]] = [:]

    init(plan: Plan) { self.plan = plan }

    private mutating func report(_ path: PlanPath, _ kind: PlanProblem.Kind) {
        problems.append(PlanProblem(path: path, kind: kind))
    }

    private mutating func unique(_ key: Key, sort: String, at path: PlanPath) {
        if !PlanLimits.isAllowedPartKey(key) { report(path + [.field(.key)], .reservedKey(key)) }
        if let first = seen[sort]?[key] {
            report(path + [.field(.key)], .duplicateKey(key, firstPath: first))
        } else {
            seen[sort, default: [:]][key] = path + [.field(.key)]
        }
    }

    private mutating func nonEmpty(_ text: String, at path: PlanPath, maximum: Int = PlanLimits.lineLength) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { report(path, .empty) }
        fits(text, at: path, maximum: maximum)
    }

    /// Reports a text longer than `maximum` characters, or with a character the browser refuses
    /// too (texts up to a line's length are one line).
    private mutating func fits(_ text: String?, at path: PlanPath, maximum: Int = PlanLimits.lineLength) {
        guard let text else { return }
        if let problem = TextRules.problem(in: text, multiline: maximum > PlanLimits.lineLength) {
            report(path, .forbiddenCharacter(problem))
        }
        guard text.count > maximum else { return }
        report(path, .tooLong(maximum: maximum, length: text.count))
    }

    private mutating func fits(_ prose: Prose, at path: PlanPath) {
        fits(prose.source, at: path, maximum: PlanLimits.textLength)
    }

    private var partnerKeys: [Key] { plan.partners.map(\.key) }
    private var memberCodes: Set<MunicipalityCode> { Set(plan.owner.municipalities.map(\.code)) }

    private func within(_ years: ClosedRange<Int>?) -> Bool {
        guard let years else { return true }
        return plan.period.years.contains(years.lowerBound) && plan.period.years.contains(years.upperBound)
    }

    mutating func run() {
        if !PlanLimits.isAllowedPlanKey(plan.key) { report([.field(.key)], .reservedKey(plan.key)) }
        nonEmpty(plan.title, at: [.field(.title)])
        fits(plan.subtitle, at: [.field(.subtitle)])
        for (field, text) in [(PlanField.foreword, plan.foreword), (.introduction, plan.introduction), (.missionVision, plan.missionVision),
                              (.scope, plan.scope), (.monitoring, plan.monitoring)] {
            fits(text, at: [.field(field)])
        }
        fits(plan.finances.text, at: [.field(.finances), .field(.financeText)])
        checkOwner()
        if plan.status.requiresAdoption, plan.adoptions.isEmpty {
            report([.field(.adoptions)], .adoptionMissing)
        }
        for (i, adoption) in plan.adoptions.enumerated() {
            let path: PlanPath = [.field(.adoptions), .index(i)]
            nonEmpty(adoption.body, at: path + [.field(.body)], maximum: PlanLimits.adoptionBodyLength)
            fits(adoption.decisionNumber, at: path + [.field(.decisionNumber)], maximum: PlanLimits.decisionNumberLength)
            if let code = adoption.municipality, !memberCodes.contains(code) {
                report(path + [.field(.municipality)], .notAMember(code))
            }
        }
        checkCouncilPapers()
        for (i, body) in plan.governanceBodies.enumerated() {
            let path: PlanPath = [.field(.governanceBodies), .index(i)]
            unique(body.key, sort: "governance", at: path)
            nonEmpty(body.name, at: path + [.field(.name)])
            fits(body.role, at: path + [.field(.governanceRole)])
            if let code = body.municipality, !memberCodes.contains(code) {
                report(path + [.field(.municipality)], .notAMember(code))
            }
        }
        for (i, basis) in plan.legalBases.enumerated() {
            let path: PlanPath = [.field(.legalBases), .index(i)]
            unique(basis.key, sort: "legalBasis", at: path)
            nonEmpty(basis.law, at: path + [.field(.law)])
            fits(basis.article, at: path + [.field(.article)])
            fits(basis.description, at: path + [.field(.description)])
        }
        for (i, section) in plan.guidingPrinciples.enumerated() {
            nonEmpty(section.title, at: [.field(.guidingPrinciples), .index(i), .field(.title)])
            fits(section.text, at: [.field(.guidingPrinciples), .index(i), .field(.text)])
        }
        for (i, section) in plan.trends.enumerated() {
            nonEmpty(section.title, at: [.field(.trends), .index(i), .field(.title)])
            fits(section.text, at: [.field(.trends), .index(i), .field(.text)])
        }
        for (i, section) in plan.focusLenses.enumerated() {
            nonEmpty(section.title, at: [.field(.focusLenses), .index(i), .field(.title)])
            fits(section.text, at: [.field(.focusLenses), .index(i), .field(.text)])
        }
        for (i, reference) in plan.priorityReferences.enumerated() {
            let path: PlanPath = [.field(.priorityReferences), .index(i)]
            unique(reference.key, sort: "priority", at: path)
            nonEmpty(reference.title, at: path + [.field(.title)])
            fits(reference.source, at: path + [.field(.source)])
        }
        for (i, partner) in plan.partners.enumerated() {
            let path: PlanPath = [.field(.partners), .index(i)]
            unique(partner.key, sort: "partner", at: path)
            nonEmpty(partner.name, at: path + [.field(.name)])
            fits(partner.role, at: path + [.field(.partnerRole)])
            for (j, contact) in partner.contacts.enumerated() {
                let contactPath = path + [.field(.contacts), .index(j)]
                nonEmpty(contact.name, at: contactPath + [.field(.name)])
                fits(contact.function, at: contactPath + [.field(.function)])
                fits(contact.email, at: contactPath + [.field(.email)])
                fits(contact.phone, at: contactPath + [.field(.phone)])
            }
            let allThemeKeys = plan.allThemes.map(\.key)
            for (j, key) in partner.themes.enumerated() where !allThemeKeys.contains(key) {
                report(path + [.field(.partnerThemes), .index(j)], .unknownThemeKey(key, known: allThemeKeys))
            }
        }
        for (i, theme) in plan.themes.enumerated() {
            check(theme, at: [.field(.themes), .index(i)])
        }
        checkLocalChapters()
        let themeKeys = Set(plan.allThemes.map(\.key))
        let knownThemes = plan.allThemes.map(\.key)
        for (i, body) in plan.consultationBodies.enumerated() {
            let path: PlanPath = [.field(.consultationBodies), .index(i)]
            unique(body.key, sort: "body", at: path)
            nonEmpty(body.name, at: path + [.field(.name)])
            fits(body.chair, at: path + [.field(.chair)])
            fits(body.rhythm, at: path + [.field(.rhythm)])
            fits(body.purpose, at: path + [.field(.purpose)])
            for (j, key) in body.themes.enumerated() where !themeKeys.contains(key) {
                report(path + [.field(.bodyThemes), .index(j)], .unknownTheme(key, known: knownThemes))
            }
        }
        checkAnalysis()
        checkSourcesAndFigures()
        for (i, line) in plan.finances.lines.enumerated() {
            let path: PlanPath = [.field(.finances), .field(.lines), .index(i)]
            nonEmpty(line.description, at: path + [.field(.description)])
            fits(line.cover, at: path + [.field(.cover)])
            if let amount = line.amount, amount < 0 { report(path + [.field(.amount)], .negative) }
            switch (line.amount, line.withoutAmount) {
            case (nil, nil): report(path + [.field(.amount)], .amountMissing)
            case (.some, .some): report(path + [.field(.withoutAmount)], .amountAndWithoutAmount)
            default: break
            }
            let actionKeys = plan.actionKeys
            for (j, action) in line.actions.enumerated() where !actionKeys.contains(action) {
                report(path + [.field(.budgetActions), .index(j)], .unknownBudgetAction(action, nearest: Key.nearest(to: action.rawValue, in: actionKeys)))
            }
            if let year = line.year, !plan.period.years.contains(year) {
                report(path + [.field(.year)], .outsidePlanPeriod(String(year), plan.period))
            }
            if let theme = line.theme, !themeKeys.contains(theme) {
                report(path + [.field(.theme)], .unknownTheme(theme, known: knownThemes))
            }
        }
    }

    // Issue 11, point 4
    private mutating func checkSourcesAndFigures() {
        for (i, source) in plan.sources.enumerated() {
            let path: PlanPath = [.field(.sources), .index(i)]
            unique(source.key, sort: "source", at: path)
            nonEmpty(source.title, at: path + [.field(.title)])
            fits(source.publisher, at: path + [.field(.publisher)])
            checkLink(source.link, at: path + [.field(.link)])
        }
        for (i, figure) in plan.figures.enumerated() {
            check(figure, at: [.field(.planFigures), .index(i)])
        }
    }

    private mutating func check(_ figure: PlanFigure, at path: PlanPath) {
        unique(figure.key, sort: "figure", at: path)
        nonEmpty(figure.label, at: path + [.field(.description)])
        fits(figure.unit, at: path + [.field(.unit)])
        fits(figure.area, at: path + [.field(.area)])
        fits(figure.note, at: path + [.field(.note)], maximum: PlanLimits.textLength)
        checkLink(figure.link, at: path + [.field(.link)])
        let sourceKeys = plan.sources.map(\.key)
        if let source = figure.source, !sourceKeys.contains(source) {
            report(path + [.field(.figureSource)], .unknownSource(source, nearest: Key.nearest(to: source.rawValue, in: sourceKeys)))
        }
    }

    private mutating func checkLink(_ link: String?, at path: PlanPath) {
        guard let link else { return }
        fits(link, at: path)
        if !isWebLink(link) { report(path, .invalidLink(link)) }
    }

    private mutating func checkOwner() {
        switch plan.owner {
        case .municipality(let municipality):
            nonEmpty(municipality.name, at: [.field(.owner), .field(.municipality), .field(.name)])
            if let n = municipality.inhabitants, n < 0 {
                report([.field(.owner), .field(.municipality), .field(.inhabitants)], .negative)
            }
        case .collaboration(let collaboration):
            let path: PlanPath = [.field(.owner), .field(.collaboration)]
            nonEmpty(collaboration.name, at: path + [.field(.name)])
            if collaboration.members.count < 2 { report(path + [.field(.members)], .tooFewMembers) }
            var codes: Set<MunicipalityCode> = []
            for (i, member) in collaboration.members.enumerated() {
                let memberPath = path + [.field(.members), .index(i)]
                if !codes.insert(member.code).inserted {
                    report(memberPath + [.field(.code)], .duplicateMunicipality(member.code))
                }
                nonEmpty(member.name, at: memberPath + [.field(.name)])
                if let n = member.inhabitants, n < 0 { report(memberPath + [.field(.inhabitants)], .negative) }
            }
        }
    }

    /// Offers to the council, the adoption facts as published and the signatories.
    private mutating func checkCouncilPapers() {
        if plan.status.requiresCouncilOffer, plan.councilOffers.isEmpty {
            report([.field(.councilOffers)], .councilOfferMissing)
        }
        for (i, offer) in plan.councilOffers.enumerated() {
            let path: PlanPath = [.field(.councilOffers), .index(i)]
            nonEmpty(offer.body, at: path + [.field(.body)], maximum: PlanLimits.adoptionBodyLength)
            fits(offer.decisionNumber, at: path + [.field(.decisionNumber)], maximum: PlanLimits.decisionNumberLength)
            if let code = offer.municipality, !memberCodes.contains(code) {
                report(path + [.field(.municipality)], .notAMember(code))
            }
        }
        for (i, adoption) in plan.adoptions.enumerated() {
            fits(adoption.publication, at: [.field(.adoptions), .index(i), .field(.publication)])
        }
        for (i, signatory) in plan.signatories.enumerated() {
            let path: PlanPath = [.field(.signatories), .index(i)]
            nonEmpty(signatory.role, at: path + [.field(.role)])
            nonEmpty(signatory.name, at: path + [.field(.name)])
            if let code = signatory.municipality, !memberCodes.contains(code) {
                report(path + [.field(.municipality)], .notAMember(code))
            }
        }
    }

    private mutating func checkLocalChapters() {
        guard !plan.localChapters.isEmpty else { return }
        guard case .collaboration = plan.owner else {
            report([.field(.localChapters)], .localChapterWithoutCollaboration)
            return
        }
        var codes: Set<MunicipalityCode> = []
        for (i, chapter) in plan.localChapters.enumerated() {
            let path: PlanPath = [.field(.localChapters), .index(i)]
            if !memberCodes.contains(chapter.municipality) {
                report(path + [.field(.municipality)], .notAMember(chapter.municipality))
            } else if !codes.insert(chapter.municipality).inserted {
                report(path + [.field(.municipality)], .duplicateLocalChapter(chapter.municipality))
            }
            fits(chapter.introduction, at: path + [.field(.introduction)])
            for (j, theme) in chapter.themes.enumerated() {
                check(theme, at: path + [.field(.themes), .index(j)])
            }
        }
    }

    private mutating func checkAnalysis() {
        guard let analysis = plan.analysis else { return }
        let path: PlanPath = [.field(.analysis)]
        fits(analysis.introduction, at: path + [.field(.introduction)])
        for (i, series) in analysis.series.enumerated() {
            let seriesPath = path + [.field(.planSeries), .index(i)]
            unique(series.key, sort: "series", at: seriesPath)
            nonEmpty(series.title, at: seriesPath + [.field(.title)])
            if series.crimeTypes.isEmpty { report(seriesPath + [.field(.crimeTypes)], .empty) }
        }
    }

    private mutating func checkSeries(_ reference: String, at path: PlanPath) {
        let catalogue = SeriesCatalogue.catalogue(for: plan)
        // `table/measure` names a figure of an imported table (a survey outcome, an own series);
        // whether it exists depends on what is imported, not on the plan.
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) { return }
        if SeriesCatalogue.resolve(reference, in: catalogue) == nil {
            report(path, .unknownSeries(reference, known: catalogue.map(\.key)))
        }
    }

    private mutating func check(_ theme: Theme, at path: PlanPath) {
        unique(theme.key, sort: "theme", at: path)
        nonEmpty(theme.title, at: path + [.field(.title)])
        checkAliases(theme.aliases, title: theme.title, at: path + [.field(.aliases)])
        for (field, text) in [(PlanField.summary, theme.summary), (.why, theme.why), (.problem, theme.problem),
                              (.focusPoints, theme.focusPoints), (.principles, theme.principles), (.approach, theme.approach)] {
            fits(text, at: path + [.field(field)])
        }
        if let interpretation = theme.analysis?.interpretation {
            fits(interpretation, at: path + [.field(.themeAnalysis), .field(.interpretation)])
        }
        if theme.direction != nil, theme.role != .developmentTheme {
            report(path + [.field(.direction)], .directionWithoutDevelopmentTheme)
        }
        let legalKeys = plan.legalBases.map(\.key)
        for (i, key) in theme.legalBases.enumerated() where !legalKeys.contains(key) {
            report(path + [.field(.themeLegalBases), .index(i)],
                   .unknownLegalBasis(key, nearest: Key.nearest(to: key.rawValue, in: legalKeys), known: legalKeys))
        }
        let referenceKeys = plan.priorityReferences.map(\.key)
        for (i, key) in theme.answers.enumerated() where !referenceKeys.contains(key) {
            report(path + [.field(.answers), .index(i)], .unknownPriorityReference(key, known: referenceKeys))
        }
        let goalKeys = theme.goals.map(\.key)
        for (i, goal) in theme.goals.enumerated() {
            unique(goal.key, sort: "goal", at: path + [.field(.goals), .index(i)])
            nonEmpty(goal.title, at: path + [.field(.goals), .index(i), .field(.title)])
            fits(goal.description, at: path + [.field(.goals), .index(i), .field(.explanation)])
            checkAliases(goal.aliases, title: goal.title, at: path + [.field(.goals), .index(i), .field(.aliases)])
            let bodyKeys = plan.consultationBodies.map(\.key)
            for (j, key) in goal.consultationBodies.enumerated() where !bodyKeys.contains(key) {
                report(path + [.field(.goals), .index(i), .field(.goalBodies), .index(j)], .unknownConsultationBody(key, known: bodyKeys))
            }
        }
        for (i, reference) in (theme.analysis?.series ?? []).enumerated() {
            checkSeries(reference, at: path + [.field(.themeAnalysis), .field(.figures), .index(i)])
        }
        for (i, figure) in theme.figures.enumerated() {
            check(figure, at: path + [.field(.planFigures), .index(i)])
        }
        for (i, indicator) in theme.indicators.enumerated() {
            let indicatorPath = path + [.field(.indicators), .index(i)]
            if let key = indicator.baselineFigure {
                let figures = plan.figures(for: theme)
                if let figure = figures.first(where: { $0.key == key }) {
                    if figure.period == nil { report(indicatorPath + [.field(.baselineFigure)], .baselineFigureWithoutPeriod(key)) }
                } else {
                    report(indicatorPath + [.field(.baselineFigure)], .unknownFigure(key, nearest: Key.nearest(to: key.rawValue, in: figures.map(\.key))))
                }
                if indicator.baseline != nil { report(indicatorPath + [.field(.baseline)], .baselineAndBaselineFigure) }
            }
            unique(indicator.key, sort: "indicator", at: indicatorPath)
            nonEmpty(indicator.name, at: indicatorPath + [.field(.name)])
            fits(indicator.unit, at: indicatorPath + [.field(.unit)])
            fits(indicator.source, at: indicatorPath + [.field(.source)])
            if let link = indicator.series {
                checkSeries(link.series, at: indicatorPath + [.field(.indicatorSeries)])
                if let region = link.region, ![.district, .neighbourhood].contains(region.level)
                    || !plan.owner.municipalities.contains(where: { $0.code == region.municipality }) {
                    report(indicatorPath + [.field(.seriesRegion)], .regionOutsidePlan(region))
                }
            }
            if let link = indicator.register {
                if let category = link.category, link.categoryName == nil {
                    report(indicatorPath + [.field(.indicatorRegister), .field(.registerCategory)], .unknownRegisterCategory(category, link.register))
                }
                let owners = plan.owner.municipalities.map(\.code)
                if link.municipality.map({ !owners.contains($0) }) ?? (owners.count != 1) {
                    report(indicatorPath + [.field(.indicatorRegister), .field(.registerMunicipality)], .registerMunicipalityOutsidePlan(link.municipality))
                }
            }
            if let goal = indicator.goal, !goalKeys.contains(goal) {
                report(indicatorPath + [.field(.goal)], .unknownGoal(goal, known: goalKeys))
            }
        }
        for (i, action) in theme.actions.enumerated() {
            check(action, at: path + [.field(.actions), .index(i)], goals: goalKeys)
        }
        checkSharedActions(of: theme, at: path)
        for (i, track) in theme.tracks.enumerated() {
            let trackPath = path + [.field(.tracks), .index(i)]
            unique(track.key, sort: "track", at: trackPath)
            nonEmpty(track.title, at: trackPath + [.field(.title)])
            fits(track.description, at: trackPath + [.field(.explanation)])
            for (j, action) in track.actions.enumerated() {
                check(action, at: trackPath + [.field(.actions), .index(j)], goals: goalKeys)
            }
        }
    }

    private mutating func check(_ action: Action, at path: PlanPath, goals: [Key]) {
        unique(action.key, sort: "action", at: path)
        nonEmpty(action.description, at: path + [.field(.description)], maximum: PlanLimits.descriptionLength)
        fits(action.expectedResult, at: path + [.field(.expectedResult)])
        fits(action.progressNote, at: path + [.field(.progressNote)])
        fits(action.planningDependency, at: path + [.field(.planningDependency)])
        if let planning = action.planning, !within(planning.years) {
            report(path + [.field(.planning)], .outsidePlanPeriod(planning.description, plan.period))
        }
        if let owner = action.owner, plan.partner(owner) == nil {
            report(path + [.field(.partnerOwner)], .unknownPartner(owner, known: partnerKeys))
        }
        for (i, partner) in action.partners.enumerated() where plan.partner(partner) == nil {
            report(path + [.field(.actionPartners), .index(i)], .unknownPartner(partner, known: partnerKeys))
        }
        if let goal = action.goal, !goals.contains(goal) {
            report(path + [.field(.goal)], .unknownGoal(goal, known: goals))
        }
        if let role = action.ownerRole {
            nonEmpty(role, at: path + [.field(.ownerRole)])
            if action.owner == nil { report(path + [.field(.ownerRole)], .ownerRoleWithoutOwner) }
        }
        for (i, part) in action.parts.enumerated() {
            nonEmpty(part.text, at: path + [.field(.actionParts), .index(i), .field(.text)], maximum: PlanLimits.descriptionLength)
        }
    }

    /// Other names of a theme or goal: each a one-line text, not the title itself, none twice.
    private mutating func checkAliases(_ aliases: [String], title: String, at path: PlanPath) {
        var seenNames: Set<String> = []
        let fold = { (text: String) in
            text.trimmingCharacters(in: .whitespacesAndNewlines).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        }
        for (i, alias) in aliases.enumerated() {
            nonEmpty(alias, at: path + [.index(i)])
            let folded = fold(alias)
            guard !folded.isEmpty else { continue }
            if folded == fold(title) {
                report(path + [.index(i)], .aliasSameAsTitle(alias))
            } else if !seenNames.insert(folded).inserted {
                report(path + [.index(i)], .duplicateAlias(alias))
            }
        }
    }

    /// A shared action must exist in another theme, once per theme.
    private mutating func checkSharedActions(of theme: Theme, at path: PlanPath) {
        let actionKeys = plan.allThemes.flatMap { $0.allActions.map(\.key) }
        var listed: Set<Key> = []
        for (i, key) in theme.sharedActions.enumerated() {
            let itemPath = path + [.field(.sharedActions), .index(i)]
            if theme.holds(key) {
                report(itemPath, .sharedActionInOwnTheme(key))
            } else if !actionKeys.contains(key) {
                let others = actionKeys.filter { !theme.holds($0) }
                report(itemPath, .unknownAction(key, nearest: Key.nearest(to: key.rawValue, in: others)))
            } else if !listed.insert(key).inserted {
                report(itemPath, .duplicateSharedAction(key))
            }
        }
    }
}
