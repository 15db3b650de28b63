import Foundation

/// What copying a plan for the next period does with the years of the old plan.
public enum CopyDates: String, CaseIterable, Hashable, Sendable, Codable {
    /// Plannings, target years and budget years move by the difference between the periods
    /// (2021-2024 to 2025-2028: four years later); a quarter stays the same quarter.
    case shift
    /// They stay as they are; whatever falls outside the new period is flagged for review.
    case keep
}

/// One part of a plan that a copy changed or that needs a look, by its keys, so a page can link
/// to exactly that part in the editor.
public enum PlanItem: Hashable, Sendable, Codable {
    /// An action of a theme, or of one of its tracks.
    case action(theme: Key, track: Key?, action: Key)
    case indicator(theme: Key, indicator: Key)
    /// A budget line by its place in the list, from 0.
    case budgetLine(index: Int)
    case consultationBody(Key)
    /// The plan as a whole (for a local chapter that was left out, say).
    case plan
    /// A partner, by its key (issue 11: the themes it works on).
    case partner(Key)
}

/// One thing a copy did, or one thing in the new plan that needs attention.
public struct CopyNote: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        /// What the copy changed.
        case planningShifted(from: PlannedPeriod, to: PlannedPeriod)
        case targetShifted(from: PlannedPeriod, to: PlannedPeriod)
        case budgetYearShifted(from: Int, to: Int)
        /// References the copy had to drop, because what they pointed to is not in the new plan.
        case localChapterDropped(MunicipalityCode)
        case budgetThemeDropped(Key)
        case bodyThemeDropped(Key)
        /// A budget line paid for an action that is not in the new plan (issue 11, point 5).
        case budgetActionDropped(Key)
        /// What needs attention in the new plan.
        case planningOutsidePeriod(PlannedPeriod)
        case targetOutsidePeriod(PlannedPeriod)
        case budgetYearOutsidePeriod(Int)
        /// A baseline measured long before the period starts (more than
        /// ``CopyReport/maximumBaselineAge`` years).
        case baselineOld(PlannedPeriod)
        // Issue 11: a partner's theme that is not in the new plan.
        case partnerThemeDropped(Key)
    }

    public var item: PlanItem
    /// What readers call the part: the action's description, the indicator's name, …
    public var title: String
    public var kind: Kind

    public init(item: PlanItem, title: String, kind: Kind) {
        self.item = item
        self.title = title
        self.kind = kind
    }
}

/// What a copy for the next period changed and dropped, for the page shown after copying and
/// for the audit trail.
public struct CopyReport: Hashable, Sendable, Codable {
    public var sourceKey: Key
    public var sourceTitle: String
    public var sourcePeriod: YearRange
    public var period: YearRange
    public var dates: CopyDates
    /// The years everything moved by; 0 when the dates were kept.
    public var shift: Int
    /// Plannings, targets and budget years moved, in plan order.
    public var shifted: [CopyNote]
    /// References that had to go.
    public var dropped: [CopyNote]
    /// How many texts had hard line breaks inside paragraphs taken out (``Prose/reflow(_:)``).
    public var reflowedTexts: Int

    /// A baseline whose last year lies more than this many years before the new period starts is
    /// flagged: for a plan from 2025, a baseline of 2022 or earlier.
    public static let maximumBaselineAge = 2

    /// The years between two plan periods: how much later the new one starts.
    public static func shift(from old: YearRange, to new: YearRange) -> Int { new.first - old.first }

    public var planningsShifted: Int { shifted.count(where: { if case .planningShifted = $0.kind { true } else { false } }) }
    public var targetsShifted: Int { shifted.count(where: { if case .targetShifted = $0.kind { true } else { false } }) }
    public var budgetYearsShifted: Int { shifted.count(where: { if case .budgetYearShifted = $0.kind { true } else { false } }) }

    /// What needs a look in `plan` now: plannings, targets and budget years outside its period,
    /// and baselines older than ``maximumBaselineAge`` years before the period starts. Computed
    /// from the plan as it is, so what the officer has fixed no longer shows.
    public static func attention(in plan: Plan) -> [CopyNote] {
        var notes: [CopyNote] = []
        let period = plan.period
        for theme in plan.allThemes {
            for indicator in theme.indicators {
                let item = PlanItem.indicator(theme: theme.key, indicator: indicator.key)
                if let baseline = indicator.baseline?.period, let years = baseline.years,
                   years.upperBound < period.first - maximumBaselineAge {
                    notes.append(CopyNote(item: item, title: indicator.name, kind: .baselineOld(baseline)))
                }
                if let target = indicator.target?.period, !period.contains(target) {
                    notes.append(CopyNote(item: item, title: indicator.name, kind: .targetOutsidePeriod(target)))
                }
            }
            func check(_ actions: [Action], track: Key?) {
                for action in actions {
                    if let planning = action.planning, !period.contains(planning) {
                        notes.append(CopyNote(item: .action(theme: theme.key, track: track, action: action.key),
                                              title: action.description, kind: .planningOutsidePeriod(planning)))
                    }
                }
            }
            check(theme.actions, track: nil)
            for track in theme.tracks { check(track.actions, track: track.key) }
        }
        for (i, line) in plan.finances.lines.enumerated() {
            if let year = line.year, !period.years.contains(year) {
                notes.append(CopyNote(item: .budgetLine(index: i), title: line.description, kind: .budgetYearOutsidePeriod(year)))
            }
        }
        return notes
    }
}

/// A copy of a plan as the start of the next one, with what the copy did.
public struct PlanCopy: Hashable, Sendable {
    public var plan: Plan
    public var report: CopyReport
}

extension Plan {
    /// A copy of this plan as the start of the next plan: same content, a new key, title, owner
    /// and period, back to concept, without adoption decisions, action progress reset, texts
    /// reflowed. With ``CopyDates/shift`` plannings, target years and budget years move by the
    /// difference between the periods; baselines stay (they were measured when they were).
    /// Nothing is dropped silently: the report lists what moved and which references had to go.
    public func copyForNextPlan(key: Key, title: String, period: YearRange, owner: PlanOwner? = nil,
                                dates: CopyDates = .shift) -> PlanCopy {
        var copy = self
        copy.key = key
        copy.title = title
        copy.period = period
        copy.status = .draft
        copy.adoptions = []
        copy.councilOffers = []
        copy.signatories = []
        if let owner { copy.owner = owner }
        let shift = dates == .shift ? CopyReport.shift(from: self.period, to: period) : 0
        var shifted: [CopyNote] = []
        var dropped: [CopyNote] = []

        // Local chapters only belong to members of the collaboration they were written for.
        let members = Set(copy.owner.municipalities.map(\.code))
        let isCollaboration = if case .collaboration = copy.owner { true } else { false }
        for chapter in copy.localChapters where !isCollaboration || !members.contains(chapter.municipality) {
            dropped.append(CopyNote(item: .plan, title: chapter.municipality.rawValue, kind: .localChapterDropped(chapter.municipality)))
        }
        copy.localChapters.removeAll { !isCollaboration || !members.contains($0.municipality) }
        // Shared actions of a dropped chapter's themes go with the chapter.
        copy.removeBrokenSharedActions()

        func update(_ theme: inout Theme) {
            let themeKey = theme.key
            func update(_ actions: inout [Action], track: Key?) {
                for i in actions.indices {
                    if actions[i].status != nil { actions[i].status = .planned }
                    actions[i].progressNote = ""
                    guard shift != 0, let planning = actions[i].planning, planning.years != nil,
                          let moved = planning.shifted(byYears: shift) else { continue }
                    actions[i].planning = moved
                    shifted.append(CopyNote(item: .action(theme: themeKey, track: track, action: actions[i].key),
                                            title: actions[i].description, kind: .planningShifted(from: planning, to: moved)))
                }
            }
            update(&theme.actions, track: nil)
            for t in theme.tracks.indices { update(&theme.tracks[t].actions, track: theme.tracks[t].key) }
            for i in theme.indicators.indices {
                guard shift != 0, var target = theme.indicators[i].target, target.period.years != nil,
                      let moved = target.period.shifted(byYears: shift) else { continue }
                shifted.append(CopyNote(item: .indicator(theme: theme.key, indicator: theme.indicators[i].key),
                                        title: theme.indicators[i].name, kind: .targetShifted(from: target.period, to: moved)))
                target.period = moved
                theme.indicators[i].target = target
            }
        }
        for i in copy.themes.indices { update(&copy.themes[i]) }
        for c in copy.localChapters.indices {
            for i in copy.localChapters[c].themes.indices { update(&copy.localChapters[c].themes[i]) }
        }

        let themeKeys = Set(copy.allThemes.map(\.key))
        for i in copy.finances.lines.indices {
            if shift != 0, let year = copy.finances.lines[i].year, YearRange.plausible.contains(year + shift) {
                copy.finances.lines[i].year = year + shift
                shifted.append(CopyNote(item: .budgetLine(index: i), title: copy.finances.lines[i].description,
                                        kind: .budgetYearShifted(from: year, to: year + shift)))
            }
            if let theme = copy.finances.lines[i].theme, !themeKeys.contains(theme) {
                copy.finances.lines[i].theme = nil
                dropped.append(CopyNote(item: .budgetLine(index: i), title: copy.finances.lines[i].description, kind: .budgetThemeDropped(theme)))
            }
            let actionKeys = Set(copy.actionKeys)
            for action in copy.finances.lines[i].actions where !actionKeys.contains(action) {
                dropped.append(CopyNote(item: .budgetLine(index: i), title: copy.finances.lines[i].description, kind: .budgetActionDropped(action)))
            }
            copy.finances.lines[i].actions.removeAll { !actionKeys.contains($0) }
        }
        for i in copy.consultationBodies.indices {
            for theme in copy.consultationBodies[i].themes where !themeKeys.contains(theme) {
                dropped.append(CopyNote(item: .consultationBody(copy.consultationBodies[i].key), title: copy.consultationBodies[i].name,
                                        kind: .bodyThemeDropped(theme)))
            }
            copy.consultationBodies[i].themes.removeAll { !themeKeys.contains($0) }
        }
        for i in copy.partners.indices {
            for theme in copy.partners[i].themes where !themeKeys.contains(theme) {
                dropped.append(CopyNote(item: .partner(copy.partners[i].key), title: copy.partners[i].name, kind: .partnerThemeDropped(theme)))
            }
            copy.partners[i].themes.removeAll { !themeKeys.contains($0) }
        }

        var reflowed = 0
        copy.mapProse { prose in
            let result = prose.reflowed
            if result != prose { reflowed += 1 }
            return result
        }

        let report = CopyReport(sourceKey: self.key, sourceTitle: self.title, sourcePeriod: self.period, period: period,
                                dates: dates, shift: shift, shifted: shifted, dropped: dropped, reflowedTexts: reflowed)
        return PlanCopy(plan: copy, report: report)
    }

    /// Applies `transform` to every text of the plan that is prose, in document order.
    public mutating func mapProse(_ transform: (Prose) -> Prose) {
        func sections(_ list: inout [Section]) {
            for i in list.indices { list[i].text = transform(list[i].text) }
        }
        func actions(_ list: inout [Action]) {
            for i in list.indices {
                list[i].expectedResult = transform(list[i].expectedResult)
                list[i].progressNote = transform(list[i].progressNote)
            }
        }
        func theme(_ theme: inout Theme) {
            theme.summary = transform(theme.summary)
            theme.why = transform(theme.why)
            theme.problem = transform(theme.problem)
            theme.focusPoints = transform(theme.focusPoints)
            theme.principles = transform(theme.principles)
            theme.approach = transform(theme.approach)
            for i in theme.goals.indices { theme.goals[i].description = transform(theme.goals[i].description) }
            actions(&theme.actions)
            for i in theme.tracks.indices {
                theme.tracks[i].description = transform(theme.tracks[i].description)
                actions(&theme.tracks[i].actions)
            }
            if theme.analysis != nil { theme.analysis!.interpretation = transform(theme.analysis!.interpretation) }
        }
        foreword = transform(foreword)
        introduction = transform(introduction)
        missionVision = transform(missionVision)
        sections(&guidingPrinciples)
        scope = transform(scope)
        sections(&trends)
        sections(&focusLenses)
        for i in themes.indices { theme(&themes[i]) }
        for c in localChapters.indices {
            localChapters[c].introduction = transform(localChapters[c].introduction)
            for i in localChapters[c].themes.indices { theme(&localChapters[c].themes[i]) }
        }
        for i in partners.indices { partners[i].role = transform(partners[i].role) }
        for i in consultationBodies.indices { consultationBodies[i].purpose = transform(consultationBodies[i].purpose) }
        monitoring = transform(monitoring)
        finances.text = transform(finances.text)
        if analysis != nil { analysis!.introduction = transform(analysis!.introduction) }
    }
}
