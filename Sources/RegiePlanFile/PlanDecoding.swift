import Foundation
import RegieCore
import Yams

/// Parsers for single values, each with a Dutch message that says what would be right.
enum Parse {
    static func key(_ text: String) -> Result<Key, ParseProblem> {
        if let key = Key(text) { return .success(key) }
        let suggestion = Key.slug(text)
        var message = "\"\(text)\" is geen geldige sleutel (alleen kleine letters a-z, cijfers en -)"
        if Key.isValid(suggestion) { message += ", bijvoorbeeld \"\(suggestion)\"" }
        return .failure(ParseProblem(message: message))
    }

    static func period(_ text: String) -> Result<PlannedPeriod, ParseProblem> {
        switch PlannedPeriod.parse(text) {
        case .success(let period): return .success(period)
        case .failure(.endBeforeStart):
            return .failure(ParseProblem(message: "\"\(text)\": het einde van de periode ligt voor het begin"))
        case .failure(.unrecognised):
            // Issue 11, point 6: a text that tries a new form gets a message about that form.
            if text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix(PlannedPeriod.openStartWord) {
                return .failure(ParseProblem(message: "\"\(text)\" is geen geldig begin (gebruik bijv. vanaf 2020-01, vanaf januari 2020, vanaf 2021 of vanaf 2021-Q3)"))
            }
            if case .success(.recurring) = PlannedPeriod.parse(text.filter { !$0.isNumber && $0 != "-" }) {
                return .failure(ParseProblem(message: "\"\(text)\": schrijf terugkerend werk zonder jaartal (jaarlijks, per kwartaal, maandelijks of regelmatig), of een begin als vanaf 2021"))
            }
            return .failure(ParseProblem(message: "\"\(text)\" is geen geldige periode (gebruik bijv. 2020, 2020-2021 of 2021-Q3, of doorlopend)"))
        }
    }

    /// The period of a measurement (baseline, target): recurring work and an open start are no moment.
    static func measuredPeriod(_ text: String) -> Result<PlannedPeriod, ParseProblem> {
        switch period(text) {
        case .success(let period) where !period.isMeasurable:
            return .failure(ParseProblem(message: "\"\(text)\" is geen moment van meten; een nulmeting of streefwaarde hoort bij een jaar, jaren of een kwartaal, bijv. 2023 of 2025-Q4"))
        case let result: return result
        }
    }

    static func yearRange(_ text: String) -> Result<YearRange, ParseProblem> {
        switch period(text) {
        case .success(.year(let y)): return .success(YearRange(first: y, last: y)!)
        case .success(.years(let range)): return .success(range)
        case .failure(let problem) where text.contains("-") && problem.message.contains("einde"):
            return .failure(problem)
        default:
            return .failure(ParseProblem(message: "\"\(text)\" is geen geldige planperiode (gebruik eerste en laatste jaar, bijv. 2020-2024)"))
        }
    }

    static func municipalityCode(_ text: String) -> Result<MunicipalityCode, ParseProblem> {
        if let code = MunicipalityCode(text) { return .success(code) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen geldige CBS-gemeentecode (GM gevolgd door vier cijfers, bijv. GM0037)"))
    }

    static func date(_ text: String) -> Result<CalendarDate, ParseProblem> {
        if let date = CalendarDate(iso: text) { return .success(date) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen geldige datum (gebruik jaar-maand-dag, bijv. 2020-01-28)"))
    }

    static func regionCode(_ text: String) -> Result<RegionCode, ParseProblem> {
        if let code = RegionCode(text) { return .success(code) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen regiocode (bijv. RE09 voor een politie-eenheid, PV30 voor een provincie of GM0037)"))
    }

    static func crimeType(_ text: String) -> Result<String, ParseProblem> {
        if CrimeSeries.isCrimeTypeCode(text) { return .success(text) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen misdrijfsoort (gebruik de code van de politie, bijv. 1.1.1)"))
    }

    static func integer(_ text: String) -> Result<Int, ParseProblem> {
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let value = Int(digits) { return .success(value) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen geheel getal"))
    }

    /// Accepts `1234.5` and, as Dutch writers often type, `1234,5`.
    static func decimal(_ text: String) -> Result<Decimal, ParseProblem> {
        var normalised = text.replacingOccurrences(of: "_", with: "")
        if !normalised.contains("."), normalised.filter({ $0 == "," }).count == 1 {
            normalised = normalised.replacingOccurrences(of: ",", with: ".")
        }
        let allowed = CharacterSet(charactersIn: "-0123456789.")
        if !normalised.isEmpty, normalised.unicodeScalars.allSatisfy(allowed.contains),
           normalised.filter({ $0 == "." }).count <= 1,
           let value = Decimal(string: normalised, locale: Locale(identifier: "en_US_POSIX")) {
            return .success(value)
        }
        return .failure(ParseProblem(message: "\"\(text)\" is geen getal (bijv. 1250 of 12.5)"))
    }

    /// The year of a source's edition (issue 11, point 4).
    static func sourceYear(_ text: String) -> Result<Int, ParseProblem> {
        if let year = Int(text), YearRange.plausible.contains(year) { return .success(year) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen jaartal (bijv. 2023)"))
    }

    static func choice<E>(_ table: [(E, String)]) -> (String) -> Result<E, ParseProblem> {
        { text in
            let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                .replacingOccurrences(of: " ", with: "-")
            if let match = table.first(where: { $0.1 == folded }) { return .success(match.0) }
            return .failure(ParseProblem(message: "\"\(text)\" is geen geldige waarde; kies uit: " + table.map(\.1).joined(separator: ", ")))
        }
    }
}

/// Reads each object of the plan model from the file.
enum PlanDecoding {
    static func plan(_ r: MappingReader) -> Plan? {
        let key = r.parsed(.key, required: true, Parse.key)
        let kind = r.parsed(.kind, required: true, Parse.choice(Vocabulary.planKinds))
        let title = r.string(.title, required: true)
        let subtitle = r.string(.subtitle)
        let owner = r.object(.owner, required: true, owner)
        let period = r.parsed(.period, required: true, Parse.yearRange)
        let status = r.parsed(.status, required: true, Parse.choice(Vocabulary.planStatuses))
        let adoptions = r.objects(.adoptions, adoption)
        let foreword = r.prose(.foreword)
        let introduction = r.prose(.introduction)
        let missionVision = r.prose(.missionVision)
        let guidingPrinciples = r.objects(.guidingPrinciples, section)
        let scope = r.prose(.scope)
        let trends = r.objects(.trends, section)
        let generalGoals = r.list(.generalGoals) { node, path in text(node, path, r.log) }
        let focusLenses = r.objects(.focusLenses, section)
        let references = r.objects(.priorityReferences, priorityReference)
        let themes = r.objects(.themes, theme)
        let localChapters = r.objects(.localChapters, localChapter)
        let partners = r.objects(.partners, partner)
        let bodies = r.objects(.consultationBodies, consultationBody)
        let monitoring = r.prose(.monitoring)
        let finances = r.object(.finances, finances) ?? Finances()
        let analysis = r.object(.analysis, analysisSettings)
        let offers = r.objects(.councilOffers, councilOffer)
        let signatories = r.objects(.signatories, signatory)
        let legalBases = r.objects(.legalBases, legalBasis)
        let governance = r.objects(.governanceBodies, governanceBody)
        let sources = r.objects(.sources, source)
        let figures = r.objects(.planFigures, figure)
        let execution = r.object(.execution, self.execution) ?? PlanExecution()
        guard let key, let kind, let title, let owner, let period, let status else { return nil }
        let plan = Plan(key: key, kind: kind, title: title, subtitle: subtitle, owner: owner, period: period,
                    status: status, adoptions: adoptions, foreword: foreword, introduction: introduction,
                    missionVision: missionVision, guidingPrinciples: guidingPrinciples, scope: scope,
                    trends: trends, generalGoals: generalGoals, focusLenses: focusLenses,
                    priorityReferences: references, themes: themes, localChapters: localChapters,
                    partners: partners, consultationBodies: bodies, monitoring: monitoring, finances: finances,
                    analysis: analysis, councilOffers: offers, signatories: signatories, legalBases: legalBases,
                    governanceBodies: governance, sources: sources, figures: figures, execution: execution)
        checkReferences(plan, log: r.log)
        return plan
    }

    // Issue 11, point 4
    static func source(_ r: MappingReader) -> PlanSource? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let publisher = r.string(.publisher)
        let year = r.parsed(.year, Parse.sourceYear)
        let link = r.string(.link)
        guard let key, let title else { return nil }
        return PlanSource(key: key, title: title, publisher: publisher, year: year, link: link)
    }

    static func figure(_ r: MappingReader) -> PlanFigure? {
        let key = r.parsed(.key, required: true, Parse.key)
        let label = r.string(.description, required: true)
        let value = r.parsed(.value, required: true, Parse.decimal)
        let unit = r.string(.unit)
        let period = r.parsed(.period, Parse.measuredPeriod)
        let area = r.string(.area)
        let source = r.parsed(.figureSource, Parse.key)
        let note = r.string(.note)
        let link = r.string(.link)
        guard let key, let label, let value else { return nil }
        return PlanFigure(key: key, label: label, value: value, unit: unit, period: period, area: area,
                          source: source, note: note, link: link)
    }

    static func analysisSettings(_ r: MappingReader) -> AnalysisSettings? {
        let period = r.parsed(.period, Parse.yearRange)
        let regions = r.values(.comparisonRegions, Parse.regionCode)
        let series = r.objects(.planSeries, crimeSeries)
        let introduction = r.prose(.introduction)
        let settings = AnalysisSettings(period: period, comparisonRegions: regions, series: series, introduction: introduction)
        return settings == AnalysisSettings() ? nil : settings
    }

    static func crimeSeries(_ r: MappingReader) -> CrimeSeries? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let types = r.values(.crimeTypes, Parse.crimeType)
        guard let key, let title else { return nil }
        return CrimeSeries(key: key, title: title, crimeTypes: types)
    }

    static func themeAnalysis(_ r: MappingReader) -> ThemeAnalysis? {
        let figures = r.node(.figures) == nil ? nil : r.values(.figures) { text in Result<String, ParseProblem>.success(text) }
        let interpretation = r.prose(.interpretation)
        let analysis = ThemeAnalysis(series: figures, interpretation: interpretation)
        return analysis == ThemeAnalysis() ? nil : analysis
    }

    static func text(_ node: Node, _ path: PlanPath, _ log: ProblemLog) -> String? {
        MappingReader.parse(node, at: path, log: log) { text in
            text.isEmpty ? .failure(ParseProblem(message: "mag niet leeg zijn")) : .success(text)
        }
    }

    static func owner(_ r: MappingReader) -> PlanOwner? {
        let municipality = r.object(.municipality, municipality)
        let collaboration = r.object(.collaboration, collaboration)
        switch (municipality, collaboration) {
        case (let m?, nil): return .municipality(m)
        case (nil, let c?): return .collaboration(c)
        case (nil, nil):
            if r.log.problems.last?.path.hasPrefix(Vocabulary.render(r.path)) != true {
                r.log.report(r.path, r.mark, "geef óf \"gemeente\" óf \"samenwerkingsverband\"")
            }
            return nil
        case (_?, _?):
            r.log.report(r.path, r.mark, "geef óf \"gemeente\" óf \"samenwerkingsverband\", niet allebei")
            return nil
        }
    }

    static func municipality(_ r: MappingReader) -> Municipality? {
        let code = r.parsed(.code, required: true, Parse.municipalityCode)
        let name = r.string(.name, required: true)
        let inhabitants = r.parsed(.inhabitants, Parse.integer)
        guard let code, let name else { return nil }
        return Municipality(code: code, name: name, inhabitants: inhabitants)
    }

    static func collaboration(_ r: MappingReader) -> Collaboration? {
        let key = r.parsed(.key, required: true, Parse.key)
        let name = r.string(.name, required: true)
        let kind = r.string(.kind)
        let members = r.objects(.members, required: true, municipality)
        guard let key, let name else { return nil }
        return Collaboration(key: key, name: name, kind: kind, members: members)
    }

    static func adoption(_ r: MappingReader) -> Adoption? {
        let date = r.parsed(.date, required: true, Parse.date)
        let body = r.string(.body, required: true)
        let number = r.string(.decisionNumber)
        let municipality = r.parsed(.municipality, Parse.municipalityCode)
        let signedOn = r.parsed(.signedOn, Parse.date)
        let inForceFrom = r.parsed(.inForceFrom, Parse.date)
        let publication = r.string(.publication)
        guard let date, let body else { return nil }
        return Adoption(date: date, body: body, decisionNumber: number, municipality: municipality,
                        signedOn: signedOn, inForceFrom: inForceFrom, publication: publication)
    }

    static func councilOffer(_ r: MappingReader) -> CouncilOffer? {
        let date = r.parsed(.date, required: true, Parse.date)
        let body = r.string(.body) ?? CouncilOffer.defaultBody
        let number = r.string(.decisionNumber)
        let municipality = r.parsed(.municipality, Parse.municipalityCode)
        guard let date else { return nil }
        return CouncilOffer(date: date, body: body, decisionNumber: number, municipality: municipality)
    }

    static func governanceBody(_ r: MappingReader) -> GovernanceBody? {
        let key = r.parsed(.key, required: true, Parse.key)
        let name = r.string(.name, required: true)
        let kind = r.parsed(.governanceKind, required: true, Parse.choice(Vocabulary.governanceKinds))
        let role = r.prose(.governanceRole)
        let municipality = r.parsed(.municipality, Parse.municipalityCode)
        guard let key, let name, let kind else { return nil }
        return GovernanceBody(key: key, name: name, kind: kind, role: role, municipality: municipality)
    }

    static func legalBasis(_ r: MappingReader) -> LegalBasis? {
        let key = r.parsed(.key, required: true, Parse.key)
        let law = r.string(.law, required: true)
        let article = r.string(.article)
        let description = r.prose(.description)
        guard let key, let law else { return nil }
        return LegalBasis(key: key, law: law, article: article, description: description)
    }

    static func signatory(_ r: MappingReader) -> Signatory? {
        let role = r.string(.role, required: true)
        let name = r.string(.name, required: true)
        let municipality = r.parsed(.municipality, Parse.municipalityCode)
        guard let role, let name else { return nil }
        return Signatory(role: role, name: name, municipality: municipality)
    }

    static func section(_ r: MappingReader) -> Section? {
        let title = r.string(.title, required: true)
        let text = r.prose(.text)
        guard let title else { return nil }
        return Section(title: title, text: text)
    }

    static func priorityReference(_ r: MappingReader) -> PriorityReference? {
        let key = r.parsed(.key, required: true, Parse.key)
        let level = r.parsed(.level, required: true, Parse.choice(Vocabulary.priorityLevels))
        let title = r.string(.title, required: true)
        let source = r.string(.source)
        guard let key, let level, let title else { return nil }
        return PriorityReference(key: key, level: level, title: title, source: source)
    }

    static func theme(_ r: MappingReader) -> Theme? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let role = r.parsed(.role, required: true, Parse.choice(Vocabulary.themeRoles))
        let direction = r.parsed(.direction, Parse.choice(Vocabulary.directions))
        let field = r.parsed(.field, Parse.choice(Vocabulary.fields))
        let answers = r.values(.answers, Parse.key)
        let summary = r.prose(.summary)
        let why = r.prose(.why)
        let problem = r.prose(.problem)
        let focusPoints = r.prose(.focusPoints)
        let principles = r.prose(.principles)
        let approach = r.prose(.approach)
        let ambitions = r.list(.ambitions) { node, path in text(node, path, r.log) }
        let goals = r.objects(.goals, goal)
        let indicators = r.objects(.indicators, indicator)
        let actions = r.objects(.actions, action)
        let tracks = r.objects(.tracks, track)
        let analysis = r.object(.themeAnalysis, themeAnalysis)
        let aliases = r.list(.aliases) { node, path in text(node, path, r.log) }
        let shared = r.values(.sharedActions, Parse.key)
        let legalBases = r.values(.themeLegalBases, Parse.key)
        let figures = r.objects(.planFigures, figure)
        guard let key, let title, let role else { return nil }
        return Theme(key: key, title: title, role: role, direction: direction, field: field, answers: answers,
                     summary: summary, why: why, problem: problem, focusPoints: focusPoints,
                     principles: principles, approach: approach, ambitions: ambitions, goals: goals,
                     indicators: indicators, actions: actions, tracks: tracks, analysis: analysis, aliases: aliases,
                     sharedActions: shared, legalBases: legalBases, figures: figures)
    }

    static func goal(_ r: MappingReader) -> Goal? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let description = r.prose(.explanation)
        let aliases = r.list(.aliases) { node, path in text(node, path, r.log) }
        let bodies = r.values(.goalBodies, Parse.key)
        guard let key, let title else { return nil }
        return Goal(key: key, title: title, description: description, aliases: aliases, consultationBodies: bodies)
    }

    static func indicator(_ r: MappingReader) -> Indicator? {
        let key = r.parsed(.key, required: true, Parse.key)
        let name = r.string(.name, required: true)
        let unit = r.string(.unit)
        let source = r.string(.source)
        let direction = r.parsed(.desiredDirection, Parse.choice(Vocabulary.indicatorDirections))
        let baseline = r.object(.baseline, indicatorValue)
        let target = r.object(.target, indicatorValue)
        let goal = r.parsed(.goal, Parse.key)
        let series = r.string(.indicatorSeries)
        let measure = r.parsed(.seriesMeasure, Parse.choice(Vocabulary.seriesMeasures))
        let region = r.parsed(.seriesRegion, Parse.regionCode)
        let baselineFigure = r.parsed(.baselineFigure, Parse.key)
        let register = r.object(.indicatorRegister, registerLink)
        guard let key, let name else { return nil }
        return Indicator(key: key, name: name, unit: unit, source: source, desiredDirection: direction,
                         baseline: baseline, target: target, goal: goal,
                         series: series.map { IndicatorSeriesLink(series: $0, measure: measure ?? .count, region: region) },
                         baselineFigure: baselineFigure, register: register)
    }

    /// `register: {soort: incidenten-verward-gedrag, categorie: woonoverlast, wijk: Musselkanaal}`.
    static func registerLink(_ r: MappingReader) -> IndicatorRegisterLink? {
        let kind = r.parsed(.kind, required: true, Parse.choice(Vocabulary.registerKinds))
        let municipality = r.parsed(.registerMunicipality, Parse.municipalityCode)
        let category = r.string(.registerCategory)
        let district = r.string(.registerDistrict)
        guard let kind else { return nil }
        return IndicatorRegisterLink(register: kind, municipality: municipality, category: category, district: district)
    }

    static func indicatorValue(_ r: MappingReader) -> IndicatorValue? {
        let value = r.parsed(.value, required: true, Parse.decimal)
        let period = r.parsed(.period, required: true, Parse.measuredPeriod)
        guard let value, let period else { return nil }
        return IndicatorValue(value: value, period: period)
    }

    static func action(_ r: MappingReader) -> Action? {
        let key = r.parsed(.key, required: true, Parse.key)
        let description = r.string(.description, required: true)
        let result = r.prose(.expectedResult)
        let planning = r.parsed(.planning, Parse.period)
        let owner = r.parsed(.partnerOwner, Parse.key)
        let partners = r.values(.actionPartners, Parse.key)
        let phases = r.values(.phases, Parse.choice(Vocabulary.phases))
        // No status written: the action has none (nothing is assumed).
        let status = r.parsed(.actionStatus, Parse.choice(Vocabulary.actionStatuses))
        let goal = r.parsed(.goal, Parse.key)
        let progress = r.prose(.progressNote)
        let ownerRole = r.string(.ownerRole)
        let dependency = r.string(.planningDependency)
        let isExample = r.parsed(.isExample, Parse.choice(Vocabulary.yesNo)) ?? false
        let parts = r.list(.actionParts) { node, path in actionPart(node, path, r.log) }
        guard let key, let description else { return nil }
        return Action(key: key, description: description, expectedResult: result, planning: planning,
                      owner: owner, partners: partners, phases: phases, status: status, goal: goal,
                      progressNote: progress, isExample: isExample, parts: parts, ownerRole: ownerRole,
                      planningDependency: dependency)
    }

    /// A part of an action: `{soort: subdoel, tekst: ...}`, or a plain text for a focus point.
    static func actionPart(_ node: Node, _ path: PlanPath, _ log: ProblemLog) -> ActionPart? {
        if case .scalar = node {
            return text(node, path, log).map { ActionPart(kind: .focusPoint, text: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return MappingReader.read(node, path: path, log: log) { r in
            let kind = r.parsed(.kind, Parse.choice(Vocabulary.actionPartKinds)) ?? .focusPoint
            let text = r.string(.text, required: true)
            guard let text else { return nil }
            return ActionPart(kind: kind, text: text)
        }
    }

    static func track(_ r: MappingReader) -> Track? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let description = r.prose(.explanation)
        let actions = r.objects(.actions, action)
        guard let key, let title else { return nil }
        return Track(key: key, title: title, description: description, actions: actions)
    }

    static func localChapter(_ r: MappingReader) -> LocalChapter? {
        let code = r.parsed(.municipality, required: true, Parse.municipalityCode)
        let introduction = r.prose(.introduction)
        let themes = r.objects(.themes, theme)
        guard let code else { return nil }
        return LocalChapter(municipality: code, introduction: introduction, themes: themes)
    }

    static func partner(_ r: MappingReader) -> Partner? {
        let key = r.parsed(.key, required: true, Parse.key)
        let name = r.string(.name, required: true)
        let type = r.parsed(.type, required: true, Parse.choice(Vocabulary.partnerTypes))
        let role = r.prose(.partnerRole)
        let contacts = r.objects(.contacts, contact)
        let organisation = r.parsed(.organisation, Parse.key)
        let status = r.parsed(.partnerStatus, Parse.choice(Vocabulary.partnerStatuses))
        let themes = r.values(.partnerThemes, Parse.key)
        guard let key, let name, let type else { return nil }
        return Partner(key: key, name: name, type: type, role: role, contacts: contacts, organisation: organisation,
                       status: status, themes: themes)
    }

    static func contact(_ r: MappingReader) -> Contact? {
        let name = r.string(.name, required: true)
        let function = r.string(.function)
        let email = r.string(.email)
        let phone = r.string(.phone)
        guard let name else { return nil }
        return Contact(name: name, function: function, email: email, phone: phone)
    }

    static func consultationBody(_ r: MappingReader) -> ConsultationBody? {
        let key = r.parsed(.key, required: true, Parse.key)
        let name = r.string(.name, required: true)
        let chair = r.string(.chair)
        let participants = r.list(.participants) { node, path in text(node, path, r.log) }
        let rhythm = r.string(.rhythm)
        let themes = r.values(.bodyThemes, Parse.key)
        let purpose = r.prose(.purpose)
        let status = r.parsed(.bodyStatus, Parse.choice(Vocabulary.bodyStatuses))
        guard let key, let name else { return nil }
        return ConsultationBody(key: key, name: name, chair: chair, participants: participants,
                                rhythm: rhythm, themes: themes, purpose: purpose, status: status)
    }

    static func finances(_ r: MappingReader) -> Finances? {
        let text = r.prose(.financeText)
        let lines = r.objects(.lines, budgetLine)
        return Finances(text: text, lines: lines)
    }

    static func budgetLine(_ r: MappingReader) -> BudgetLine? {
        let description = r.string(.description, required: true)
        // Exactly one of `bedrag` and `zonder-bedrag`; the plan's rules say so when neither or both are given.
        let amount = r.parsed(.amount, Parse.decimal)
        let basis = r.parsed(.basis, Parse.choice(Vocabulary.budgetBases)) ?? .total
        let year = r.parsed(.year, Parse.integer)
        let cover = r.string(.cover)
        let theme = r.parsed(.theme, Parse.key)
        let withoutAmount = r.parsed(.withoutAmount, Parse.choice(Vocabulary.unquantifiedBudgets))
        let recurrence = r.parsed(.recurrence, Parse.choice(Vocabulary.budgetRecurrences)) ?? .yearly
        let actions = r.values(.budgetActions, Parse.key)
        guard let description else { return nil }
        // A written amount or reason that did not read is reported already; leaving the line out
        // keeps the rules from also saying that it has neither.
        if (amount == nil && r.node(.amount) != nil) || (withoutAmount == nil && r.node(.withoutAmount) != nil) { return nil }
        return BudgetLine(description: description, amount: amount, basis: basis, year: year, cover: cover, theme: theme,
                          withoutAmount: withoutAmount, recurrence: recurrence, actions: actions)
    }
}
