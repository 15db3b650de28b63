import RegieCore

// Issue 11, point 6: a planning that depends on someone else.

extension Action {
    /// The planning as pages show it: "2025", or "Afhankelijk van het besluit van de provincie;
    /// verwacht 2025" when the moment depends on someone else; nil when neither is known.
    public var planningLabel: String? {
        guard let dependency = planningDependency else { return planning?.label }
        return "Afhankelijk van \(dependency)" + (planning.map { "; verwacht \($0.label)" } ?? "")
    }
}
