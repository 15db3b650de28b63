import Foundation
import RegieCore

/// One editable part of a plan: its form and its lists of smaller parts.
public struct EditorPart {
    /// What the page is about, such as `Thema "Woninginbraak"`.
    public var title: String
    /// The path below `/plannen/KEY/bewerken`, such as `["themas", "woninginbraak"]`.
    public var segments: [String]
    public var fields: [FormField]
    public var lists: [EditorList]
    /// The member municipality whose local chapter holds this part; nil for the common plan.
    public var chapter: MunicipalityCode?
    /// The page of the plan where readers see this part.
    public var readerURL: SiteURL
    /// The part's sections, each with its own page: a long part (the plan, a theme) is split so
    /// no page holds every field and list. Empty: the part is one page.
    public var sections: [EditorSection] = []
    /// The section this part is restricted to, when it stands for one section's page.
    public var section: EditorSection?

    /// This part restricted to one of its sections: only that section's fields and lists, so its
    /// form, fingerprint and audit cover just what the section page shows.
    public func restricted(to section: EditorSection) -> EditorPart {
        var part = self
        part.fingerprintFields = fingerprintFields ?? fields
        part.fields = fields.filter { section.fields.contains($0.name) }
        part.lists = lists.filter { section.lists.contains($0.segment) }
        part.section = section
        return part
    }

    /// The section holding the list or field named `name`, or the section with that slug.
    public func section(named name: String) -> EditorSection? {
        sections.first { $0.slug == name } ?? sections.first { $0.lists.contains(name) || $0.fields.contains(name) }
    }

    /// The path of this part's page: with the section's slug when restricted to a section.
    public var pageSegments: [String] { segments + (section.map { [$0.slug] } ?? []) }

    /// The fields the fingerprint covers: a section's page keeps its whole part's, so a save
    /// notices someone else's save of the part exactly as the one-page form did.
    var fingerprintFields: [FormField]?

    /// A fingerprint of the values of the part's form, to notice someone else's save.
    public func fingerprint(in plan: Plan) -> String {
        Fingerprint.of((fingerprintFields ?? fields).flatMap { [$0.name] + $0.values(in: plan) })
    }

    /// The list with URL segment `segment`.
    public func list(_ segment: String) -> EditorList? { lists.first { $0.segment == segment } }
}

/// One page of a long part: some of its fields and lists, under a title in the section navigation.
public struct EditorSection: Sendable, Equatable {
    /// The last segment of the section's address, such as `teksten` in `bewerken/themas/x/teksten`.
    public var slug: String
    public var title: String
    /// Names of the fields on this page.
    public var fields: [String]
    /// Segments of the lists on this page.
    public var lists: [String]

    public init(_ slug: String, _ title: String, fields: [String] = [], lists: [String] = []) {
        self.slug = slug
        self.title = title
        self.fields = fields
        self.lists = lists
    }
}

/// A list of parts inside a part: add, remove, reorder, and open one.
public struct EditorList {
    public var segment: String
    public var title: String
    /// For buttons: "Doel toevoegen".
    public var singular: String
    /// The label of the one field the add form asks for.
    public var addLabel: String
    public var addInput: FormInput
    public var items: [(id: String, title: String)]
    var add: (inout Plan, String) -> Result<String, AddProblem>
    var remove: (inout Plan, String) -> Bool
    let move: (inout Plan, String, Int) -> Bool
    let child: (String) -> EditorPart?

    public struct AddProblem: Error { public var message: String }

    public var fingerprint: String { Fingerprint.of(items.flatMap { [$0.id, $0.title] }) }

    /// Adds a part titled `title`; returns the new part's id or a Dutch message.
    public func add(_ title: String, to plan: inout Plan) -> Result<String, AddProblem> {
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(AddProblem(message: "Vul \(addLabel.lowercased()) in.")) }
        if let problem = FormField.textProblem([text], input: addInput) { return .failure(AddProblem(message: problem)) }
        if let tooLong = FormField.tooLongMessage(text, maximum: addInput.maximumLength ?? Fields.lineLength) {
            return .failure(AddProblem(message: tooLong))
        }
        return add(&plan, text)
    }

    public func remove(_ id: String, from plan: inout Plan) -> Bool { remove(&plan, id) }
    public func move(_ id: String, by offset: Int, in plan: inout Plan) -> Bool { move(&plan, id, offset) }
    public func part(_ id: String) -> EditorPart? { child(id) }
}

/// The editor's map of a plan: which parts exist, their forms and their lists. Everything in the
/// plan model can be reached from the plan-wide part.
public struct PlanEditor {
    public let plan: Plan
    /// Partner organisations with accounts, to link a plan's partners to.
    public let organisations: [Organisation]
    /// The member municipalities whose local chapter this account may open; nil: any member.
    public let openableChapters: Set<MunicipalityCode>?

    public init(plan: Plan, organisations: [Organisation], openableChapters: Set<MunicipalityCode>? = nil) {
        self.plan = plan
        self.organisations = organisations
        self.openableChapters = openableChapters
    }

    /// The part at `segments` below the plan, or nil when there is none. A path with one more
    /// segment names a section of a part (by its slug, or by a list or field in it): the part
    /// restricted to that section. A list's segment on a part without sections names the part.
    public func part(at segments: [String]) -> EditorPart? {
        var part = root()
        var rest = segments[...]
        while rest.count >= 2 {
            guard let list = part.list(rest.first!), let child = list.part(rest.dropFirst().first!) else { return nil }
            part = child
            rest = rest.dropFirst(2)
        }
        guard let last = rest.first else { return part }
        if let section = part.section(named: last) { return part.restricted(to: section) }
        return part.sections.isEmpty && part.list(last) != nil ? part : nil
    }

    /// The page to show at `segments`: the part there, and for a part with sections its first
    /// section when none is named.
    public func page(at segments: [String]) -> EditorPart? {
        guard let part = part(at: segments) else { return nil }
        if part.section == nil, segments.count % 2 == 0, let first = part.sections.first { return part.restricted(to: first) }
        return part
    }

    // MARK: Addresses of parts, for edit links on the reading pages

    /// The editor path of theme `key` (common or in a local chapter).
    public static func themePath(_ key: Key, in plan: Plan) -> [String] {
        (plan.chapter(ofTheme: key).map { ["gemeenten", $0.rawValue] } ?? []) + ["themas", key.rawValue]
    }

    /// The editor path of action `action` of theme `theme`, directly in the theme or in a track.
    public static func actionPath(_ action: Key, theme: Theme, in plan: Plan) -> [String] {
        let base = themePath(theme.key, in: plan)
        if let track = theme.tracks.first(where: { $0.actions.contains { $0.key == action } }) {
            return base + ["sporen", track.key.rawValue, "acties", action.rawValue]
        }
        return base + ["acties", action.rawValue]
    }

    /// Section slugs of a theme's editor, for links to a part of it.
    public static let themeDetails = "gegevens", themeTexts = "teksten", themeFigures = "cijfers"
    /// The field in which the officer confirms the series Regie proposes for a theme.
    public static let seriesProposal = "cijfers-voorstel"

    // MARK: Plan

    func root() -> EditorPart {
        let lens = PartLens<Plan>(get: { $0 }, set: { $0 = $1 })
        // An untouched analysis set-up stays absent, so saving the form changes nothing.
        let analysis = PartLens<AnalysisSettings>(get: { $0.analysis ?? AnalysisSettings() },
                                                  set: { plan, value in plan.analysis = value == AnalysisSettings() ? nil : value })
        let finances = PartLens<Finances>(get: { $0.finances }, set: { $0.finances = $1 })
        var fields: [FormField] = [
            Fields.line(lens, \.title, "titel", "Titel"),
            Fields.optionalLine(lens, \.subtitle, "ondertitel", "Ondertitel"),
            Fields.choice(lens, \.kind, "soort", "Soort document") { $0.label },
            Fields.field(lens, name: "periode", label: "Planperiode", hint: PeriodInput.yearRangeHint,
                         input: .line(maxLength: PeriodInput.maximumLength), required: true,
                         read: { [$0.period.description] },
                         write: { plan, values in
                             switch PeriodInput.yearRange(Fields.clean(values)) {
                             case .success(let range): plan.period = range; return nil
                             case .failure(let message): return message.text
                             }
                         }),
            Fields.prose(lens, \.foreword, "voorwoord", "Voorwoord"),
            Fields.prose(lens, \.introduction, "inleiding", "Inleiding"),
            Fields.prose(lens, \.missionVision, "missie-en-visie", "Missie en visie"),
            Fields.prose(lens, \.scope, "reikwijdte", "Reikwijdte"),
            Fields.lines(lens, \.generalGoals, "algemene-doelen", "Algemene doelen", hint: "Eén doel per regel."),
            Fields.prose(lens, \.monitoring, "monitoring", "Monitoring en evaluatie"),
            Fields.prose(finances, \.text, "financien", "Financiën: toelichting"),
            Fields.prose(analysis, \.introduction, "analyse-inleiding", "Veiligheidsanalyse: inleiding"),
        ]
        fields.append(Fields.field(analysis, name: "analyse-vergelijk-met", label: "Veiligheidsanalyse: vergelijken met",
                                   hint: "Regiocodes, één per regel, bijvoorbeeld RE01 (politie-eenheid) of PV20 (provincie).",
                                   input: .lines(maxLength: 400),
                                   read: { [$0.comparisonRegions.map(\.rawValue).joined(separator: "\n")] },
                                   write: { settings, values in
                                       var regions: [RegionCode] = []
                                       for line in Fields.splitLines(values) {
                                           guard let code = RegionCode(line) else { return "\u{201C}\(line)\u{201D} is geen regiocode; een regiocode ziet eruit als RE01, PV20 of GM0037." }
                                           regions.append(code)
                                       }
                                       settings.comparisonRegions = regions
                                       return nil
                                   }))
        fields.append(Fields.field(analysis, name: "analyse-periode", label: "Veiligheidsanalyse: periode",
                                   hint: "Eerste en laatste jaar, bijvoorbeeld 2019-2023 of 2019 t/m 2023. Leeg: de laatste vijf jaar met cijfers.",
                                   input: .line(maxLength: PeriodInput.maximumLength),
                                   read: { [$0.period?.description ?? ""] },
                                   write: { settings, values in
                                       let text = Fields.clean(values)
                                       if text.isEmpty { settings.period = nil; return nil }
                                       switch PeriodInput.yearRange(text, what: "periode") {
                                       case .success(let range): settings.period = range; return nil
                                       case .failure(let message): return message.text
                                       }
                                   }))
        var lists = [
            themeList(chapter: nil),
            sectionList(lens.list(\.guidingPrinciples), segment: "uitgangspunten", title: "Uitgangspunten", singular: "uitgangspunt",
                        addLabel: "Titel van het nieuwe uitgangspunt"),
            sectionList(lens.list(\.trends), segment: "trends", title: "Trends en ontwikkelingen", singular: "trend",
                        addLabel: "Titel van de nieuwe trend"),
            sectionList(lens.list(\.focusLenses), segment: "focuslenzen", title: "Focuslenzen", singular: "focuslens",
                        addLabel: "Titel van de nieuwe focuslens"),
            priorityList(),
            partnerList(),
            bodyList(),
            budgetList(),
            seriesList(),
            signatoryList(),
            legalBasisList(),
            governanceList(),
            sourceList(),
            figureList(PartLens<[PlanFigure]>(get: { $0.figures }, set: { $0.figures = $1 }), base: [], chapter: nil,
                       readerURL: .plan(plan.key)),
        ]
        var sections = [
            EditorSection("gegevens", "Plangegevens", fields: ["titel", "ondertitel", "soort", "periode"]),
            EditorSection("teksten", "Teksten van het plan",
                          fields: ["voorwoord", "inleiding", "missie-en-visie", "reikwijdte", "algemene-doelen", "monitoring"]),
            EditorSection("themas", "Thema's", lists: ["themas"]),
            EditorSection("uitgangspunten", "Uitgangspunten, trends en focuslenzen", lists: ["uitgangspunten", "trends", "focuslenzen"]),
            EditorSection("prioriteiten", "Regionale en landelijke prioriteiten", lists: ["prioriteiten"]),
            EditorSection("partners", "Partners en overleggen", lists: ["partners", "overleggen"]),
            EditorSection("bestuur", "Bestuur", lists: ["bestuur"]),
            EditorSection("financien", "Financiën", fields: ["financien"], lists: ["begroting"]),
            EditorSection("ondertekening", "Ondertekening", lists: ["ondertekening"]),
            EditorSection("wettelijk-kader", "Wettelijk kader", lists: ["wettelijk-kader"]),
            EditorSection("analyse", "Veiligheidsanalyse",
                          fields: ["analyse-inleiding", "analyse-vergelijk-met", "analyse-periode"], lists: ["reeksen"]),
            EditorSection("kerncijfers", "Kerncijfers en bronnen", lists: ["kerncijfers", "bronnen"]),
        ]
        if case .collaboration = plan.owner {
            lists.insert(chapterList(), at: 1)
            sections.insert(EditorSection("gemeenten", "Lokale hoofdstukken", lists: ["gemeenten"]), at: 3)
        }
        var part = EditorPart(title: "Plan \u{201C}\(plan.title)\u{201D}", segments: [], fields: fields, lists: lists,
                              chapter: nil, readerURL: .plan(plan.key))
        part.sections = sections
        return part
    }

    // MARK: Themes

    func themeList(chapter: MunicipalityCode?) -> EditorList {
        let themes = chapter.flatMap { plan.localChapter(for: $0)?.themes } ?? plan.themes
        let base: [String] = chapter.map { ["gemeenten", $0.rawValue] } ?? []
        return EditorList(
            segment: "themas", title: chapter == nil ? "Thema's" : "Lokale thema's", singular: "thema",
            addLabel: "Titel van het nieuwe thema", addInput: .line(maxLength: Fields.lineLength),
            items: themes.map { ($0.key.rawValue, $0.title) },
            add: { plan, title in
                let key = Plan.newKey(for: title, avoiding: plan.themeKeys)
                let theme = Theme(key: key, title: title, role: .priority)
                if let chapter {
                    guard let i = plan.localChapters.firstIndex(where: { $0.municipality == chapter }) else {
                        return .failure(.init(message: Fields.gone))
                    }
                    plan.localChapters[i].themes.append(theme)
                } else {
                    plan.themes.append(theme)
                }
                return .success(key.rawValue)
            },
            remove: { plan, id in
                guard let key = Key(id) else { return false }
                let before = plan.allThemes.count
                plan.themes.removeAll { $0.key == key }
                for i in plan.localChapters.indices { plan.localChapters[i].themes.removeAll { $0.key == key } }
                plan.removeBrokenSharedActions()
                return plan.allThemes.count < before
            },
            move: { plan, id, offset in
                if let chapter, let c = plan.localChapters.firstIndex(where: { $0.municipality == chapter }),
                   let i = plan.localChapters[c].themes.firstIndex(where: { $0.key.rawValue == id }) {
                    return plan.localChapters[c].themes.move(at: i, by: offset)
                }
                guard let i = plan.themes.firstIndex(where: { $0.key.rawValue == id }) else { return false }
                return plan.themes.move(at: i, by: offset)
            },
            child: { id in
                guard let key = Key(id), plan.theme(key) != nil else { return nil }
                return theme(key, base: base + ["themas", id])
            })
    }

    func theme(_ key: Key, base: [String]) -> EditorPart {
        let lens = PartLens<Theme>(get: { $0.theme(key) }, set: { plan, theme in plan.modifyTheme(key) { $0 = theme } })
        let current = plan.theme(key)!
        let analysis = PartLens<ThemeAnalysis>(get: { $0.theme(key).map { $0.analysis ?? ThemeAnalysis() } },
                                               set: { plan, value in
                                                   plan.modifyTheme(key) { theme in
                                                       theme.analysis = (value.series == nil && value.interpretation.isEmpty) ? nil : value
                                                   }
                                               })
        let chapter = plan.chapter(ofTheme: key)
        let proposals = SeriesCatalogue.proposals(for: current, in: SeriesCatalogue.catalogue(for: plan))
        var fields: [FormField] = [
            Fields.line(lens, \.title, "titel", "Titel"),
            Fields.choice(lens, \.role, "rol", "Rol in het plan") { $0.label },
            Fields.optionalChoice(lens, \.direction, "richting", "Richting (alleen bij een ontwikkelthema)") { $0.label },
            Fields.optionalChoice(lens, \.field, "veiligheidsveld", "Veiligheidsveld") { $0.label },
            Fields.keyChoices(lens, \.answers, "sluit-aan-bij", "Sluit aan bij (regionale en landelijke prioriteiten)",
                              options: plan.priorityReferences.map { FormOption($0.key.rawValue, PlanEditor.priorityOption($0)) }),
            Fields.lines(lens, \.aliases, "ook-genoemd", "Ook genoemd", hint: Self.aliasHint("thema")),
            Fields.keyChoices(lens, \.legalBases, "wettelijke-grondslagen", "Wettelijke grondslagen",
                              options: plan.legalBases.map { FormOption($0.key.rawValue, $0.citation) }),
            Fields.prose(lens, \.summary, "samenvatting", "Samenvatting"),
            Fields.prose(lens, \.why, "waarom", "Waarom dit thema"),
            Fields.prose(lens, \.problem, "probleemschets", "Probleemschets"),
            Fields.prose(lens, \.focusPoints, "aandachtspunten", "Aandachtspunten"),
            Fields.prose(lens, \.principles, "uitgangspunten", "Uitgangspunten"),
            Fields.prose(lens, \.approach, "aanpak", "Aanpak (wat gaan we doen)"),
            Fields.lines(lens, \.ambitions, "ambities", "Ambities", hint: "Eén ambitie per regel."),
            Fields.field(analysis, name: "cijfers", label: "Cijfers bij dit thema",
                         hint: "Reeksen of misdrijfsoorten, één per regel (bijvoorbeeld woninginbraak of 1.1.1). Alleen de reeksen die hier staan, ziet de lezer bij dit thema.",
                         input: .lines(maxLength: 1000),
                         read: { [($0.series ?? []).joined(separator: "\n")] },
                         write: { value, values in
                             let lines = Fields.splitLines(values)
                             value.series = lines.isEmpty ? nil : lines
                             return nil
                         }),
            Fields.prose(analysis, \.interpretation, "duiding", "Duiding van de cijfers"),
            Fields.keyChoices(lens, \.sharedActions, "gedeelde-acties", "Afspraken uit andere thema\u{2019}s die ook dit thema dienen",
                              options: plan.allThemes.filter { $0.key != key }.flatMap { other in
                                  other.allActions.map { FormOption($0.key.rawValue, "\(other.title): \($0.description)") }
                              }),
        ]
        // Issue 11 (page fixes): a proposal is confirmed by ticking it; it then becomes a link
        // like one typed under "Cijfers bij dit thema", saved (and logged) with the rest.
        if !proposals.isEmpty {
            fields.insert(Fields.field(analysis, name: Self.seriesProposal, label: "Voorstel van Regie",
                hint: "Regie stelt voor dit thema te meten met de reeks\(proposals.count == 1 ? "" : "en") hieronder, omdat de titel ze noemt. Vink aan wat klopt en sla op: pas dan ziet de lezer de cijfers bij dit thema.",
                input: .choices(proposals.map { FormOption($0.key.rawValue, "Voorstel: meten met de reeks \($0.title)") }),
                read: { _ in [] },
                write: { value, values in
                    let confirmed = proposals.map(\.key.rawValue).filter(values.contains)
                    guard !confirmed.isEmpty else { return nil }
                    let linked = value.series ?? []
                    value.series = linked + confirmed.filter { !linked.contains($0) }
                    return nil
                }), at: fields.firstIndex { $0.name == "cijfers" }! + 1)
        }
        let goalOptions = current.goals.map { FormOption($0.key.rawValue, $0.title) }
        let bodyOptions = plan.consultationBodies.map { FormOption($0.key.rawValue, $0.name) }
        let lists = [
            keyedList(lens.list(\.goals), segment: "doelen", title: "Doelen", singular: "doel", addLabel: "Titel van het nieuwe doel", key: \.key, titleOf: \.title,
                      taken: { $0.goalKeys }, make: { Goal(key: $0, title: $1) }) { element, id in
                EditorPart(title: "Doel \u{201C}\(plan.theme(key)?.goals.first { $0.key.rawValue == id }?.title ?? id)\u{201D}",
                           segments: base + ["doelen", id], fields: [
                               Fields.line(element, \.title, "titel", "Titel"),
                               Fields.prose(element, \.description, "omschrijving", "Omschrijving"),
                               Fields.lines(element, \.aliases, "ook-genoemd", "Ook genoemd", hint: Self.aliasHint("doel")),
                               Fields.keyChoices(element, \.consultationBodies, "overleggen", "Besproken in (overleggen)", options: bodyOptions),
                           ], lists: [], chapter: chapter, readerURL: .theme(plan: plan.key, theme: key))
            },
            keyedList(lens.list(\.indicators), segment: "indicatoren", title: "Indicatoren", singular: "indicator", addLabel: "Naam van de nieuwe indicator", key: \.key,
                      titleOf: \.name, taken: { $0.indicatorKeys }, make: { Indicator(key: $0, name: $1) }) { element, id in
                EditorPart(title: "Indicator \u{201C}\(current.indicators.first { $0.key.rawValue == id }?.name ?? id)\u{201D}",
                           segments: base + ["indicatoren", id],
                           fields: indicatorFields(element, goals: goalOptions, figures: plan.figures(for: current)),
                           lists: [], chapter: chapter, readerURL: .theme(plan: plan.key, theme: key))
            },
            actionList(lens.list(\.actions), base: base, themeKey: key, goals: goalOptions, chapter: chapter),
            keyedList(lens.list(\.tracks), segment: "sporen", title: "Sporen", singular: "spoor", addLabel: "Titel van het nieuwe spoor", key: \.key, titleOf: \.title,
                      taken: { $0.trackKeys }, make: { Track(key: $0, title: $1) }) { element, id in
                let trackBase = base + ["sporen", id]
                return EditorPart(title: "Spoor \u{201C}\(current.tracks.first { $0.key.rawValue == id }?.title ?? id)\u{201D}",
                                  segments: trackBase, fields: [
                                      Fields.line(element, \.title, "titel", "Titel"),
                                      Fields.prose(element, \.description, "toelichting", "Toelichting"),
                                  ],
                                  lists: [actionList(element.list(\.actions), base: trackBase, themeKey: key, goals: goalOptions,
                                                     chapter: chapter, items: current.tracks.first { $0.key.rawValue == id }?.actions)],
                                  chapter: chapter, readerURL: .theme(plan: plan.key, theme: key))
            },
            figureList(lens.list(\.figures), base: base, chapter: chapter, readerURL: .theme(plan: plan.key, theme: key)),
        ]
        var part = EditorPart(title: "Thema \u{201C}\(current.title)\u{201D}", segments: base, fields: fields, lists: lists,
                              chapter: chapter, readerURL: .theme(plan: plan.key, theme: key))
        part.sections = [
            EditorSection(Self.themeDetails, "Gegevens", fields: ["titel", "ook-genoemd", "rol", "richting", "veiligheidsveld", "sluit-aan-bij", "wettelijke-grondslagen"]),
            EditorSection(Self.themeTexts, "Teksten en ambities",
                          fields: ["samenvatting", "waarom", "probleemschets", "aandachtspunten", "uitgangspunten", "aanpak", "ambities"]),
            EditorSection(Self.themeFigures, "Cijfers", fields: ["cijfers", Self.seriesProposal, "duiding"], lists: ["kerncijfers"]),
            EditorSection("doelen", "Doelen", lists: ["doelen"]),
            EditorSection("indicatoren", "Indicatoren", lists: ["indicatoren"]),
            EditorSection("acties", "Acties en afspraken", fields: ["gedeelde-acties"], lists: ["acties"]),
            EditorSection("sporen", "Sporen", lists: ["sporen"]),
        ]
        return part
    }

    func indicatorFields(_ lens: PartLens<Indicator>, goals: [FormOption], figures: [PlanFigure] = []) -> [FormField] {
        let link = PartLens<IndicatorSeriesLink?>(get: { plan in lens.get(plan).map { $0.series } },
                                                  set: { plan, value in
                                                      guard var indicator = lens.get(plan) else { return }
                                                      indicator.series = value
                                                      lens.set(&plan, indicator)
                                                  })
        return [
            Fields.line(lens, \.name, "naam", "Naam"),
            Fields.optionalLine(lens, \.unit, "eenheid", "Eenheid", hint: "Bijvoorbeeld aantal, % inwoners of rapportcijfer."),
            Fields.optionalLine(lens, \.source, "bron", "Bron"),
            Fields.optionalChoice(lens, \.desiredDirection, "gewenste-richting", "Gewenste richting") { $0.label },
            Fields.indicatorValue(lens, \.baseline, "nulmeting", "Nulmeting"),
            Fields.keyChoice(lens, \.baselineFigure, "nulmeting-uit", "Nulmeting uit kerncijfer",
                             options: figures.map { FormOption($0.key.rawValue, PlanEditor.figureOption($0)) },
                             hint: "Kiest u een kerncijfer van het plan of van dit thema, dan is dat de nulmeting; laat de nulmeting hierboven dan leeg."),
            Fields.indicatorValue(lens, \.target, "streefwaarde", "Streefwaarde"),
            Fields.keyChoice(lens, \.goal, "doel", "Meet het doel", options: goals),
            Fields.field(link, name: "reeks", label: "Gekoppelde reeks",
                         hint: "Een reeks of misdrijfsoort (woninginbraak, 1.1.1) of tabel/maat (veiligheidsmonitor/…). Leeg: geen koppeling.",
                         input: .line(maxLength: 120),
                         read: { [$0?.series ?? ""] },
                         write: { value, values in
                             let text = Fields.clean(values)
                             value = text.isEmpty ? nil : IndicatorSeriesLink(series: text, measure: value?.measure ?? .count, region: value?.region)
                             return nil
                         }),
            Fields.field(link, name: "maat", label: "Maat van de reeks", input: .choice(SeriesMeasure.allCases.map { FormOption($0.rawValue, $0.label) }),
                         read: { [($0?.measure ?? .count).rawValue] },
                         write: { value, values in
                             if let measure = values.first.flatMap(SeriesMeasure.init(rawValue:)) { value?.measure = measure }
                             return nil
                         }),
            Fields.field(link, name: "gebied", label: "Gebied van de reeks",
                         hint: "Leeg: de hele gemeente. Voor een wijk of buurt: de code van het CBS, zoals WK\(sampleDistrict) of BU\(sampleDistrict)00.",
                         input: .line(maxLength: 12),
                         read: { [$0?.region?.rawValue ?? ""] },
                         write: { [plan] value, values in
                             let text = Fields.clean(values).uppercased()
                             guard !text.isEmpty else { value?.region = nil; return nil }
                             guard let region = RegionCode(text), [.district, .neighbourhood].contains(region.level),
                                   plan.owner.municipalities.contains(where: { $0.code == region.municipality }) else {
                                 return "\u{201C}\(text)\u{201D} is geen wijk of buurt van \(plan.owner.name). Schrijf een wijkcode zoals WK\(sampleDistrict), of laat het veld leeg voor de hele gemeente."
                             }
                             guard value != nil else { return "Koppel eerst een reeks; het gebied hoort bij die reeks." }
                             value?.region = region
                             return nil
                         }),
        ]
    }

    /// The hint of an "ook genoemd" field (issue 11): other names, one per line.
    static func aliasHint(_ what: String) -> String {
        "Andere namen die het plan voor dit \(what) gebruikt, één per regel. Niet de titel zelf, en elke naam één keer."
    }

    /// A priority as an option: its title with its level and source, so that two priorities
    /// with the same title ("Ondermijning" of the region and of the country) can be told apart.
    static func priorityOption(_ reference: PriorityReference) -> String {
        "\(reference.title) (\(reference.level.label.lowercased())" + (reference.source.map { ", \($0)" } ?? "") + ")"
    }

    /// A district code of the plan's first municipality, for hints: "003701" for Stadskanaal.
    var sampleDistrict: String { "\(plan.owner.municipalities.first?.code.rawValue.dropFirst(2) ?? "0037")01" }

    func actionList(_ lens: PartLens<[Action]>, base: [String], themeKey: Key, goals: [FormOption],
                    chapter: MunicipalityCode?, items: [Action]? = nil) -> EditorList {
        let partners = plan.partners.map { FormOption($0.key.rawValue, $0.name) }
        var list = keyedList(lens, segment: "acties", title: "Acties en afspraken", singular: "actie",
                         addLabel: "Omschrijving van de nieuwe actie", key: \.key,
                         titleOf: \.description, taken: { $0.actionKeys }, make: { Action(key: $0, description: $1) },
                         current: items) { element, id in
            let parts = indexedList(element.list(\.parts), segment: "onderdelen", title: "Aandachtspunten en subdoelen", singular: "onderdeel",
                                    addLabel: "Tekst van het nieuwe aandachtspunt of subdoel", titleOf: \.text,
                                    make: { ActionPart(kind: .focusPoint, text: $0) }) { part, n in
                EditorPart(title: "Onderdeel \(n) van actie \u{201C}\(element.get(plan)?.description ?? id)\u{201D}",
                           segments: base + ["acties", id, "onderdelen", n], fields: [
                               Fields.choice(part, \.kind, "soort", "Soort") { $0.label },
                               Fields.wrappedLine(part, \.text, "tekst", "Tekst", maxLength: PlanLimits.descriptionLength),
                           ], lists: [], chapter: chapter, readerURL: .theme(plan: plan.key, theme: themeKey))
            }
            return EditorPart(title: "Actie \u{201C}\(element.get(plan)?.description ?? id)\u{201D}", segments: base + ["acties", id], fields: [
                Fields.wrappedLine(element, \.description, "omschrijving", "Omschrijving", maxLength: PlanLimits.descriptionLength),
                Fields.prose(element, \.expectedResult, "resultaat", "Beoogd resultaat"),
                Fields.period(element, \.planning, "planning", "Planning"),
                Fields.optionalLine(element, \.planningDependency, "afhankelijk-van", "Afhankelijk van",
                                    hint: "Hangt het moment af van iemand anders? Schrijf waarvan, bijvoorbeeld \u{201C}het besluit van de provincie over de subsidie\u{201D}; de planning is dan de verwachte periode."),
                Fields.keyChoice(element, \.owner, "trekker", "Trekker", options: partners,
                                 hint: "De partner die de actie trekt. Staat de partner er niet bij? Voeg hem toe onder \u{2018}Partners en overleggen\u{2019} in de editor van het plan."),
                Fields.optionalLine(element, \.ownerRole, "trekker-rol", "Rol bij de trekker",
                                    hint: "Wie binnen de trekker de actie leidt, bijvoorbeeld projectleider Keurmerk Veilig Ondernemen. Alleen met een trekker."),
                Fields.keyChoices(element, \.partners, "partners", "Betrokken partners", options: partners),
                Fields.enumChoices(element, \.phases, "ketenfasen", SafetyChainPhase.fieldLabel) { $0.label },
                Fields.field(element, name: "status", label: "Stand van zaken",
                             input: .choice([FormOption("", ActionStatus.noneLabel)] + ActionStatus.allCases.map { FormOption($0.rawValue, $0.label) }),
                             read: { [$0.status?.rawValue ?? ""] },
                             write: { action, values in action.status = values.first.flatMap(ActionStatus.init(rawValue:)); return nil }),
                Fields.keyChoice(element, \.goal, "doel", "Draagt bij aan het doel", options: goals),
                Fields.prose(element, \.progressNote, "voortgang", "Toelichting op de voortgang"),
                Fields.field(element, name: "voorbeeld", label: "Voorbeeld",
                             hint: "Een voorbeeld van wat we gaan doen staat apart op de pagina van het thema en telt niet mee als afspraak.",
                             input: .choices([FormOption("ja", "Dit is een voorbeeld, geen afspraak")]),
                             read: { $0.isExample ? ["ja"] : [] },
                             write: { action, values in action.isExample = values.contains("ja"); return nil }),
            ], lists: [parts], chapter: chapter, readerURL: .theme(plan: plan.key, theme: themeKey))
        }
        // A removed action leaves no theme pointing at it.
        let remove = list.remove
        list.remove = { plan, id in
            guard remove(&plan, id) else { return false }
            plan.removeBrokenSharedActions()
            return true
        }
        return list
    }

    // MARK: Plan-wide lists

    func chapterList() -> EditorList {
        let members = plan.owner.municipalities
        // Offered are the members without a chapter whose chapter this account may write.
        let free = members.filter { m in plan.localChapter(for: m.code) == nil && (openableChapters?.contains(m.code) ?? true) }
        return EditorList(
            segment: "gemeenten", title: "Lokale hoofdstukken", singular: "lokaal hoofdstuk",
            addLabel: "Gemeente", addInput: .choice(free.map { FormOption($0.code.rawValue, $0.name) }),
            items: plan.localChapters.map { chapter in
                (chapter.municipality.rawValue, members.first { $0.code == chapter.municipality }?.name ?? chapter.municipality.rawValue)
            },
            add: { plan, value in
                guard let code = MunicipalityCode(value), plan.owner.municipalities.contains(where: { $0.code == code }),
                      plan.localChapter(for: code) == nil else {
                    return .failure(.init(message: "Kies een gemeente van het samenwerkingsverband die nog geen lokaal hoofdstuk heeft."))
                }
                plan.localChapters.append(LocalChapter(municipality: code))
                return .success(code.rawValue)
            },
            remove: { plan, id in
                let before = plan.localChapters.count
                plan.localChapters.removeAll { $0.municipality.rawValue == id }
                return plan.localChapters.count < before
            },
            move: { plan, id, offset in
                guard let i = plan.localChapters.firstIndex(where: { $0.municipality.rawValue == id }) else { return false }
                return plan.localChapters.move(at: i, by: offset)
            },
            child: { id in
                guard let code = MunicipalityCode(id), plan.localChapter(for: code) != nil else { return nil }
                let lens = PartLens<LocalChapter>(get: { $0.localChapter(for: code) }, set: { plan, chapter in
                    if let i = plan.localChapters.firstIndex(where: { $0.municipality == code }) { plan.localChapters[i] = chapter }
                })
                let name = members.first { $0.code == code }?.name ?? id
                return EditorPart(title: "Lokaal hoofdstuk \(name)", segments: ["gemeenten", id],
                                  fields: [Fields.prose(lens, \.introduction, "inleiding", "Inleiding")],
                                  lists: [themeList(chapter: code)], chapter: code,
                                  readerURL: .localView(plan: plan.key, municipality: code))
            })
    }

    func sectionList(_ lens: PartLens<[Section]>, segment: String, title: String, singular: String, addLabel: String) -> EditorList {
        indexedList(lens, segment: segment, title: title, singular: singular, addLabel: addLabel, titleOf: \.title,
                    make: { Section(title: $0) }) { element, id in
            EditorPart(title: "\(singular.prefix(1).uppercased() + singular.dropFirst()) \u{201C}\(element.get(plan)?.title ?? id)\u{201D}",
                       segments: [segment, id], fields: [
                           Fields.line(element, \.title, "titel", "Titel"),
                           Fields.prose(element, \.text, "tekst", "Tekst"),
                       ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
    }

    func priorityList() -> EditorList {
        let lens = PartLens<[PriorityReference]>(get: { $0.priorityReferences }, set: { $0.priorityReferences = $1 })
        return keyedList(lens, segment: "prioriteiten", title: "Regionale en landelijke prioriteiten", singular: "prioriteit",
                         addLabel: "Titel van de nieuwe prioriteit",
                         key: \.key, titleOf: \.title, taken: { $0.priorityReferences.map(\.key) },
                         make: { PriorityReference(key: $0, level: .regional, title: $1) }) { element, id in
            EditorPart(title: "Prioriteit \u{201C}\(element.get(plan)?.title ?? id)\u{201D}", segments: ["prioriteiten", id], fields: [
                Fields.line(element, \.title, "titel", "Titel"),
                Fields.choice(element, \.level, "niveau", "Niveau") { $0.label },
                Fields.optionalLine(element, \.source, "bron", "Bron", hint: "Bijvoorbeeld \u{201C}Regionaal Beleidsplan 2023-2026\u{201D}."),
            ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
    }

    func partnerList() -> EditorList {
        let lens = PartLens<[Partner]>(get: { $0.partners }, set: { $0.partners = $1 })
        let organisationOptions = organisations.map { FormOption($0.key.rawValue, $0.name) }
        let themeOptions = plan.allThemes.map { FormOption($0.key.rawValue, $0.title) }
        return keyedList(lens, segment: "partners", title: "Partners", singular: "partner", addLabel: "Naam van de nieuwe partner", key: \.key, titleOf: \.name,
                         taken: { $0.partners.map(\.key) }, make: { Partner(key: $0, name: $1, type: .other) }) { element, id in
            let contacts = indexedList(element.list(\.contacts), segment: "contactpersonen", title: "Contactpersonen",
                                       singular: "contactpersoon", addLabel: "Naam van de nieuwe contactpersoon", titleOf: \.name, make: { Contact(name: $0) }) { contact, n in
                EditorPart(title: "Contactpersoon \(n)", segments: ["partners", id, "contactpersonen", n], fields: [
                    Fields.line(contact, \.name, "naam", "Naam"),
                    Fields.optionalLine(contact, \.function, "functie", "Functie"),
                    Fields.optionalLine(contact, \.email, "email", "E-mailadres"),
                    Fields.optionalLine(contact, \.phone, "telefoon", "Telefoon"),
                ], lists: [], chapter: nil, readerURL: .partners(plan.key))
            }
            return EditorPart(title: "Partner \u{201C}\(element.get(plan)?.name ?? id)\u{201D}", segments: ["partners", id], fields: [
                Fields.line(element, \.name, "naam", "Naam"),
                Fields.choice(element, \.type, "soort", "Soort organisatie") { $0.label },
                Fields.field(element, name: "status", label: "Status",
                             hint: "Laat \u{2018}Actieve partner\u{2019} staan voor een partner die al meedoet.",
                             input: .choice([FormOption("", "Actieve partner")] + PartnerStatus.allCases.map { FormOption($0.rawValue, $0.label) }),
                             read: { [$0.status?.rawValue ?? ""] },
                             write: { partner, values in partner.status = values.first.flatMap(PartnerStatus.init(rawValue:)); return nil }),
                Fields.keyChoices(element, \.themes, "themas", "Werkt aan de thema\u{2019}s", options: themeOptions),
                Fields.prose(element, \.role, "rol", "Rol in dit plan"),
                Fields.keyChoice(element, \.organisation, "organisatie", "Organisatie in Regie",
                                 options: organisationOptions + (element.get(plan)?.organisation.flatMap { key in
                                     organisationOptions.contains { $0.value == key.rawValue } ? nil : [FormOption(key.rawValue, "\(key.rawValue) (nog niet in Regie)")]
                                 } ?? []),
                                 hint: "Medewerkers van deze organisatie kunnen dan de voortgang bijwerken van acties die deze partner trekt."),
            ], lists: [contacts], chapter: nil, readerURL: .partners(plan.key))
        }
    }

    func bodyList() -> EditorList {
        let lens = PartLens<[ConsultationBody]>(get: { $0.consultationBodies }, set: { $0.consultationBodies = $1 })
        let themes = plan.allThemes.map { FormOption($0.key.rawValue, $0.title) }
        return keyedList(lens, segment: "overleggen", title: "Overleggen", singular: "overleg", addLabel: "Naam van het nieuwe overleg", key: \.key, titleOf: \.name,
                         taken: { $0.consultationBodies.map(\.key) }, make: { ConsultationBody(key: $0, name: $1) }) { element, id in
            EditorPart(title: "Overleg \u{201C}\(element.get(plan)?.name ?? id)\u{201D}", segments: ["overleggen", id], fields: [
                Fields.line(element, \.name, "naam", "Naam"),
                Fields.field(element, name: "status", label: "Status",
                             input: .choice([FormOption("", "(niet vermeld)")] + ConsultationBodyStatus.allCases.map { FormOption($0.rawValue, $0.label) }),
                             read: { [$0.status?.rawValue ?? ""] },
                             write: { body, values in body.status = values.first.flatMap(ConsultationBodyStatus.init(rawValue:)); return nil }),
                Fields.optionalLine(element, \.chair, "voorzitter", "Voorzitter"),
                Fields.lines(element, \.participants, "deelnemers", "Deelnemers", hint: "Eén functie of organisatie per regel."),
                Fields.optionalLine(element, \.rhythm, "ritme", "Hoe vaak", hint: "Bijvoorbeeld maandelijks of twee keer per jaar."),
                Fields.keyChoices(element, \.themes, "themas", "Thema's", options: themes),
                Fields.prose(element, \.purpose, "doel", "Doel"),
            ], lists: [], chapter: nil, readerURL: .partners(plan.key))
        }
    }

    func budgetList() -> EditorList {
        let lens = PartLens<[BudgetLine]>(get: { $0.finances.lines }, set: { $0.finances.lines = $1 })
        let themes = plan.allThemes.map { FormOption($0.key.rawValue, $0.title) }
        let actions = plan.actionsWithThemes.map { FormOption($0.action.key.rawValue, "\($0.action.description) (\($0.theme.title))") }
        return indexedList(lens, segment: "begroting", title: "Begrotingsposten", singular: "begrotingspost",
                           addLabel: "Omschrijving van de nieuwe begrotingspost",
                           titleOf: \.description, make: { BudgetLine(description: $0, amount: 0) }) { element, id in
            EditorPart(title: "Begrotingspost \u{201C}\(element.get(plan)?.description ?? id)\u{201D}", segments: ["begroting", id], fields: [
                Fields.line(element, \.description, "omschrijving", "Omschrijving"),
                Fields.field(element, name: "bedrag", label: "Bedrag in euro",
                             hint: "Bijvoorbeeld 25000 of 1,75. Noemt het plan geen bedrag? Laat het leeg en kies hieronder waarom.",
                             input: .line(maxLength: 30),
                             read: { [$0.amount.map(Dutch.decimal) ?? ""] },
                             write: { line, values in
                                 let text = Fields.clean(values)
                                 if text.isEmpty { line.amount = nil; return nil }
                                 guard let value = Dutch.parseDecimal(text) else { return "Vul een getal in, bijvoorbeeld 1250 of 12,5, of laat het leeg." }
                                 line.amount = value
                                 return nil
                             }),
                Fields.optionalChoice(element, \.withoutAmount, "zonder-bedrag", "Geen bedrag, omdat") { $0.label },
                Fields.choice(element, \.basis, "grondslag", "Grondslag") { $0.label },
                Fields.choice(element, \.recurrence, "frequentie", "Jaarlijks of eenmalig") { $0.label },
                Fields.optionalYear(element, \.year, "jaar", "Jaar",
                                    hint: "Leeg: bij een jaarlijkse post elk jaar van het plan, bij een eenmalige post een jaar dat nog niet vaststaat."),
                Fields.optionalLine(element, \.cover, "dekking", "Dekking"),
                Fields.keyChoice(element, \.theme, "thema", "Thema", options: themes),
                Fields.keyChoices(element, \.actions, "acties", "Betaalt de acties", options: actions),
            ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
    }

    /// The plan's own series of crime types for the analysis.
    func seriesList() -> EditorList {
        let lens = PartLens<[CrimeSeries]>(get: { $0.analysis?.series ?? [] }, set: { plan, series in
            var settings = plan.analysis ?? AnalysisSettings()
            settings.series = series
            plan.analysis = settings == AnalysisSettings() ? nil : settings
        })
        var list = keyedList(lens, segment: "reeksen", title: "Eigen reeksen voor de veiligheidsanalyse", singular: "reeks", addLabel: "",
                             key: \.key, titleOf: \.title, taken: { ($0.analysis?.series ?? []).map(\.key) + SeriesCatalogue.defaults.map(\.key) },
                             make: { CrimeSeries(key: $0, title: $1, crimeTypes: []) }) { element, id in
            EditorPart(title: "Reeks \u{201C}\(element.get(plan)?.title ?? id)\u{201D}", segments: ["reeksen", id], fields: [
                Fields.line(element, \.title, "titel", "Titel"),
                Fields.field(element, name: "misdrijfsoorten", label: "Misdrijfsoorten", hint: "Codes van de politie, één per regel, bijvoorbeeld 1.2.3.",
                             input: .lines(maxLength: 2000), required: true,
                             read: { [$0.crimeTypes.joined(separator: "\n")] },
                             write: { series, values in
                                 let codes = Fields.splitLines(values)
                                 if let wrong = codes.first(where: { !CrimeSeries.isCrimeTypeCode($0) }) {
                                     return "\u{201C}\(wrong)\u{201D} is geen misdrijfsoort; een code ziet eruit als 1.2.3."
                                 }
                                 series.crimeTypes = codes
                                 return nil
                             }),
                Fields.lines(element, \.themeWords, "themawoorden", "Woorden in thematitels die naar deze reeks wijzen"),
            ], lists: [], chapter: nil, readerURL: .analysis(.plan(plan.key)))
        }
        // A series needs its crime types from the start: "Fietsendiefstal: 1.2.3, 1.2.4".
        list.addLabel = "Titel en misdrijfsoorten, bijvoorbeeld Fietsendiefstal: 1.2.3"
        let add = list.add
        list.add = { plan, text in
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let codes = parts.count == 2 ? parts[1].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) : []
            guard parts.count == 2, !parts[0].isEmpty, !codes.isEmpty, codes.allSatisfy(CrimeSeries.isCrimeTypeCode) else {
                return .failure(.init(message: "Schrijf de titel, een dubbele punt en de misdrijfsoorten, bijvoorbeeld Fietsendiefstal: 1.2.3"))
            }
            let result = add(&plan, parts[0])
            if case .success(let id) = result, var series = plan.analysis?.series, let i = series.firstIndex(where: { $0.key.rawValue == id }) {
                series[i].crimeTypes = codes
                lens.set(&plan, series)
            }
            return result
        }
        return list
    }

    /// Who signed the council papers: role and name, asked for together when added.
    func signatoryList() -> EditorList {
        let lens = PartLens<[Signatory]>(get: { $0.signatories }, set: { $0.signatories = $1 })
        var list = indexedList(lens, segment: "ondertekening", title: "Ondertekening", singular: "ondertekenaar",
                               addLabel: "Rol en naam, bijvoorbeeld burgemeester: J. de Vries",
                               titleOf: \.name, make: { Signatory(role: "", name: $0) }) { element, id in
            EditorPart(title: "Ondertekenaar \u{201C}\(element.get(plan)?.name ?? id)\u{201D}", segments: ["ondertekening", id], fields: [
                Fields.line(element, \.role, "rol", "Rol", hint: "Bijvoorbeeld burgemeester, griffier of secretaris."),
                Fields.line(element, \.name, "naam", "Naam"),
            ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
        let add = list.add
        list.add = { plan, text in
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return .failure(.init(message: "Schrijf de rol, een dubbele punt en de naam, bijvoorbeeld burgemeester: J. de Vries"))
            }
            let result = add(&plan, parts[1])
            if case .success(let id) = result, let i = Int(id).map({ $0 - 1 }), plan.signatories.indices.contains(i) {
                plan.signatories[i].role = parts[0]
            }
            return result
        }
        return list
    }

    /// The council, the mayor, the executive, the triangle and committees with their role in the plan.
    func governanceList() -> EditorList {
        let lens = PartLens<[GovernanceBody]>(get: { $0.governanceBodies }, set: { $0.governanceBodies = $1 })
        return keyedList(lens, segment: "bestuur", title: "Bestuur", singular: "bestuursorgaan", addLabel: "Naam van het bestuursorgaan",
                         key: \.key, titleOf: \.name, taken: { $0.governanceBodies.map(\.key) },
                         make: { GovernanceBody(key: $0, name: $1, kind: .other) }) { element, id in
            EditorPart(title: "Bestuur \u{201C}\(element.get(plan)?.name ?? id)\u{201D}", segments: ["bestuur", id], fields: [
                Fields.line(element, \.name, "naam", "Naam"),
                Fields.choice(element, \.kind, "soort", "Soort bestuursorgaan") { $0.label },
                Fields.prose(element, \.role, "rol", "Rol in dit plan"),
            ], lists: [], chapter: nil, readerURL: .partners(plan.key))
        }
    }

    /// The laws and articles the plan relies on; themes choose from them.
    func legalBasisList() -> EditorList {
        let lens = PartLens<[LegalBasis]>(get: { $0.legalBases }, set: { $0.legalBases = $1 })
        return keyedList(lens, segment: "wettelijk-kader", title: "Wettelijk kader", singular: "wettelijke grondslag",
                         addLabel: "Wet of artikel, bijvoorbeeld Opiumwet artikel 13b", key: \.key, titleOf: \.law,
                         taken: { $0.legalBases.map(\.key) }, make: { LegalBasis(key: $0, law: $1) }) { element, id in
            EditorPart(title: "Wettelijke grondslag \u{201C}\(element.get(plan)?.citation ?? id)\u{201D}", segments: ["wettelijk-kader", id], fields: [
                Fields.line(element, \.law, "wet", "Wet", hint: "Bijvoorbeeld Politiewet 2012, Gemeentewet of Wet Bibob."),
                Fields.optionalLine(element, \.article, "artikel", "Artikel", hint: "Bijvoorbeeld artikel 38b. Leeg als het plan zich op de hele wet beroept."),
                Fields.prose(element, \.description, "omschrijving", "Wat de gemeente ermee kan"),
            ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
    }

    // MARK: Sources and figures (issue 11, point 4)

    /// A figure as an option: its label, value and period.
    static func figureOption(_ figure: PlanFigure) -> String {
        "\(figure.label): \(Dutch.decimal(figure.value))" + (figure.unit.map { " \($0)" } ?? "") + (figure.period.map { " (\($0.label))" } ?? "")
    }

    func sourceList() -> EditorList {
        let lens = PartLens<[PlanSource]>(get: { $0.sources }, set: { $0.sources = $1 })
        return keyedList(lens, segment: "bronnen", title: "Bronnen", singular: "bron", addLabel: "Titel van de nieuwe bron",
                         key: \.key, titleOf: \.title, taken: { $0.sources.map(\.key) },
                         make: { PlanSource(key: $0, title: $1) }) { element, id in
            EditorPart(title: "Bron \u{201C}\(element.get(plan)?.title ?? id)\u{201D}", segments: ["bronnen", id], fields: [
                Fields.line(element, \.title, "titel", "Titel", hint: "Bijvoorbeeld \u{201C}Kerncijfers wijken en buurten\u{201D}."),
                Fields.optionalLine(element, \.publisher, "uitgever", "Uitgever", hint: "Bijvoorbeeld CBS of Politie."),
                Fields.optionalYear(element, \.year, "jaar", "Jaar"),
                Fields.link(element, \.link, "link", "Link"),
            ], lists: [], chapter: nil, readerURL: .plan(plan.key))
        }
    }

    func figureList(_ lens: PartLens<[PlanFigure]>, base: [String], chapter: MunicipalityCode?, readerURL: SiteURL) -> EditorList {
        let sources = plan.sources.map { FormOption($0.key.rawValue, $0.citation) }
        return keyedList(lens, segment: "kerncijfers", title: "Kerncijfers", singular: "kerncijfer",
                         addLabel: "Omschrijving van het nieuwe kerncijfer", key: \.key, titleOf: \.label,
                         taken: { $0.allFigures.map(\.key) }, make: { PlanFigure(key: $0, label: $1, value: 0) }) { element, id in
            EditorPart(title: "Kerncijfer \u{201C}\(element.get(plan)?.label ?? id)\u{201D}", segments: base + ["kerncijfers", id], fields: [
                Fields.line(element, \.label, "omschrijving", "Omschrijving", hint: "Wat het cijfer telt, bijvoorbeeld \u{201C}Woninginbraken\u{201D}."),
                Fields.decimal(element, \.value, "waarde", "Waarde", hint: "Bijvoorbeeld 112 of 4,5."),
                Fields.optionalLine(element, \.unit, "eenheid", "Eenheid", hint: "Bijvoorbeeld aantal, per 1.000 inwoners of %."),
                Fields.field(element, name: "periode", label: "Periode", hint: "Een jaar, jaren of een kwartaal, bijvoorbeeld 2019, 2018-2019 of 2019-Q4.",
                             input: .line(maxLength: PeriodInput.maximumLength),
                             read: { [$0.period?.description ?? ""] },
                             write: { figure, values in
                                 let text = Fields.clean(values)
                                 if text.isEmpty { figure.period = nil; return nil }
                                 switch PeriodInput.measuredPeriod(text) {
                                 case .success(let period): figure.period = period; return nil
                                 case .failure(let message): return message.text
                                 }
                             }),
                Fields.optionalLine(element, \.area, "gebied", "Gebied", hint: "Bijvoorbeeld gemeente Doetinchem of wijk De Huet."),
                Fields.keyChoice(element, \.source, "bron", "Bron", options: sources,
                                 hint: "Staat de bron er niet bij? Voeg hem toe onder \u{2018}Kerncijfers en bronnen\u{2019} in de editor van het plan."),
                Fields.optionalLine(element, \.note, "opmerking", "Opmerking"),
                Fields.link(element, \.link, "link", "Link"),
            ], lists: [], chapter: chapter, readerURL: readerURL)
        }
    }

    // MARK: List builders

    func keyedList<E>(_ lens: PartLens<[E]>, segment: String, title: String, singular: String, addLabel: String,
                      key: WritableKeyPath<E, Key>, titleOf: KeyPath<E, String>, taken: @escaping (Plan) -> [Key],
                      make: @escaping (Key, String) -> E, current: [E]? = nil,
                      child: @escaping (PartLens<E>, String) -> EditorPart) -> EditorList {
        let elements = current ?? lens.get(plan) ?? []
        return EditorList(
            segment: segment, title: title, singular: singular, addLabel: addLabel, addInput: .line(maxLength: Fields.lineLength),
            items: elements.map { ($0[keyPath: key].rawValue, $0[keyPath: titleOf]) },
            add: { plan, text in
                guard var list = lens.get(plan) else { return .failure(.init(message: Fields.gone)) }
                let newKey = Plan.newKey(for: text, avoiding: taken(plan))
                list.append(make(newKey, text))
                lens.set(&plan, list)
                return .success(newKey.rawValue)
            },
            remove: { plan, id in
                guard var list = lens.get(plan), let i = list.firstIndex(where: { $0[keyPath: key].rawValue == id }) else { return false }
                list.remove(at: i)
                lens.set(&plan, list)
                return true
            },
            move: { plan, id, offset in
                guard var list = lens.get(plan), let i = list.firstIndex(where: { $0[keyPath: key].rawValue == id }),
                      list.move(at: i, by: offset) else { return false }
                lens.set(&plan, list)
                return true
            },
            child: { id in
                guard elements.contains(where: { $0[keyPath: key].rawValue == id }) else { return nil }
                return child(lens.elementLens { $0[keyPath: key].rawValue == id }, id)
            })
    }

    /// A list whose parts have no key: they are numbered from 1 in the URL.
    func indexedList<E>(_ lens: PartLens<[E]>, segment: String, title: String, singular: String, addLabel: String,
                        titleOf: KeyPath<E, String>, make: @escaping (String) -> E,
                        child: @escaping (PartLens<E>, String) -> EditorPart) -> EditorList {
        let elements = lens.get(plan) ?? []
        func index(_ id: String) -> Int? { Int(id).map { $0 - 1 } }
        return EditorList(
            segment: segment, title: title, singular: singular, addLabel: addLabel, addInput: .line(maxLength: Fields.lineLength),
            items: elements.enumerated().map { (String($0.offset + 1), $0.element[keyPath: titleOf]) },
            add: { plan, text in
                guard var list = lens.get(plan) else { return .failure(.init(message: Fields.gone)) }
                list.append(make(text))
                lens.set(&plan, list)
                return .success(String(list.count))
            },
            remove: { plan, id in
                guard var list = lens.get(plan), let i = index(id), list.indices.contains(i) else { return false }
                list.remove(at: i)
                lens.set(&plan, list)
                return true
            },
            move: { plan, id, offset in
                guard var list = lens.get(plan), let i = index(id), list.move(at: i, by: offset) else { return false }
                lens.set(&plan, list)
                return true
            },
            child: { id in
                guard let i = index(id), elements.indices.contains(i) else { return nil }
                let element = PartLens<E>(get: { plan in lens.get(plan).flatMap { $0.indices.contains(i) ? $0[i] : nil } },
                                          set: { plan, value in
                                              guard var list = lens.get(plan), list.indices.contains(i) else { return }
                                              list[i] = value
                                              lens.set(&plan, list)
                                          })
                return child(element, id)
            })
    }
}

extension PartLens {
    /// The element of this list that `matches`.
    func elementLens<E>(where matches: @escaping (E) -> Bool) -> PartLens<E> where Part == [E] {
        PartLens<E>(get: { plan in self.get(plan)?.first(where: matches) },
                    set: { plan, element in
                        guard var list = self.get(plan), let i = list.firstIndex(where: matches) else { return }
                        list[i] = element
                        self.set(&plan, list)
                    })
    }
}

extension SeriesMeasure {
    public var label: String {
        switch self {
        case .count: "aantal"
        case .ratePerThousand: "per 1.000 inwoners"
        }
    }
}

extension BudgetBasis {
    public var label: String {
        switch self {
        case .total: "totaalbedrag"
        case .perInhabitant: "per inwoner"
        }
    }
}
