import Foundation
import RegieHTML
import RegieCore

/// Someone else's save that the user's form would overwrite.
public struct EditConflict {
    public var by: String
    public var at: Date?
    /// The other's values, as label and text.
    public var theirs: [(label: String, value: String)]

    public init(by: String, at: Date?, theirs: [(label: String, value: String)]) {
        self.by = by
        self.at = at
        self.theirs = theirs
    }
}

/// The edit page of one part: its form, and its lists with add, reorder and remove.
public struct EditorPage {
    public var plan: Plan
    public var part: EditorPart
    /// What the form shows: the stored values, or what the user typed when a save failed.
    public var values: [String: [String]]
    public var errors: [String: String]
    /// Problems of the plan as a whole that the change would cause.
    public var problems: [String]
    public var fingerprint: String
    public var notice: String?
    public var conflict: EditConflict?
    /// Messages from a failed add, per list segment, with what was typed.
    public var addErrors: [String: (typed: String, message: String)]
    /// Whether this account may change the part (false shows it read-only with the reason).
    public var editable: Bool
    public var readOnlyReason: String?
    /// The anchor of the item just saved (`acties-x`), from the address after a save: the page
    /// confirms which item was saved and marks it.
    public var savedItem: String?

    public init(plan: Plan, part: EditorPart, values: [String: [String]]? = nil, errors: [String: String] = [:],
                problems: [String] = [], fingerprint: String? = nil, notice: String? = nil, conflict: EditConflict? = nil,
                addErrors: [String: (typed: String, message: String)] = [:], editable: Bool = true, readOnlyReason: String? = nil,
                savedItem: String? = nil) {
        self.plan = plan
        self.part = part
        self.values = values ?? Dictionary(uniqueKeysWithValues: part.fields.map { ($0.name, $0.values(in: plan)) })
        self.errors = errors
        self.problems = problems
        self.fingerprint = fingerprint ?? part.fingerprint(in: plan)
        self.notice = notice
        self.conflict = conflict
        self.addErrors = addErrors
        self.editable = editable
        self.readOnlyReason = readOnlyReason
        self.savedItem = savedItem
    }

    /// Where the form goes: the section's page when the part is split.
    var url: String { SiteURL.edit(plan.key, part.pageSegments).path }
    /// The part's own address, below which its lists' items live.
    var partURL: String { SiteURL.edit(plan.key, part.segments).path }

    /// The anchor of an item in a list on the page, as links after a save point to it.
    public static func anchor(_ segment: String, _ id: String) -> String { "\(segment)-\(id)" }

    /// The confirmation after a save, naming the item when one was saved.
    var confirmation: String? {
        guard let savedItem else { return notice }
        for list in part.lists {
            if let item = list.items.first(where: { Self.anchor(list.segment, $0.id) == savedItem }) {
                return "Opgeslagen: \(list.singular) \u{201C}\(item.title)\u{201D}. U kunt hieronder verder werken."
            }
        }
        return notice ?? "Opgeslagen."
    }

    public func render() -> String {
        let errorList: [(field: String?, label: String, message: String)] =
            part.fields.compactMap { field in errors[field.name].map { (field.name, field.label, $0) } }
            + problems.map { (nil, "", $0) }
        return Layout.page(title: (part.section.map { "\($0.title) – " } ?? "") + "\(part.title) bewerken", crumbs: editorCrumbs(), [
            .header(.class("plan-header"),
                .p(.class("kicker"), .text("Bewerken · \(plan.title)")),
                .h1(.text(part.title)),
                .p(.class("meta"), .text("Status: "), Layout.statusBadge(plan.status), .text(" · "),
                   .a(.href(SiteURL.planStatus(plan.key).path), .text("status en versies")), .text(" · "),
                   .a(.href(part.readerURL.path), .text("bekijken zoals lezers het zien")))
            ),
            sectionNavigation(),
            .unwrap(part.section) { .h2(.class("section-title"), .text($0.title)) },
            .unwrap(confirmation) { .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .unwrap(readOnlyReason) { .div(.class("notice"), .p(.text($0))) },
            .unwrap(conflict) { conflictBlock($0) },
            H.errorSummary(errorList),
            H.errorSummary(addErrors.sorted { $0.key < $1.key }.map { segment, failed in
                (Optional("nieuw-\(segment)"), part.list(segment)?.addLabel ?? "", failed.message)
            }, idPrefix: "toevoegen"),
            .if(!part.fields.isEmpty, editable ? form() : readOnly()),
            .forEach(part.lists) { list($0) },
        ])
    }

    private func editorCrumbs() -> [Crumb] {
        var crumbs = PlanNav.crumbs(plan)
        // Each level above this part links to its own edit page.
        let editor = PlanEditor(plan: plan, organisations: [])
        var segments: [String] = []
        crumbs.append(Crumb("Bewerken", .edit(plan.key, [])))
        var rest = part.segments[...]
        while rest.count > 2 {
            segments += Array(rest.prefix(2))
            rest = rest.dropFirst(2)
            if let above = editor.part(at: segments) { crumbs.append(Crumb(above.title, .edit(plan.key, segments))) }
        }
        if part.segments.isEmpty { crumbs.removeLast() }
        // Each level links to the section that holds the way down to this part.
        for i in crumbs.indices {
            guard case .edit(let key, let path) = crumbs[i].url, key == plan.key, path.count < part.segments.count,
                  let above = editor.part(at: path), !above.sections.isEmpty else { continue }
            crumbs[i].url = .edit(key, path + [part.segments[path.count]])
        }
        return crumbs
    }

    /// Links to the part's sections, the current one marked.
    private func sectionNavigation() -> Body {
        guard !part.sections.isEmpty else { return .empty }
        return .nav(.class("sections"), .attribute(named: "aria-label", value: "Onderdelen van \(part.title)"),
            .ul(.forEach(part.sections) { section in
                .li(section == part.section
                    ? .a(.href(SiteURL.edit(plan.key, part.segments + [section.slug]).path), .attribute(named: "aria-current", value: "page"),
                         .text(section.title))
                    : .a(.href(SiteURL.edit(plan.key, part.segments + [section.slug]).path), .text(section.title)))
            }))
    }

    private func form() -> Body {
        H.form(url, class: "editor", [
            H.hidden("vorige", fingerprint),
            .forEach(part.fields) { field in H.field(field, values: values[field.name] ?? [], error: errors[field.name]) },
            .div(.class("button-row"), H.submit("Opslaan")),
        ])
    }

    private func readOnly() -> Body {
        .dl(.class("facts"), .forEach(part.fields) { field in
            let shown = Self.display(field, values[field.name] ?? [])
            return .group(.dt(.text(field.label)), .dd(shown.isEmpty ? .text("–") : {
                if case .text = field.input { return Layout.prose(Prose(shown)) }
                return .span(.class("pre"), .text(shown))
            }()))
        })
    }

    /// A field's value as readers understand it: choices by their labels.
    public static func display(_ field: FormField, _ values: [String]) -> String {
        switch field.input {
        case .choice(let options), .choices(let options):
            return values.compactMap { value in value.isEmpty ? nil : options.first { $0.value == value }?.label ?? value }
                .joined(separator: ", ")
        default:
            return values.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private func conflictBlock(_ conflict: EditConflict) -> Body {
        .section(.class("conflict"), .attribute(named: "role", value: "alert"),
            .h2(.text("Iemand anders heeft dit onderdeel intussen gewijzigd")),
            .p(.text("Uw wijziging is niet opgeslagen, zodat het werk van \(conflict.by)"
                     + (conflict.at.map { " (opgeslagen \(Format.dateTime($0)))" } ?? "")
                     + " niet verloren gaat. Hieronder staat hun versie; uw invoer staat nog in het formulier. Neem over wat u wilt houden en sla opnieuw op.")),
            .table(.class("theirs"),
                .caption(.text("De versie die nu is opgeslagen")),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Veld")), .th(.attribute(named: "scope", value: "col"), .text("Opgeslagen waarde")))),
                .tbody(.forEach(conflict.theirs) { row in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(row.label)), .td(.class("pre"), .text(row.value.isEmpty ? "–" : row.value)))
                })
            )
        )
    }

    private func list(_ list: EditorList) -> Body {
        let listURL = partURL + "/" + list.segment
        let headingID = "lijst-\(list.segment)"
        return .section(.class("editor-list"), .attribute(named: "aria-labelledby", value: headingID),
            .h2(.id(headingID), .text(list.title)),
            list.items.isEmpty
                ? .p(.class("muted"), .text("Nog geen \(list.title.lowercased())."))
                : .ol(.class("parts"), .forEach(Array(list.items.enumerated())) { index, item in
                    .li(.id(Self.anchor(list.segment, item.id)),
                        .if(savedItem == Self.anchor(list.segment, item.id), .class("saved")),
                        .a(.href(listURL + "/" + item.id), .text(item.title.isEmpty ? "(zonder titel)" : item.title)),
                        .if(editable, .span(.class("part-actions"),
                            .if(index > 0, H.button("Omhoog", to: listURL + "/" + item.id + "/omhoog", hidden: [("vorige", list.fingerprint)],
                                                    accessibleLabel: "\(item.title) omhoog")),
                            .if(index < list.items.count - 1, H.button("Omlaag", to: listURL + "/" + item.id + "/omlaag",
                                                                       hidden: [("vorige", list.fingerprint)], accessibleLabel: "\(item.title) omlaag")),
                            .a(.class("danger"), .href(listURL + "/" + item.id + "/verwijderen"),
                               .attribute(named: "aria-label", value: "\(item.title) verwijderen"), .text("Verwijderen"))
                        ))
                    )
                }),
            .if(editable, addForm(list, url: listURL + "/toevoegen"))
        )
    }

    private func addForm(_ list: EditorList, url: String) -> Body {
        let failed = addErrors[list.segment]
        let field = FormField(name: "nieuw-\(list.segment)", label: list.addLabel, input: list.addInput, required: true,
                              read: { _ in [] }, write: { _, _ in nil })
        return H.form(url, class: "add", [
            H.field(field, values: [failed?.typed ?? ""], error: failed?.message, idPrefix: "toevoegen"),
            .div(.class("button-row"), H.submit("\(list.singular.prefix(1).uppercased() + list.singular.dropFirst()) toevoegen")),
        ])
    }
}

/// Asks before a part is removed, with what goes with it.
public struct ConfirmRemovePage {
    public var plan: Plan
    public var title: String
    public var action: String
    public var back: String
    public var fingerprint: String

    public init(plan: Plan, title: String, action: String, back: String, fingerprint: String) {
        self.plan = plan
        self.title = title
        self.action = action
        self.back = back
        self.fingerprint = fingerprint
    }

    public func render() -> String {
        Layout.page(title: "\(title) verwijderen", crumbs: PlanNav.crumbs(plan), [
            .h1(.text("\(title) verwijderen?")),
            .p(.text("Alles wat bij dit onderdeel hoort, verdwijnt uit het plan. In het logboek blijft te zien wat er stond.")),
            H.form(action, [H.hidden("vorige", fingerprint),
                            .div(.class("button-row"), H.el("button", [("type", "submit"), ("class", "danger")], [.text("Ja, verwijderen")]),
                                 .a(.href(back), .text("Nee, terug")))]),
        ])
    }
}
