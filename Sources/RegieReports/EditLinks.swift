import RegieHTML
import RegieCore

/// What the signed-in account may change in the plan at hand, for the edit links on the reading
/// pages. The editor applies the same rule (``allows(chapter:)``) before it opens a form.
public struct EditAccess: Sendable, Equatable {
    /// May change the plan-wide parts, common themes, partners and the rest.
    public var common: Bool
    /// The local chapters this account may change.
    public var chapters: Set<MunicipalityCode>

    public init(common: Bool, chapters: Set<MunicipalityCode>) {
        self.common = common
        self.chapters = chapters
    }

    /// Whether a part in the local chapter `chapter` (nil: the common plan) may be changed.
    public func allows(chapter: MunicipalityCode?) -> Bool {
        chapter.map { chapters.contains($0) } ?? common
    }
}

/// Edit links beside the items of a reading page, each to exactly that item's page in the
/// editor. Only accounts that may change the item see them (``PageContext/editAccess``).
enum EditLinks {
    /// The account's access, when it may edit the plan on this page at all.
    static var access: EditAccess? { PageContext.current?.editAccess }

    /// A "Bewerken" link to the editor at `segments`, whose accessible name says what it edits
    /// (`name`), in a paragraph of its own (or a span when `inline`); nothing when the account may
    /// not change a part of `chapter`.
    static func link(_ plan: Plan, _ segments: [String], name: String, chapter: MunicipalityCode?, fragment: String? = nil,
                     inline: Bool = false) -> Body {
        guard let access, access.allows(chapter: chapter) else { return .empty }
        let link: Body = .a(.href(SiteURL.edit(plan.key, segments).path + (fragment.map { "#\($0)" } ?? "")),
                            .text("Bewerken"), .span(.class("visually-hidden"), .text(": \(name)")))
        return inline ? .span(.class("edit-link"), .text(" · "), link) : .p(.class("edit-link"), link)
    }

    /// A link to a plan-wide text field `field` in the editor's section of the plan's texts.
    static func planText(_ plan: Plan, _ field: String, name: String) -> Body {
        link(plan, ["teksten"], name: name, chapter: nil, fragment: "veld-\(field)")
    }

    /// A link to theme `theme`'s editor, to section `section` and optionally a field in it.
    static func theme(_ plan: Plan, _ theme: Theme, section: String, field: String? = nil, name: String, inline: Bool = false) -> Body {
        link(plan, PlanEditor.themePath(theme.key, in: plan) + [section], name: name,
             chapter: plan.chapter(ofTheme: theme.key), fragment: field.map { "veld-\($0)" }, inline: inline)
    }

    /// A link to the editor page of one part of theme `theme` (a goal, indicator, track).
    static func themePart(_ plan: Plan, _ theme: Theme, _ segments: [String], name: String) -> Body {
        link(plan, PlanEditor.themePath(theme.key, in: plan) + segments, name: name, chapter: plan.chapter(ofTheme: theme.key))
    }

    /// A link to the editor page of action `action` of theme `theme`.
    static func action(_ plan: Plan, _ theme: Theme, _ action: Action) -> Body {
        link(plan, PlanEditor.actionPath(action.key, theme: theme, in: plan), name: "actie \u{201C}\(action.description)\u{201D}",
             chapter: plan.chapter(ofTheme: theme.key))
    }
}
