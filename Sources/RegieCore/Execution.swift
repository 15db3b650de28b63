import Foundation

/// Running the plan (uitvoering) between adoptions: what changes without the council.
///
/// The council adopts the plan's content: themes, goals, indicators, agreements and what they are
/// meant to achieve. How an agreement is going (its status and progress note) and when it is
/// carried out (its planning) belong to running the plan, which the yearly implementation
/// programme holds. These can change after adoption without a new version, and while a new
/// version is being prepared they change in the adopted version readers see as well as in the
/// concept, so no report is lost when the new version is adopted.
public struct ExecutionUpdate: Hashable, Sendable {
    public var action: Key
    /// The new status; nil: the action has no status.
    public var status: ActionStatus?
    public var progressNote: Prose
    /// The new planning when the update moves it (`.some(nil)` removes it); nil leaves it as it is.
    public var planning: PlannedPeriod??

    public init(action: Key, status: ActionStatus?, progressNote: Prose, planning: PlannedPeriod?? = nil) {
        self.action = action
        self.status = status
        self.progressNote = progressNote
        self.planning = planning
    }

    /// The fields of an action that running the plan changes; every other field is content.
    public static let actionFields: Set<String> = ["status", "progressNote", "planning"]
}

extension Plan {
    /// Applies `update` to the action with its key, wherever it is (a theme, a track, a local
    /// chapter). Returns false when the plan has no such action; the plan is then unchanged.
    @discardableResult
    public mutating func apply(_ update: ExecutionUpdate) -> Bool {
        var found = false
        func change(_ actions: inout [Action]) {
            for i in actions.indices where actions[i].key == update.action {
                actions[i].status = update.status
                actions[i].progressNote = update.progressNote
                if let planning = update.planning { actions[i].planning = planning }
                found = true
            }
        }
        func change(_ theme: inout Theme) {
            change(&theme.actions)
            for t in theme.tracks.indices { change(&theme.tracks[t].actions) }
        }
        for i in themes.indices { change(&themes[i]) }
        for c in localChapters.indices {
            for i in localChapters[c].themes.indices { change(&localChapters[c].themes[i]) }
        }
        return found
    }

    /// The action with `key` and the theme it belongs to, common or local.
    public func action(_ key: Key) -> (theme: Theme, action: Action)? {
        for theme in allThemes {
            if let action = theme.allActions.first(where: { $0.key == key }) { return (theme, action) }
        }
        return nil
    }
}
