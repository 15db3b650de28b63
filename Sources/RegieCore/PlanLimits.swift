import Foundation

/// The limits every way into a plan shares: the browser's forms, the plan file and the command
/// line. The editor sizes its fields with these and ``Plan/problems()`` checks them, so a plan
/// file cannot store what the browser would refuse.
public enum PlanLimits {
    /// Titles, names and other one-line texts.
    public static let lineLength = 300
    /// The description of an action (the agreement itself), which may run to a few sentences.
    public static let descriptionLength = 2_000
    /// Texts of paragraphs and bullet lists (prose).
    public static let textLength = 20_000
    /// The body that adopted a plan, as the status page asks for it.
    public static let adoptionBodyLength = 200
    /// The decision number of an adoption.
    public static let decisionNumberLength = 100

    /// Plan keys that are pages of their own below `/plannen/`.
    public static let reservedPlanKeys: Set<String> = ["nieuw"]
    /// Keys that a part of a plan cannot have: they are the editor's actions in the addresses
    /// below `/plannen/KEY/bewerken/` (`…/themas/toevoegen`).
    public static let reservedPartKeys: Set<String> = ["toevoegen", "verwijderen", "omhoog", "omlaag"]

    /// Whether `key` may be a plan's key.
    public static func isAllowedPlanKey(_ key: Key) -> Bool { !reservedPlanKeys.contains(key.rawValue) }

    /// Whether `key` may be the key of a part (theme, goal, action, partner, …).
    public static func isAllowedPartKey(_ key: Key) -> Bool { !reservedPartKeys.contains(key.rawValue) }
}
