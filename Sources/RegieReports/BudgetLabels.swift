import RegieCore

// Issue 11, point 5: Dutch words for budget lines without an amount and one-off lines.

extension UnquantifiedBudget {
    /// What the finances table shows instead of an amount.
    public var label: String {
        switch self {
        case .existingCapacity: "Binnen de bestaande formatie"
        case .followUpProposal: "Volgt in een apart voorstel"
        case .grantOfUnknownSize: "Bijdrage van onbekende hoogte"
        case .other: "Geen bedrag genoemd"
        }
    }
}

extension BudgetRecurrence {
    public var label: String {
        switch self {
        case .yearly: "Jaarlijks"
        case .oneOff: "Eenmalig"
        }
    }
}

extension BudgetLine {
    /// When the line is spent: "2022", "elk jaar", "eenmalig", "2022 (eenmalig)". A one-off line
    /// never reads "elk jaar".
    public var yearLabel: String {
        switch (year, recurrence) {
        case (let year?, .yearly): "\(year)"
        case (let year?, .oneOff): "\(year) (eenmalig)"
        case (nil, .yearly): "elk jaar"
        case (nil, .oneOff): "eenmalig"
        }
    }
}
