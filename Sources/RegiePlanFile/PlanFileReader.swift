import Foundation
import RegieCore
import Yams

/// Reads a plan file. Reading never stops at the first problem: every problem in the file,
/// from YAML structure to broken references, is collected and reported together.
public enum PlanFileReader {
    /// The largest plan file accepted, to protect the server against absurd uploads.
    public static let maximumSize = 10 * 1024 * 1024

    /// Reads `data` (UTF-8, optionally with a byte order mark) into a plan.
    /// - Throws: ``PlanFileError`` with every problem found.
    public static func read(_ data: Data) throws(PlanFileError) -> Plan {
        guard data.count <= maximumSize else {
            throw PlanFileError(problems: [.init(path: "", line: nil,
                message: "het bestand is groter dan \(maximumSize / 1024 / 1024) MB; dat is geen planbestand")])
        }
        if let problem = YAMLProblems.firstUnreadableByte(in: data) { throw PlanFileError(problems: [problem]) }
        guard var text = String(data: data, encoding: .utf8) else {
            throw PlanFileError(problems: [.init(path: "", line: nil,
                message: "het bestand is geen UTF-8-tekst; sla het op als UTF-8 en probeer het opnieuw")])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try read(text)
    }

    /// Reads YAML text into a plan.
    /// - Throws: ``PlanFileError`` with every problem found.
    public static func read(_ text: String) throws(PlanFileError) -> Plan {
        if let problem = YAMLProblems.firstForbiddenCharacter(in: text) { throw PlanFileError(problems: [problem]) }
        let root: Node?
        do {
            // Every scalar is read as text and interpreted by the reader itself, so Yams need not
            // resolve implicit tags (a regular expression match per scalar per type).
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw PlanFileError(problems: [YAMLProblems.problem(error)])
        } catch {
            throw PlanFileError(problems: [.init(path: "", line: nil, message: "het bestand is geen geldige YAML")])
        }
        guard let root else {
            throw PlanFileError(problems: [.init(path: "", line: nil, message: "het bestand is leeg")])
        }
        // A file cut off in the middle of a part reads as valid YAML with less in it; refuse it.
        if let problem = YAMLProblems.truncation(of: text) { throw PlanFileError(problems: [problem]) }
        let log = ProblemLog()
        let plan = MappingReader.read(root, path: [], log: log) { PlanDecoding.plan($0) }
        let lines = log.lines
        var problems = log.problems
        if let plan {
            // The model's rules speak of positions in the plan as read; items that could not be
            // read were left out, so positions are translated back to those in the file.
            for problem in plan.problems() {
                let path = log.filePath(problem.path)
                problems.append(PlanFileProblem(
                    path: Vocabulary.render(path), line: Self.line(of: path, in: lines),
                    message: problem.dutchMessage { other in
                        let otherPath = log.filePath(other)
                        return Vocabulary.render(otherPath) + (lines[otherPath].map { " (regel \($0))" } ?? "")
                    }))
            }
        }
        // In the order of the file's lines, reading and rule problems together; problems of the
        // file as a whole (no line) last, as found.
        problems = problems.enumerated().sorted { ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset) }.map(\.element)
        if !problems.isEmpty, let hint = YAMLProblems.missingLineEnd(text) { problems.append(hint) }
        guard let plan, problems.isEmpty else { throw PlanFileError(problems: problems) }
        return plan
    }
}

extension PlanFileReader {
    /// The line of `path`, or of the nearest part around it that was read (a missing field is
    /// reported at the item it is missing from).
    static func line(of path: PlanPath, in lines: [PlanPath: Int]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }
}

/// Collects problems and remembers the line of every path read, so that problems found later
/// in the model can point to the right line.
final class ProblemLog {
    var problems: [PlanFileProblem] = []
    /// Objects read so far. YAML aliases can make a small file expand enormously ("billion
    /// laughs"); reading stops at ``maximumObjects``.
    var objectsRead = 0
    static let maximumObjects = 20_000
    var lines: [PlanPath: Int] = [:]
    /// For each list (by its path in the file) that lost items: the file position of each item read.
    var keptPositions: [PlanPath: [Int]] = [:]

    /// Translates a path into the plan as read into the path in the file.
    func filePath(_ path: PlanPath) -> PlanPath {
        var result: PlanPath = []
        for component in path {
            if case .index(let i) = component, let positions = keptPositions[result], i < positions.count {
                result.append(.index(positions[i]))
            } else {
                result.append(component)
            }
        }
        return result
    }

    func report(_ path: PlanPath, _ mark: Mark?, _ message: String) {
        problems.append(PlanFileProblem(path: Vocabulary.render(path), line: mark?.line, message: message))
    }
}

/// Reads one YAML mapping (an object of the plan), field by field, and reports keys that the
/// object does not have.
final class MappingReader {
    let path: PlanPath
    let mark: Mark?
    let log: ProblemLog
    private let pairs: [(key: String, node: Node)]
    private var known: Set<String> = []

    private init(pairs: [(key: String, node: Node)], path: PlanPath, mark: Mark?, log: ProblemLog) {
        self.pairs = pairs
        self.path = path
        self.mark = mark
        self.log = log
    }

    /// Reads `node` as a mapping with `body`, then reports unknown keys.
    static func read<T>(_ node: Node, path: PlanPath, log: ProblemLog, _ body: (MappingReader) -> T?) -> T? {
        log.objectsRead += 1
        if log.objectsRead > ProblemLog.maximumObjects {
            if log.objectsRead == ProblemLog.maximumObjects + 1 {
                log.report(path, node.mark, "het bestand bevat meer dan \(ProblemLog.maximumObjects) onderdelen (of verwijzingen die zich steeds herhalen); dat is geen planbestand")
            }
            return nil
        }
        if let mark = node.mark { log.lines[path] = mark.line }
        guard case .mapping(let mapping) = node else {
            log.report(path, node.mark, "verwacht een onderdeel met sleutels (zoals \"titel: ...\"), maar vond \(describe(node))")
            return nil
        }
        var pairs: [(String, Node)] = []
        for pair in mapping {
            guard let key = pair.key.scalar?.string else {
                log.report(path, pair.key.mark, "een sleutel moet een woord zijn, geen lijst of onderdeel")
                continue
            }
            pairs.append((key, pair.value))
        }
        let reader = MappingReader(pairs: pairs, path: path, mark: node.mark, log: log)
        let result = body(reader)
        reader.reportUnknownKeys()
        return result
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "de waarde \"\(scalar.string)\""
        case .sequence: "een lijst"
        case .mapping: "een onderdeel met sleutels"
        case .alias: "een verwijzing (alias)"
        }
    }

    private func reportUnknownKeys() {
        for (key, node) in pairs where !known.contains(key) {
            let suggestion = known.min { editDistance(key, $0) < editDistance(key, $1) }
            var message = "onbekende sleutel \"\(key)\""
            if let suggestion, editDistance(key, suggestion) <= max(2, key.count / 3) {
                message += " (bedoelde je \"\(suggestion)\"?)"
            }
            log.report(path + [], node.mark, message + "; toegestaan zijn: " + known.sorted().joined(separator: ", "))
        }
    }

    /// Marks `field` as known and returns its node, or nil when absent or written as null.
    func node(_ field: PlanField) -> (node: Node, path: PlanPath)? {
        let key = Vocabulary.key(field)
        known.insert(key)
        guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
        let fieldPath = path + [.field(field)]
        if let mark = pair.node.mark { log.lines[fieldPath] = mark.line }
        if case .scalar(let scalar) = pair.node, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return nil
        }
        return (pair.node, fieldPath)
    }

    func missing(_ field: PlanField) {
        log.report(path + [.field(field)], mark, "ontbreekt; dit veld is verplicht")
    }

    // MARK: Scalars

    /// A text value. Numbers and dates written without quotes are read as the text they show.
    func string(_ field: PlanField, required: Bool = false) -> String? {
        guard let (node, fieldPath) = node(field) else {
            if required { missing(field) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            log.report(fieldPath, node.mark, "verwacht een tekst, maar vond \(Self.describe(node))")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, text.isEmpty {
            log.report(fieldPath, node.mark, "mag niet leeg zijn")
            return nil
        }
        return text
    }

    func prose(_ field: PlanField) -> Prose {
        guard let (node, fieldPath) = node(field) else { return "" }
        guard case .scalar(let scalar) = node else {
            log.report(fieldPath, node.mark, "verwacht een tekst, maar vond \(Self.describe(node)); zet opsommingen in de tekst met regels die met \"- \" beginnen, onder \"\(Vocabulary.key(field)): |\"")
            return ""
        }
        // Hard line breaks inside paragraphs (a file wrapped at 100 columns, text copied from a
        // PDF) would otherwise wrap raggedly in the editor's text boxes.
        return Prose(scalar.string).reflowed
    }

    /// Parses a scalar with `parse`; reports `hint` when it fails.
    func parsed<T>(_ field: PlanField, required: Bool = false, _ parse: (String) -> Result<T, ParseProblem>) -> T? {
        guard let (node, fieldPath) = node(field) else {
            if required { missing(field) }
            return nil
        }
        return Self.parse(node, at: fieldPath, log: log, parse)
    }

    static func parse<T>(_ node: Node, at path: PlanPath, log: ProblemLog, _ parse: (String) -> Result<T, ParseProblem>) -> T? {
        guard case .scalar(let scalar) = node else {
            log.report(path, node.mark, "verwacht een enkele waarde, maar vond \(describe(node))")
            return nil
        }
        switch parse(scalar.string.trimmingCharacters(in: .whitespaces)) {
        case .success(let value): return value
        case .failure(let problem):
            log.report(path, node.mark, problem.message)
            return nil
        }
    }

    // MARK: Collections

    /// A list whose items are read by `item`; items that fail are left out (and reported).
    func list<T>(_ field: PlanField, required: Bool = false, _ item: (Node, PlanPath) -> T?) -> [T] {
        guard let (node, fieldPath) = node(field) else {
            if required { missing(field) }
            return []
        }
        guard case .sequence(let sequence) = node else {
            log.report(fieldPath, node.mark, "verwacht een lijst (regels die met \"- \" beginnen), maar vond \(Self.describe(node))")
            return []
        }
        var result: [T] = []
        var positions: [Int] = []
        for (i, element) in sequence.enumerated() {
            let elementPath = fieldPath + [.index(i)]
            if let mark = element.mark { log.lines[elementPath] = mark.line }
            if let value = item(element, elementPath) {
                result.append(value)
                positions.append(i)
            }
        }
        if positions.count < sequence.count { log.keptPositions[fieldPath] = positions }
        return result
    }

    /// A list of objects, each read by `body`.
    func objects<T>(_ field: PlanField, required: Bool = false, _ body: (MappingReader) -> T?) -> [T] {
        list(field, required: required) { node, path in MappingReader.read(node, path: path, log: log, body) }
    }

    /// A list of scalars, each parsed by `parse`.
    func values<T>(_ field: PlanField, _ parse: @escaping (String) -> Result<T, ParseProblem>) -> [T] {
        list(field) { node, path in Self.parse(node, at: path, log: log, parse) }
    }

    /// A nested object.
    func object<T>(_ field: PlanField, required: Bool = false, _ body: (MappingReader) -> T?) -> T? {
        guard let (node, fieldPath) = node(field) else {
            if required { missing(field) }
            return nil
        }
        return MappingReader.read(node, path: fieldPath, log: log, body)
    }
}

/// Why a single value could not be read, as a Dutch message.
struct ParseProblem: Error {
    var message: String
}

