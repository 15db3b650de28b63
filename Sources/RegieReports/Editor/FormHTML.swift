import Foundation
import RegieHTML
import RegieCore

/// Who is looking at a page: set by the web layer around rendering, read by the layout for the
/// account bar and by forms for the CSRF token. Pages themselves stay free of web types.
public struct PageContext: Sendable {
    public var accountName: String
    public var organisationName: String
    public var csrfToken: String
    /// Links in the account bar, such as account management for a beheerder.
    public var links: [(title: String, path: String)]
    /// The main navigation in the page header (plans, safety analysis).
    public var menu: [(title: String, path: String)] = []
    /// Links for the page at hand, such as "Bewerken" on a plan the account may edit; shown
    /// after the plan's title.
    public var toolbar: [(title: String, path: String)] = []
    /// Actions whose progress this account may update on the page at hand.
    public var progressActions: Set<Key> = []
    /// A note above the content, such as "you see the adopted version".
    public var banner: String?
    /// What this account may change in the plan on the page at hand; nil: nothing (no edit links).
    public var editAccess: EditAccess?
    /// The account works on plans or figures (beleidsmedewerker, beheerder): it sees the hints
    /// meant for officers, such as how to read in figures. Council members and partners do not.
    public var officer = false

    public init(accountName: String, organisationName: String, csrfToken: String, links: [(title: String, path: String)] = []) {
        self.accountName = accountName
        self.organisationName = organisationName
        self.csrfToken = csrfToken
        self.links = links
    }

    @TaskLocal public static var current: PageContext?

    /// The main navigation of an account: the plans, and the safety analysis of its own
    /// municipality (partner organisations have none of their own).
    public static func menu(municipality: MunicipalityCode?) -> [(title: String, path: String)] {
        [("Plannen", SiteURL.home.path)] + (municipality.map { [(analysisTitle, SiteURL.analysis(.municipality($0)).path)] } ?? [])
    }

    static let analysisTitle = "Veiligheidsanalyse"

    /// Points the menu's safety analysis at `scope`, such as the plan at hand.
    public mutating func showAnalysis(_ scope: AnalysisScope) {
        let item = (title: Self.analysisTitle, path: SiteURL.analysis(scope).path)
        if let index = menu.firstIndex(where: { $0.title == Self.analysisTitle }) { menu[index] = item } else { menu.append(item) }
    }
}

/// Small builders for form HTML. Every text and attribute value is escaped by RegieHTML.
package enum H {
    package static func el(_ name: String, _ attributes: [(String, String?)] = [], _ children: [Body] = []) -> Body {
        .element(named: name, nodes: attributes.compactMap { pair in
            pair.1.map { Body.attribute(named: pair.0, value: $0, ignoreIfValueIsEmpty: false) }
        } + children)
    }

    package static func void(_ name: String, _ attributes: [(String, String?)]) -> Body {
        .selfClosedElement(named: name, nodes: attributes.compactMap { pair in
            pair.1.map { Body.attribute(named: pair.0, value: $0, ignoreIfValueIsEmpty: false) }
        })
    }

    package static func hidden(_ name: String, _ value: String) -> Body {
        void("input", [("type", "hidden"), ("name", name), ("value", value)])
    }

    /// The CSRF token every state-changing form carries.
    package static func csrf() -> Body {
        hidden("csrf", PageContext.current?.csrfToken ?? "")
    }

    /// A form that posts to `action` with the CSRF token.
    package static func form(_ action: String, class className: String? = nil, _ children: [Body]) -> Body {
        el("form", [("method", "post"), ("action", action), ("class", className)], [csrf()] + children)
    }

    /// A button that posts to `action`: for remove, move, logout.
    package static func button(_ label: String, to action: String, hidden: [(String, String)] = [], class className: String = "link-button",
                       accessibleLabel: String? = nil) -> Body {
        form(action, class: "inline", hidden.map { H.hidden($0.0, $0.1) } + [
            el("button", [("type", "submit"), ("class", className), ("aria-label", accessibleLabel)], [.text(label)]),
        ])
    }

    package static func submit(_ label: String) -> Body {
        el("button", [("type", "submit"), ("class", "primary")], [.text(label)])
    }

    /// One labelled field with its hint and error, linked for screen readers.
    package static func field(_ field: FormField, values: [String], error: String?, idPrefix: String = "veld") -> Body {
        let id = "\(idPrefix)-\(field.name)"
        let hintID = field.hint == nil ? nil : "\(id)-hint"
        let errorID = error == nil ? nil : "\(id)-fout"
        let limit = field.input.visibleLimit
        let limitID = limit == nil ? nil : "\(id)-limiet"
        let described = [errorID, hintID, limitID].compactMap { $0 }.joined(separator: " ")
        let common: [(String, String?)] = [
            ("id", id), ("name", field.name),
            ("aria-describedby", described.isEmpty ? nil : described),
            ("aria-invalid", error == nil ? nil : "true"),
            ("required", field.required ? "required" : nil),
        ]
        let value = values.first ?? ""
        let label = field.label + (field.required ? " (verplicht)" : "")
        let hint: Body = .group(
            .unwrap(field.hint) { .p(.class("hint"), .id(hintID ?? ""), .text($0)) },
            .unwrap(limit) { .p(.class("hint limit"), .id(limitID ?? ""), .text(FormField.limitHint($0))) }
        )
        let message: Body = .unwrap(error) { .p(.class("field-error"), .id(errorID ?? ""), .text("Fout: \($0)")) }
        switch field.input {
        case .line:
            // No maxlength, here or below: a browser cuts pasted text at it without a word. The
            // limit shows as a hint, and the server refuses longer text, keeping what was typed.
            return .div(.class(error == nil ? "field" : "field invalid"),
                        el("label", [("for", id)], [.text(label)]), hint, message,
                        void("input", common + [("type", "text"), ("value", value)]))
        case .text, .lines:
            let rows = if case .lines = field.input { 4 } else { value.count > 400 ? 10 : 5 }
            return .div(.class(error == nil ? "field" : "field invalid"),
                        el("label", [("for", id)], [.text(label)]), hint, message,
                        el("textarea", common + [("rows", String(rows))], [.text(value)]))
        case .choice(let options):
            return .div(.class(error == nil ? "field" : "field invalid"),
                        el("label", [("for", id)], [.text(label)]), hint, message,
                        el("select", common, options.map { option in
                            el("option", [("value", option.value), ("selected", option.value == value ? "selected" : nil)], [.text(option.label)])
                        }))
        case .choices(let options):
            let chosen = Set(values)
            return el("fieldset", [("id", id), ("class", error == nil ? "field choices" : "field choices invalid"),
                                   ("aria-describedby", described.isEmpty ? nil : described)], [
                el("legend", [], [.text(field.label)]), hint, message,
                .if(options.isEmpty, .p(.class("muted"), .text("Er is nog niets om uit te kiezen."))),
                .forEach(Array(options.enumerated())) { index, option in
                    .div(.class("choice"),
                         void("input", [("type", "checkbox"), ("id", "\(id)-\(index)"), ("name", field.name), ("value", option.value),
                                        ("checked", chosen.contains(option.value) ? "checked" : nil)]),
                         el("label", [("for", "\(id)-\(index)")], [.text(option.label)]))
                },
            ])
        case .password(let autocomplete):
            return .div(.class(error == nil ? "field" : "field invalid"),
                        el("label", [("for", id)], [.text(label)]), hint, message,
                        void("input", common + [("type", "password"), ("autocomplete", autocomplete), ("maxlength", "200")]))
        case .date:
            return .div(.class(error == nil ? "field" : "field invalid"),
                        el("label", [("for", id)], [.text(label)]), hint, message,
                        void("input", common + [("type", "date"), ("value", value)]))
        }
    }

    /// A summary of errors at the top of a form, linking to each field (NL Design System pattern).
    package static func errorSummary(_ errors: [(field: String?, label: String, message: String)], title: String = "Controleer wat u invulde",
                             idPrefix: String = "veld") -> Body {
        .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
            .h2(.text(title)),
            .ul(.forEach(errors) { error in
                .li(.unwrap(error.field, { .a(.href("#\(idPrefix)-\($0)"), .text("\(error.label): \(error.message)")) },
                            else: .text(error.label.isEmpty ? error.message : "\(error.label): \(error.message)")))
            })
        ))
    }
}
