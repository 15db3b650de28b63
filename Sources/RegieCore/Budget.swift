import Foundation

// Issue 11, point 5: budget lines without an amount, one-off amounts, lines linked to actions.

/// Why a budget line names no amount, as plans write it.
public enum UnquantifiedBudget: String, CaseIterable, Hashable, Sendable, Codable {
    /// Done by the people already employed (binnen de bestaande formatie).
    case existingCapacity
    /// The money is asked for later, in a separate proposal.
    case followUpProposal
    /// A contribution (often national) whose size is not yet known.
    case grantOfUnknownSize
    /// Another reason, which the description or cover explains.
    case other
}

/// Whether a budget line's amount is spent every year or once.
public enum BudgetRecurrence: String, CaseIterable, Hashable, Sendable, Codable {
    /// Every year: of the plan when the line has no year, or in its year.
    case yearly
    /// Once: in its year, or in a year not yet known when the line has none.
    case oneOff
}

extension BudgetLine {
    enum CodingKeys: String, CodingKey {
        case description, amount, basis, year, cover, theme, withoutAmount, recurrence, actions
    }

    /// Reads stored documents, including those written before lines could lack an amount, be
    /// one-off or name actions.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(description: try c.decode(String.self, forKey: .description),
                  amount: try c.decodeIfPresent(Decimal.self, forKey: .amount),
                  basis: try c.decode(BudgetBasis.self, forKey: .basis),
                  year: try c.decodeIfPresent(Int.self, forKey: .year),
                  cover: try c.decodeIfPresent(String.self, forKey: .cover),
                  theme: try c.decodeIfPresent(Key.self, forKey: .theme),
                  withoutAmount: try c.decodeIfPresent(UnquantifiedBudget.self, forKey: .withoutAmount),
                  recurrence: try c.decodeIfPresent(BudgetRecurrence.self, forKey: .recurrence) ?? .yearly,
                  actions: try c.decodeIfPresent([Key].self, forKey: .actions) ?? [])
    }

    /// Whether the line holds for every year of the plan: yearly and without a year of its own.
    public var isEveryYear: Bool { year == nil && recurrence == .yearly }

    /// Whether the line is spent once in a year not yet known.
    public var isOneOffOfUnknownYear: Bool { year == nil && recurrence == .oneOff }
}

extension Plan {
    /// Every action of the plan, common and local, with its theme.
    public var actionsWithThemes: [(theme: Theme, action: Action)] {
        allThemes.flatMap { theme in theme.allActions.map { (theme, $0) } }
    }

    /// The budget lines that pay for the action `key`.
    public func budgetLines(paying key: Key) -> [BudgetLine] {
        finances.lines.filter { $0.actions.contains(key) }
    }
}
