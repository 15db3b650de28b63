import Foundation
import RegieCore

/// A choice in a select list or a group of check boxes.
public struct FormOption: Hashable, Sendable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// How a field is typed in.
public enum FormInput: Sendable {
    /// One line of text, at most this many characters.
    case line(maxLength: Int)
    /// Paragraphs and bullet lists (prose), at most this many characters.
    case text(maxLength: Int)
    /// One item per line.
    case lines(maxLength: Int)
    /// One choice from a list; `""` stands for "none" when the field is optional.
    case choice([FormOption])
    /// Any number of choices, as check boxes.
    case choices([FormOption])
    /// A date, typed as a date input (yyyy-mm-dd).
    case date
    /// A password, never shown again; `autocomplete` tells password managers what it is.
    case password(autocomplete: String)

    /// The limit shown next to a field of free text ("Maximaal 300 tekens."). Fields with a fixed
    /// form (a year, a period, an amount: limits below 100) show that form in their hint instead.
    public var visibleLimit: Int? {
        switch self {
        case .line(let n) where n >= 100: n
        case .text(let n), .lines(let n): n
        default: nil
        }
    }

    /// The most characters the field takes, when it has a limit.
    public var maximumLength: Int? {
        switch self {
        case .line(let n), .text(let n), .lines(let n): n
        default: nil
        }
    }
}

/// One field of an edit form: how it looks, where its value comes from in the plan and how a
/// typed value goes back, with a Dutch message when it cannot.
public struct FormField {
    /// The form name, such as `titel`.
    public var name: String
    public var label: String
    public var hint: String?
    public var input: FormInput
    public var required: Bool
    let read: (Plan) -> [String]
    let write: (inout Plan, [String]) -> String?

    public init(name: String, label: String, hint: String? = nil, input: FormInput, required: Bool = false,
                read: @escaping (Plan) -> [String], write: @escaping (inout Plan, [String]) -> String?) {
        self.name = name
        self.label = label
        self.hint = hint
        self.input = input
        self.required = required
        self.read = read
        self.write = write
    }

    /// The field's value as stored in `plan`, as the form shows it.
    public func values(in plan: Plan) -> [String] { read(plan) }

    /// Puts `values` into `plan`; returns a Dutch message when they are not acceptable.
    public func apply(_ values: [String], to plan: inout Plan) -> String? {
        let text = values.joined(separator: "\n")
        if let maxLength = input.maximumLength, let message = Self.tooLongMessage(text, maximum: maxLength) { return message }
        if let problem = Self.textProblem(values, input: input) { return problem }
        if required, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "Vul \(label.lowercased()) in; dit veld is verplicht."
        }
        if case .choice(let options) = input, let value = values.first, !value.isEmpty,
           !options.contains(where: { $0.value == value }) {
            return "Kies een van de mogelijkheden uit de lijst."
        }
        if case .choices(let options) = input {
            let known = Set(options.map(\.value))
            if values.contains(where: { !known.contains($0) }) { return "Kies alleen mogelijkheden uit de lijst." }
        }
        return write(&plan, values)
    }

    static func dutch(_ n: Int) -> String { n.formatted(.number.locale(Locale(identifier: "nl_NL"))) }

    /// The hint next to a field with a limit of `maximum` characters.
    public static func limitHint(_ maximum: Int) -> String {
        "Maximaal \(dutch(maximum)) tekens."
    }

    /// A Dutch message when `text` is longer than `maximum` characters: how long it is, how much
    /// shorter it must be, and that nothing was cut. Nil when it fits.
    public static func tooLongMessage(_ text: String, maximum: Int) -> String? {
        guard text.count > maximum else { return nil }
        return "Deze tekst is \(dutch(text.count)) tekens lang; in dit veld passen er maximaal \(dutch(maximum)). Maak hem \(dutch(text.count - maximum)) tekens korter. Er is niets opgeslagen en niets afgeknipt: uw tekst staat nog in het veld."
    }

    /// A Dutch message when a typed text holds a character that may not stand in it.
    static func textProblem(_ values: [String], input: FormInput) -> String? {
        let multiline: Bool
        switch input {
        case .line, .date, .choice, .choices, .password: multiline = false
        case .text, .lines: multiline = true
        }
        for value in values {
            if let message = textMessage(value, multiline: multiline) { return message }
        }
        return nil
    }

    /// A Dutch message when `value` holds a character that may not stand in a typed text (see
    /// ``TextRules``); every form of Regie checks its texts with this.
    public static func textMessage(_ value: String, multiline: Bool) -> String? {
        TextRules.problem(in: value, multiline: multiline).map(message)
    }

    static func message(_ problem: TextRules.Problem) -> String {
        switch problem {
        case .lineBreak:
            return "Dit veld is één regel; haal het regeleinde weg."
        case .invisible(let code):
            let hex = String(code, radix: 16, uppercase: true)
            let name = code == 0 ? "een nulteken" : (0x202A...0x2069).contains(code) || [0x200E, 0x200F, 0x061C].contains(code)
                ? "een onzichtbaar teken dat de leesrichting van tekst verandert" : "een onzichtbaar stuurteken"
            return "Dit veld bevat \(name) (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)). Zo'n teken kan wat anderen lezen verbergen of omdraaien; haal het weg, bijvoorbeeld door de tekst opnieuw te typen."
        }
    }
}

/// How to find one part in a plan and put it back.
public struct PartLens<Part> {
    public let get: (Plan) -> Part?
    public let set: (inout Plan, Part) -> Void

    public init(get: @escaping (Plan) -> Part?, set: @escaping (inout Plan, Part) -> Void) {
        self.get = get
        self.set = set
    }

    /// The list itself, as a part.
    func list<E>(_ list: WritableKeyPath<Part, [E]>) -> PartLens<[E]> {
        PartLens<[E]>(
            get: { plan in self.get(plan)?[keyPath: list] },
            set: { plan, elements in
                guard var part = self.get(plan) else { return }
                part[keyPath: list] = elements
                self.set(&plan, part)
            })
    }
}

/// Builders for the usual kinds of fields, so each part's form is a list of one-liners.
enum Fields {
    // The shared limits, so the browser refuses exactly what a plan file may not hold.
    static let lineLength = PlanLimits.lineLength
    static let textLength = PlanLimits.textLength

    static let gone = "Dit onderdeel bestaat niet meer; misschien heeft iemand anders het verwijderd."

    static func field<P>(_ lens: PartLens<P>, name: String, label: String, hint: String? = nil, input: FormInput,
                         required: Bool = false, read: @escaping (P) -> [String],
                         write: @escaping (inout P, [String]) -> String?) -> FormField {
        FormField(name: name, label: label, hint: hint, input: input, required: required,
                  read: { plan in lens.get(plan).map(read) ?? [] },
                  write: { plan, values in
                      guard var part = lens.get(plan) else { return gone }
                      if let problem = write(&part, values) { return problem }
                      lens.set(&plan, part)
                      return nil
                  })
    }

    static func line<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, String>, _ name: String, _ label: String,
                        hint: String? = nil, required: Bool = true, maxLength: Int = lineLength) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .line(maxLength: maxLength), required: required,
              read: { [$0[keyPath: kp]] },
              write: { part, values in part[keyPath: kp] = clean(values); return nil })
    }

    /// A one-line text that can be long, such as an agreement of up to 2,000 characters: typed
    /// in a text box, where line breaks (as plan files wrap such texts) become spaces on saving.
    static func wrappedLine<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, String>, _ name: String, _ label: String,
                               hint: String? = nil, maxLength: Int) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .text(maxLength: maxLength), required: true,
              read: { [$0[keyPath: kp]] },
              write: { part, values in part[keyPath: kp] = joinedLines(values); return nil })
    }

    /// The lines of a typed text joined by single spaces: "een\n  twee" becomes "een twee".
    static func joinedLines(_ values: [String]) -> String {
        splitLines(values).joined(separator: " ")
    }

    static func optionalLine<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, String?>, _ name: String, _ label: String,
                                hint: String? = nil) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .line(maxLength: lineLength),
              read: { [$0[keyPath: kp] ?? ""] },
              write: { part, values in
                  let text = clean(values)
                  part[keyPath: kp] = text.isEmpty ? nil : text
                  return nil
              })
    }

    static func prose<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, Prose>, _ name: String, _ label: String,
                         hint: String? = nil) -> FormField {
        field(lens, name: name, label: label, hint: hint ?? proseHint, input: .text(maxLength: textLength),
              read: { [$0[keyPath: kp].source] },
              write: { part, values in part[keyPath: kp] = Prose(values.first ?? "").reflowed; return nil })
    }

    static let proseHint = "Laat een regel leeg voor een nieuwe alinea; begin een regel met \u{201C}- \u{201D} voor een opsomming."

    static func lines<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, [String]>, _ name: String, _ label: String,
                         hint: String = "Eén per regel.") -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .lines(maxLength: textLength),
              read: { [$0[keyPath: kp].joined(separator: "\n")] },
              write: { part, values in part[keyPath: kp] = splitLines(values); return nil })
    }

    static func choice<P, E: RawRepresentable<String> & CaseIterable>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, E>,
                                                                       _ name: String, _ label: String,
                                                                       labels: (E) -> String) -> FormField {
        let options = E.allCases.map { FormOption($0.rawValue, labels($0)) }
        return field(lens, name: name, label: label, input: .choice(options), required: true,
                     read: { [$0[keyPath: kp].rawValue] },
                     write: { part, values in
                         guard let value = values.first.flatMap(E.init(rawValue:)) else { return "Kies een van de mogelijkheden uit de lijst." }
                         part[keyPath: kp] = value
                         return nil
                     })
    }

    static func optionalChoice<P, E: RawRepresentable<String> & CaseIterable>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, E?>,
                                                                               _ name: String, _ label: String,
                                                                               labels: (E) -> String) -> FormField {
        let options = [FormOption("", "(geen)")] + E.allCases.map { FormOption($0.rawValue, labels($0)) }
        return field(lens, name: name, label: label, input: .choice(options),
                     read: { [$0[keyPath: kp]?.rawValue ?? ""] },
                     write: { part, values in part[keyPath: kp] = values.first.flatMap(E.init(rawValue:)); return nil })
    }

    static func enumChoices<P, E: RawRepresentable<String> & CaseIterable & Hashable>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, [E]>,
                                                                                       _ name: String, _ label: String,
                                                                                       labels: (E) -> String) -> FormField {
        let options = E.allCases.map { FormOption($0.rawValue, labels($0)) }
        return field(lens, name: name, label: label, input: .choices(options),
                     read: { $0[keyPath: kp].map(\.rawValue) },
                     write: { part, values in
                         let chosen = Set(values)
                         part[keyPath: kp] = E.allCases.filter { chosen.contains($0.rawValue) }
                         return nil
                     })
    }

    static func keyChoice<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, Key?>, _ name: String, _ label: String,
                             options: [FormOption], hint: String? = nil) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .choice([FormOption("", "(geen)")] + options),
              read: { [$0[keyPath: kp]?.rawValue ?? ""] },
              write: { part, values in part[keyPath: kp] = values.first.flatMap(Key.init); return nil })
    }

    static func keyChoices<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, [Key]>, _ name: String, _ label: String,
                              options: [FormOption]) -> FormField {
        field(lens, name: name, label: label, input: .choices(options),
              read: { $0[keyPath: kp].map(\.rawValue) },
              write: { part, values in
                  let chosen = Set(values)
                  part[keyPath: kp] = options.filter { chosen.contains($0.value) }.compactMap { Key($0.value) }
                  return nil
              })
    }

    static func period<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, PlannedPeriod?>, _ name: String, _ label: String) -> FormField {
        field(lens, name: name, label: label, hint: PeriodInput.periodHint,
              input: .line(maxLength: PeriodInput.maximumLength),
              read: { [$0[keyPath: kp]?.description ?? ""] },
              write: { part, values in
                  let text = clean(values)
                  if text.isEmpty { part[keyPath: kp] = nil; return nil }
                  switch PeriodInput.period(text) {
                  case .success(let period): part[keyPath: kp] = period; return nil
                  case .failure(let message): return message.text
                  }
              })
    }

    /// A web address (issue 11, point 4): empty, or http(s) only.
    static func link<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, String?>, _ name: String, _ label: String) -> FormField {
        field(lens, name: name, label: label, hint: "Een webadres dat begint met https://, bijvoorbeeld https://www.cbs.nl.",
              input: .line(maxLength: lineLength),
              read: { [$0[keyPath: kp] ?? ""] },
              write: { part, values in
                  let text = clean(values)
                  if text.isEmpty { part[keyPath: kp] = nil; return nil }
                  guard isWebLink(text) else { return "\u{201C}\(text)\u{201D} is geen webadres. Een link begint met https:// of http://, bijvoorbeeld https://www.cbs.nl." }
                  part[keyPath: kp] = text
                  return nil
              })
    }

    static func decimal<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, Decimal>, _ name: String, _ label: String,
                           hint: String? = nil) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .line(maxLength: 30), required: true,
              read: { [Dutch.decimal($0[keyPath: kp])] },
              write: { part, values in
                  guard let value = Dutch.parseDecimal(clean(values)) else { return "Vul een getal in, bijvoorbeeld 1250 of 12,5." }
                  part[keyPath: kp] = value
                  return nil
              })
    }

    static func optionalYear<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, Int?>, _ name: String, _ label: String,
                                hint: String? = nil) -> FormField {
        field(lens, name: name, label: label, hint: hint, input: .line(maxLength: 20),
              read: { [$0[keyPath: kp].map(String.init) ?? ""] },
              write: { part, values in
                  let text = clean(values)
                  if text.isEmpty { part[keyPath: kp] = nil; return nil }
                  guard let year = Int(text), YearRange.plausible.contains(year) else { return "Vul een jaartal in, bijvoorbeeld 2026." }
                  part[keyPath: kp] = year
                  return nil
              })
    }

    static func indicatorValue<P>(_ lens: PartLens<P>, _ kp: WritableKeyPath<P, IndicatorValue?>, _ name: String,
                                  _ label: String) -> FormField {
        field(lens, name: name, label: label, hint: "Waarde en periode, bijvoorbeeld \u{201C}125 in 2023\u{201D}, \u{201C}7,2 in 2026\u{201D} of \u{201C}40 in Q4 2027\u{201D}. Leeg laten mag.",
              input: .line(maxLength: PeriodInput.maximumLength),
              read: { part in [part[keyPath: kp].map { "\(Dutch.decimal($0.value)) in \($0.period.description)" } ?? ""] },
              write: { part, values in
                  let text = clean(values)
                  if text.isEmpty { part[keyPath: kp] = nil; return nil }
                  let pieces = text.components(separatedBy: " in ")
                  guard pieces.count == 2, let value = Dutch.parseDecimal(pieces[0].trimmingCharacters(in: .whitespaces)) else {
                      return "Schrijf een waarde en een periode, bijvoorbeeld \u{201C}125 in 2023\u{201D}."
                  }
                  switch PeriodInput.measuredPeriod(pieces[1]) {
                  case .success(let period): part[keyPath: kp] = IndicatorValue(value: value, period: period)
                  case .failure(let message): return "Schrijf een waarde en een periode, bijvoorbeeld \u{201C}125 in 2023\u{201D}. " + message.text
                  }
                  return nil
              })
    }

    static func clean(_ values: [String]) -> String {
        (values.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func splitLines(_ values: [String]) -> [String] {
        (values.first ?? "").replacingOccurrences(of: "\r", with: "").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Dutch number notation for forms: decimal comma, no grouping.
enum Dutch {
    static func decimal(_ value: Decimal) -> String {
        "\(value)".replacingOccurrences(of: ".", with: ",")
    }

    static func parseDecimal(_ text: String) -> Decimal? {
        let cleaned = text.replacingOccurrences(of: "€", with: "").replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
        return Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    }
}
