import RegieCore

// Dutch words for the shapes of actions (issue 11): no status, the kinds of an action's parts.

extension ActionStatus {
    /// What an action without a status shows where a status is expected.
    public static let noneLabel = "Geen status"
}

extension ActionPartKind {
    public var label: String {
        switch self {
        case .focusPoint: "Aandachtspunt"
        case .subGoal: "Subdoel"
        }
    }

    public var pluralLabel: String {
        switch self {
        case .focusPoint: "Aandachtspunten"
        case .subGoal: "Subdoelen"
        }
    }
}
