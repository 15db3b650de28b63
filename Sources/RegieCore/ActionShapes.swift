import Foundation

/// One structured item of an action: a focus point (aandachtspunt) or a sub-goal (subdoel).
public struct ActionPart: Hashable, Sendable, Codable {
    public var kind: ActionPartKind
    public var text: String

    public init(kind: ActionPartKind, text: String) {
        self.kind = kind
        self.text = text
    }
}

public enum ActionPartKind: String, CaseIterable, Hashable, Sendable, Codable {
    case focusPoint
    case subGoal
}

extension Theme {
    /// The theme's agreements (its own and its tracks'): every action that is no example.
    public var agreements: [Action] { allActions.filter { !$0.isExample } }

    /// The theme's examples of what will be done (its own and its tracks').
    public var examples: [Action] { allActions.filter(\.isExample) }

    /// Theme's own agreements that serve `goal`, outside its tracks, in plan order.
    public func directAgreements(for goal: Goal) -> [Action] {
        actions.filter { $0.goal == goal.key && !$0.isExample }
    }

    /// The track that holds the action with `key`, if it is in one.
    public func track(holding key: Key) -> Track? {
        tracks.first { $0.actions.contains { $0.key == key } }
    }

    /// Whether the theme itself (or one of its tracks) holds the action with `key`.
    public func holds(_ key: Key) -> Bool { allActions.contains { $0.key == key } }
}

extension Plan {
    /// The actions of other themes that `theme` lists as also serving it, with their home theme,
    /// in the order the theme lists them. References that do not resolve are left out.
    public func sharedActions(of theme: Theme) -> [(home: Theme, action: Action)] {
        theme.sharedActions.compactMap { key in
            guard let found = action(key), found.theme.key != theme.key else { return nil }
            return (found.theme, found.action)
        }
    }

    /// The themes, other than its home, that list the action with `key` as serving them too.
    public func themesSharing(_ key: Key) -> [Theme] {
        allThemes.filter { $0.sharedActions.contains(key) && !$0.holds(key) }
    }

    /// Removes every theme's references to actions that no longer exist (after an action or
    /// theme is removed), so removing never leaves a broken reference behind.
    public mutating func removeBrokenSharedActions() {
        let keys = Set(allThemes.flatMap { $0.allActions.map(\.key) })
        for i in themes.indices { themes[i].sharedActions.removeAll { !keys.contains($0) } }
        for c in localChapters.indices {
            for i in localChapters[c].themes.indices { localChapters[c].themes[i].sharedActions.removeAll { !keys.contains($0) } }
        }
    }
}
