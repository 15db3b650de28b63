/// A piece of an HTML page: an element, an attribute of the element it stands in, text, a group
/// of nodes, or markup that code (never a user) wrote, such as a chart.
///
/// This is the only way Regie writes HTML (ADR 0007). Every text and every attribute value is
/// escaped when the page is rendered, in ``HTMLEscaping``; element and attribute names are
/// always written by the code, never taken from input. Pages build nodes with the static
/// functions below (`.div(.class("x"), .text(title))`), as they did with Plot.
public struct HTMLNode: Sendable {
    indirect enum Kind: Sendable {
        case element(name: String, children: [HTMLNode], selfClosing: Bool)
        /// `value` nil: a boolean attribute (`required`); `appends`: joins with a space (class).
        case attribute(name: String, value: String?, appends: Bool)
        case text(String)
        case trusted(String)
        case group([HTMLNode])
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Nothing: renders as nothing and adds no attribute.
    public static let empty = HTMLNode(.group([]))

    // MARK: Content

    /// Text, escaped.
    public static func text(_ text: String) -> HTMLNode { HTMLNode(.text(text)) }

    /// Markup written by Regie's own code (an SVG chart) that already escaped whatever text it
    /// holds. Never pass anything a user typed or a file held.
    public static func trusted(_ markup: TrustedMarkup) -> HTMLNode { HTMLNode(.trusted(markup.markup)) }

    public static func group(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(.group(nodes)) }
    public static func group(_ nodes: HTMLNode...) -> HTMLNode { HTMLNode(.group(nodes)) }

    // MARK: Control flow

    public static func `if`(_ condition: Bool, _ node: HTMLNode, else otherwise: HTMLNode = .empty) -> HTMLNode {
        condition ? node : otherwise
    }

    public static func unwrap<T>(_ value: T?, _ transform: (T) -> HTMLNode, else otherwise: HTMLNode = .empty) -> HTMLNode {
        value.map(transform) ?? otherwise
    }

    public static func forEach<S: Sequence>(_ sequence: S, _ transform: (S.Element) -> HTMLNode) -> HTMLNode {
        HTMLNode(.group(sequence.map(transform)))
    }

    // MARK: Elements and attributes by name

    /// An element with children (attributes among them).
    public static func element(named name: String, nodes: [HTMLNode]) -> HTMLNode {
        precondition(HTMLEscaping.isName(name), "element names are written by code")
        return HTMLNode(.element(name: name, children: nodes, selfClosing: false))
    }

    /// An element without content, such as `input` or `br`.
    public static func selfClosedElement(named name: String, nodes: [HTMLNode]) -> HTMLNode {
        precondition(HTMLEscaping.isName(name), "element names are written by code")
        return HTMLNode(.element(name: name, children: nodes, selfClosing: true))
    }

    /// An attribute of the element this node stands in. An empty value leaves the attribute out,
    /// unless `ignoreIfValueIsEmpty` is false: then it is written without a value.
    public static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> HTMLNode {
        precondition(HTMLEscaping.isName(name), "attribute names are written by code")
        guard let value, !value.isEmpty else {
            return ignoreIfValueIsEmpty ? .empty : HTMLNode(.attribute(name: name, value: nil, appends: false))
        }
        return HTMLNode(.attribute(name: name, value: value, appends: false))
    }

    // MARK: Common attributes

    /// Class names; several `.class` nodes on one element add up.
    public static func `class`(_ names: String) -> HTMLNode {
        names.isEmpty ? .empty : HTMLNode(.attribute(name: "class", value: names, appends: true))
    }
    public static func id(_ id: String) -> HTMLNode { attribute(named: "id", value: id) }
    public static func href(_ url: String) -> HTMLNode { attribute(named: "href", value: url) }
    public static func ariaLabel(_ label: String) -> HTMLNode { attribute(named: "aria-label", value: label) }

    // MARK: Common elements

    private static func make(_ name: String, _ nodes: [HTMLNode]) -> HTMLNode {
        HTMLNode(.element(name: name, children: nodes, selfClosing: false))
    }

    public static func a(_ nodes: HTMLNode...) -> HTMLNode { make("a", nodes) }
    public static func br() -> HTMLNode { HTMLNode(.element(name: "br", children: [], selfClosing: true)) }
    public static func caption(_ nodes: HTMLNode...) -> HTMLNode { make("caption", nodes) }
    public static func code(_ nodes: HTMLNode...) -> HTMLNode { make("code", nodes) }
    public static func dd(_ nodes: HTMLNode...) -> HTMLNode { make("dd", nodes) }
    public static func details(_ nodes: HTMLNode...) -> HTMLNode { make("details", nodes) }
    public static func div(_ nodes: HTMLNode...) -> HTMLNode { make("div", nodes) }
    public static func dl(_ nodes: HTMLNode...) -> HTMLNode { make("dl", nodes) }
    public static func dt(_ nodes: HTMLNode...) -> HTMLNode { make("dt", nodes) }
    public static func em(_ nodes: HTMLNode...) -> HTMLNode { make("em", nodes) }
    public static func footer(_ nodes: HTMLNode...) -> HTMLNode { make("footer", nodes) }
    public static func h1(_ nodes: HTMLNode...) -> HTMLNode { make("h1", nodes) }
    public static func h2(_ nodes: HTMLNode...) -> HTMLNode { make("h2", nodes) }
    public static func h3(_ nodes: HTMLNode...) -> HTMLNode { make("h3", nodes) }
    public static func h4(_ nodes: HTMLNode...) -> HTMLNode { make("h4", nodes) }
    public static func h5(_ nodes: HTMLNode...) -> HTMLNode { make("h5", nodes) }
    public static func header(_ nodes: HTMLNode...) -> HTMLNode { make("header", nodes) }
    public static func li(_ nodes: HTMLNode...) -> HTMLNode { make("li", nodes) }
    public static func main(_ nodes: HTMLNode...) -> HTMLNode { make("main", nodes) }
    public static func nav(_ nodes: HTMLNode...) -> HTMLNode { make("nav", nodes) }
    public static func ol(_ nodes: HTMLNode...) -> HTMLNode { make("ol", nodes) }
    public static func p(_ nodes: HTMLNode...) -> HTMLNode { make("p", nodes) }
    public static func section(_ nodes: HTMLNode...) -> HTMLNode { make("section", nodes) }
    public static func small(_ nodes: HTMLNode...) -> HTMLNode { make("small", nodes) }
    public static func span(_ nodes: HTMLNode...) -> HTMLNode { make("span", nodes) }
    public static func strong(_ nodes: HTMLNode...) -> HTMLNode { make("strong", nodes) }
    public static func summary(_ nodes: HTMLNode...) -> HTMLNode { make("summary", nodes) }
    public static func table(_ nodes: HTMLNode...) -> HTMLNode { make("table", nodes) }
    public static func tbody(_ nodes: HTMLNode...) -> HTMLNode { make("tbody", nodes) }
    public static func td(_ nodes: HTMLNode...) -> HTMLNode { make("td", nodes) }
    public static func th(_ nodes: HTMLNode...) -> HTMLNode { make("th", nodes) }
    public static func thead(_ nodes: HTMLNode...) -> HTMLNode { make("thead", nodes) }
    public static func tr(_ nodes: HTMLNode...) -> HTMLNode { make("tr", nodes) }
    public static func ul(_ nodes: HTMLNode...) -> HTMLNode { make("ul", nodes) }
}

/// Markup that Regie's own code wrote and escaped itself (the SVG charts). The long name is on
/// purpose: it is the one way around escaping, and a review looks for it.
public struct TrustedMarkup: Sendable {
    let markup: String

    public init(markupEscapedByCode markup: String) {
        self.markup = markup
    }
}

/// A whole page: `<!DOCTYPE html>` and the `html` element.
public struct HTMLDocument: Sendable {
    public var language: String
    public var head: [HTMLNode]
    public var body: [HTMLNode]

    public init(language: String, head: [HTMLNode], body: [HTMLNode]) {
        self.language = language
        self.head = head
        self.body = body
    }

    public func render() -> String {
        var output = "<!DOCTYPE html>"
        output.reserveCapacity(16_384)
        HTMLNode.element(named: "html", nodes: [.attribute(named: "lang", value: language),
                                                .element(named: "head", nodes: head),
                                                .element(named: "body", nodes: body)]).render(into: &output)
        return output
    }
}

extension HTMLNode {
    /// The node as HTML. Attributes outside an element render as nothing.
    public func render() -> String {
        var output = ""
        render(into: &output)
        return output
    }

    func render(into output: inout String) {
        switch kind {
        case .text(let text):
            HTMLEscaping.appendEscapedText(text, to: &output)
        case .trusted(let markup):
            output += markup
        case .group(let nodes):
            for node in nodes { node.render(into: &output) }
        case .attribute:
            break
        case .element(let name, let children, let selfClosing):
            var attributes: [(name: String, value: String?)] = []
            var content: [HTMLNode] = []
            Self.split(children, attributes: &attributes, content: &content)
            output += "<"
            output += name
            for attribute in attributes {
                output += " "
                output += attribute.name
                // Always quoted, also when empty: the page stays well-formed XML too.
                output += "=\""
                if let value = attribute.value { HTMLEscaping.appendEscaped(value, to: &output) }
                output += "\""
            }
            if selfClosing {
                output += "/>"
                return
            }
            output += ">"
            for node in content { node.render(into: &output) }
            output += "</"
            output += name
            output += ">"
        }
    }

    /// Sorts an element's children into its attributes (a later one replaces an earlier one of
    /// the same name; classes add up) and its content, looking into groups.
    private static func split(_ nodes: [HTMLNode], attributes: inout [(name: String, value: String?)], content: inout [HTMLNode]) {
        for node in nodes {
            switch node.kind {
            case .attribute(let name, let value, let appends):
                if let index = attributes.firstIndex(where: { $0.name == name }) {
                    if appends, let existing = attributes[index].value, let value {
                        attributes[index].value = existing + " " + value
                    } else {
                        attributes[index].value = value
                    }
                } else {
                    attributes.append((name, value))
                }
            case .group(let inner):
                split(inner, attributes: &attributes, content: &content)
            default:
                content.append(node)
            }
        }
    }
}

extension HTMLNode {
    /// This node with every element named `name` (outside trusted markup) replaced by what
    /// `transform` makes of it; the elements inside a replaced one are left as they are.
    public func replacingElements(named name: String, _ transform: (HTMLNode) -> HTMLNode) -> HTMLNode {
        switch kind {
        case .element(let elementName, let children, let selfClosing):
            if elementName == name { return transform(self) }
            return HTMLNode(.element(name: elementName, children: children.map { $0.replacingElements(named: name, transform) },
                                     selfClosing: selfClosing))
        case .group(let nodes):
            return HTMLNode(.group(nodes.map { $0.replacingElements(named: name, transform) }))
        case .attribute, .text, .trusted:
            return self
        }
    }

    /// The first child element named `name` of this element (looking into groups), if any.
    public func childElement(named name: String) -> HTMLNode? {
        func search(_ nodes: [HTMLNode]) -> HTMLNode? {
            for node in nodes {
                switch node.kind {
                case .element(let elementName, _, _) where elementName == name: return node
                case .group(let inner): if let found = search(inner) { return found }
                default: continue
                }
            }
            return nil
        }
        switch kind {
        case .element(_, let children, _): return search(children)
        case .group(let nodes): return search(nodes)
        default: return nil
        }
    }

    /// The text this node holds, without markup, as a screen reader would read it.
    public var textContent: String {
        switch kind {
        case .text(let text): text
        case .element(_, let children, _): children.map(\.textContent).joined()
        case .group(let nodes): nodes.map(\.textContent).joined()
        case .attribute, .trusted: ""
        }
    }
}
