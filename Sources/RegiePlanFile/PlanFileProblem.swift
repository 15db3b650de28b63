import Foundation
import RegieCore

/// A problem in a plan file, with its place: the path of keys and, where known, the line.
public struct PlanFileProblem: Hashable, Sendable, CustomStringConvertible, Error {
    /// Path in the file's own words, such as `themas[2].acties[0].planning`; empty for the file as a whole.
    public var path: String
    /// Line number in the file, counting from 1.
    public var line: Int?
    /// What is wrong, in Dutch.
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `themas[2].acties[0].planning (regel 118): "2020/21" is geen geldige periode ...`
    public var description: String {
        let place = [path.isEmpty ? nil : path, line.map { "(regel \($0))" }].compactMap { $0 }.joined(separator: " ")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// Thrown when a plan file cannot be used; carries every problem found.
public struct PlanFileError: Error, Sendable, CustomStringConvertible {
    public var problems: [PlanFileProblem]

    public init(problems: [PlanFileProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count == 1 ? "1 probleem" : "\(problems.count) problemen"
        return "Het planbestand bevat \(count):\n" + problems.map { "- \($0)" }.joined(separator: "\n")
    }
}

extension PlanProblem {
    /// What is wrong, in Dutch, with `render` turning other paths into text and `line` finding their line.
    func dutchMessage(render: (PlanPath) -> String) -> String {
        switch kind {
        case .empty:
            return "mag niet leeg zijn"
        case .duplicateKey(let key, let firstPath):
            return "sleutel \"\(key)\" is al gebruikt bij \(render(firstPath)); een sleutel moet uniek zijn"
        case .duplicateMunicipality(let code):
            return "gemeente \(code) staat meer dan eens in het samenwerkingsverband"
        case .unknownPartner(let key, let known):
            return "partner \"\(key)\" bestaat niet in dit plan" + suggestion(key.rawValue, "partners", known)
        case .unknownGoal(let key, let known):
            return "doel \"\(key)\" bestaat niet in dit thema" + suggestion(key.rawValue, "doelen", known)
        case .regionOutsidePlan(let region):
            return "\(region) is geen wijk of buurt van een gemeente van dit plan; schrijf een wijkcode (WK) of buurtcode (BU) van de eigen gemeente, zoals WK003701, of laat gebied weg voor de hele gemeente"
        case .unknownRegisterCategory(let category, let register):
            return "\"\(category)\" is geen categorie van het \(register.name.lowercased()); kies uit "
                + register.countCategories.map(\.key).joined(separator: ", ") + ", of laat categorie weg voor alle \(register.countNoun)"
        case .registerMunicipalityOutsidePlan(let code?):
            return "gemeente \(code) hoort niet bij dit plan; een indicator telt alleen het register van een eigen gemeente"
        case .registerMunicipalityOutsidePlan(nil):
            return "het plan heeft meer dan één gemeente; schrijf bij gemeente wiens register de indicator telt, bijvoorbeeld GM0037"
        case .unknownTheme(let key, let known):
            return "thema \"\(key)\" bestaat niet in dit plan" + suggestion(key.rawValue, "thema\u{2019}s", known)
        case .unknownPriorityReference(let key, let known):
            return "bovenlokale prioriteit \"\(key)\" bestaat niet in dit plan" + suggestion(key.rawValue, "bovenlokale-prioriteiten", known)
        case .notAMember(let code):
            return "gemeente \(code) is geen eigenaar of lid van het samenwerkingsverband van dit plan"
        case .directionWithoutDevelopmentTheme:
            return "een richting hoort alleen bij een thema met rol: ontwikkelthema"
        case .adoptionMissing:
            return "een vastgesteld plan (en alles daarna) heeft minstens één vaststelling nodig, met datum en orgaan"
        case .councilOfferMissing:
            return "een plan met status aangeboden-aan-de-raad heeft minstens één aanbieding nodig, met de datum van het collegebesluit (datum) en het orgaan"
        case .unknownLegalBasis(let key, _, let known):
            return "wettelijke grondslag \"\(key)\" staat niet in het wettelijk kader van dit plan" + suggestion(key.rawValue, "sleutels in wettelijk-kader", known)
        case .outsidePlanPeriod(let text, let range):
            return "\"\(text)\" valt buiten de planperiode \(range)"
        case .localChapterWithoutCollaboration:
            return "lokale hoofdstukken horen alleen bij een plan van een samenwerkingsverband"
        case .duplicateLocalChapter(let code):
            return "gemeente \(code) heeft al een lokaal hoofdstuk"
        case .tooFewMembers:
            return "een samenwerkingsverband heeft minstens twee gemeenten"
        case .negative:
            return "mag niet negatief zijn"
        case .unknownSeries(let reference, let known):
            let nearest = Key.nearest(to: reference, in: known)
            return "reeks \"\(reference)\" bestaat niet; " + (nearest.isEmpty
                ? "geef een misdrijfsoort (bijv. 1.1.1) of een reeks: " + known.map(\.rawValue).joined(separator: ", ")
                : "bedoelde u " + alternatives(nearest) + "? Een misdrijfsoort (bijv. 1.1.1) mag ook")
        case .tooLong(let maximum, let length):
            return "is \(dutchNumber(length)) tekens lang; hoogstens \(dutchNumber(maximum)) tekens mag (net als in de browser)"
        case .reservedKey(let key):
            return "sleutel \"\(key)\" is gereserveerd voor een pagina van Regie; kies een andere sleutel, bijvoorbeeld \"\(key)-1\""
        case .forbiddenCharacter(.lineBreak):
            return "is één regel; haal het regeleinde weg (net als in de browser)"
        case .forbiddenCharacter(.invisible(let code)):
            let hex = String(code, radix: 16, uppercase: true)
            return "bevat een onzichtbaar stuurteken (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)) dat wat anderen lezen kan verbergen of omdraaien; haal het weg"
        // Issue 11: aliases, partners as plans name them, consultation bodies
        case .aliasSameAsTitle(let alias):
            return "\"\(alias)\" is de titel zelf; bij ook-genoemd horen alleen andere namen"
        case .duplicateAlias(let alias):
            return "\"\(alias)\" staat al eerder bij ook-genoemd; noem elke naam één keer"
        case .unknownThemeKey(let key, let known):
            return "thema \"\(key)\" bestaat niet in dit plan" + suggestion(key.rawValue, "thema\u{2019}s", known)
        case .unknownConsultationBody(let key, let known):
            return "overleg \"\(key)\" bestaat niet in dit plan" + suggestion(key.rawValue, "overleggen", known)
        case .ownerRoleWithoutOwner:
            return "een trekker-rol hoort bij een trekker; geef ook trekker (de partner waarbinnen deze rol de actie trekt) of laat trekker-rol weg"
        case .unknownAction(let key, let nearest):
            return "actie \"\(key)\" bestaat niet in een ander thema van dit plan"
                + (nearest.isEmpty ? "; geef de sleutel van een actie uit een ander thema" : "; bedoelde u " + alternatives(nearest) + "?")
        case .sharedActionInOwnTheme(let key):
            return "actie \"\(key)\" staat al in dit thema zelf; onder gedeelde-acties komen alleen acties uit andere thema's"
        case .duplicateSharedAction(let key):
            return "actie \"\(key)\" staat twee keer onder gedeelde-acties; noem elke actie één keer"
        // Issue 11, point 5
        case .amountMissing:
            return "geef een bedrag, of zeg met zonder-bedrag waarom de post geen bedrag heeft (binnen-bestaande-formatie, vervolgvoorstel, bijdrage-onbekende-hoogte of overig)"
        case .amountAndWithoutAmount:
            return "een begrotingspost met een bedrag kan niet ook zonder bedrag zijn; laat bedrag of zonder-bedrag weg"
        case .unknownBudgetAction(let key, let nearest):
            return "actie \"\(key)\" bestaat niet in dit plan" + (nearest.isEmpty ? "; gebruik de sleutel van een actie uit een thema" : "; bedoelde u " + alternatives(nearest) + "?")
        // Issue 11, point 4
        case .unknownSource(let key, let nearest):
            return "bron \"\(key)\" staat niet bij de bronnen van dit plan" + (nearest.isEmpty ? "; voeg hem toe onder bronnen of gebruik de sleutel van een bron daar" : "; bedoelde u " + alternatives(nearest) + "?")
        case .unknownFigure(let key, let nearest):
            return "kerncijfer \"\(key)\" bestaat niet in het plan of in dit thema" + (nearest.isEmpty ? "; gebruik de sleutel van een kerncijfer van het plan of van dit thema" : "; bedoelde u " + alternatives(nearest) + "?")
        case .baselineAndBaselineFigure:
            return "de nulmeting komt al uit een kerncijfer (nulmeting-uit); laat nulmeting of nulmeting-uit weg"
        case .baselineFigureWithoutPeriod(let key):
            return "kerncijfer \"\(key)\" heeft geen periode; geef het kerncijfer een periode, want een nulmeting hoort bij een jaar, jaren of een kwartaal"
        case .invalidLink(let link):
            return "\"\(link)\" is geen webadres; een link begint met https:// of http://, bijv. https://www.cbs.nl"
        }
    }

    private func dutchNumber(_ n: Int) -> String { n.formatted(.number.locale(Locale(identifier: "nl_NL"))) }

    /// After "… bestaat niet": the keys the typist most likely meant (a real plan has dozens of
    /// partners, and a line with all of them helps nobody); a short list whole when none is near.
    private func suggestion(_ typed: String, _ name: String, _ known: [Key]) -> String {
        guard !known.isEmpty else { return " (er zijn geen \(name))" }
        let nearest = Key.nearest(to: typed, in: known)
        if !nearest.isEmpty { return "; bedoelde u " + alternatives(nearest) + "?" }
        if known.count <= Self.shortList { return " (\(name): " + known.map(\.rawValue).joined(separator: ", ") + ")" }
        return " en lijkt op geen van de \(known.count) \(name); kijk de sleutel na onder \(name)"
    }

    /// Up to this many keys are listed whole when none is near the mistyped one.
    static let shortList = 8

    /// `"a"`, `"a" of "b"`, `"a", "b" of "c"`.
    private func alternatives(_ keys: [Key]) -> String {
        let quoted = keys.map { "\"\($0.rawValue)\"" }
        return quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " of " + quoted.last!
    }
}

extension PlanFileProblem {
    /// A problem of a plan that was not read from a file (edited in the browser): the path in the
    /// plan file's words, so people who know the file format recognise it.
    public init(problem: PlanProblem) {
        self.init(path: Vocabulary.render(problem.path), line: nil,
                  message: problem.dutchMessage { Vocabulary.render($0) })
    }
}
