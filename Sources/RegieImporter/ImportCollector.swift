import Foundation
import RegieCore

/// What the readers of exports and templates share: problems (up to a limit, with the count
/// of the rest), observations handed on in batches only while no problem has been found, the
/// summary, and region names that matched nothing. At the end it throws every problem, so a
/// caller storing inside a transaction stores nothing.
struct ImportCollector {
    let file: String
    private(set) var problems: [ImportProblem] = []
    private var problemCount = 0
    private var batch: [Observation] = []
    var summary = DataSetSummary()
    /// Region names that matched no code, with the first line each was on and its year.
    private var unmatched: [String: (line: Int, year: Int?)] = [:]

    init(file: String) {
        self.file = file
        batch.reserveCapacity(ODataDataSetReader.batchSize)
    }

    var isClean: Bool { problemCount == 0 && unmatched.isEmpty }

    mutating func report(_ line: Int?, _ message: String) {
        problemCount += 1
        if problems.count < ODataDataSetReader.maximumProblems { problems.append(ImportProblem(file: file, line: line, message: message)) }
    }

    /// Looks a region name up in `year` (the figure's period); a name that matches nothing is
    /// remembered for one message.
    mutating func region(_ name: String, year: Int? = nil, line: Int, in codes: CodeBook) -> RegionCode? {
        if case .code(let code) = codes.region(name, year: year) { return code }
        if unmatched[name] == nil { unmatched[name] = (line, year) }
        return nil
    }

    /// The line of the last row added, for messages about the block being stored.
    private var lastLine: Int?

    /// Adds the observations of one row and hands full batches to `consume`.
    mutating func add(_ observations: [Observation], line: Int? = nil, consume: ([Observation]) async throws -> Void) async throws(ImportProblems) {
        guard isClean else { return }
        if let line { lastLine = line }
        for observation in observations {
            if observation.value == nil { summary.missingValues += 1 }
            summary.regions.insert(observation.region)
            summary.periods.insert(observation.period)
        }
        summary.observations += observations.count
        batch.append(contentsOf: observations)
        if batch.count >= ODataDataSetReader.batchSize { try await flush(consume) }
    }

    private mutating func flush(_ consume: ([Observation]) async throws -> Void) async throws(ImportProblems) {
        guard !batch.isEmpty else { return }
        do { try await consume(batch) } catch {
            throw ImportProblems([.storing(error, file: file, line: lastLine)])
        }
        batch.removeAll(keepingCapacity: true)
    }

    /// Throws every problem found; else hands on the last batch and returns the summary.
    mutating func finish(codes: CodeBook, consume: ([Observation]) async throws -> Void) async throws(ImportProblems) -> DataSetSummary {
        if !unmatched.isEmpty {
            let listed = codes.unmatchedProblems(unmatched, file: file)
            problems.insert(contentsOf: listed, at: 0)
            problemCount += listed.count
        }
        if summary.rows == 0, problemCount == 0 { report(nil, "het bestand bevat geen cijfers") }
        guard problemCount == 0 else {
            if problemCount > problems.count {
                problems.append(ImportProblem(file: file, line: nil, message: "en nog \(problemCount - problems.count) problemen; er is niets ingelezen"))
            }
            throw ImportProblems(problems)
        }
        try await flush(consume)
        return summary
    }
}

extension CodeBook {
    /// How many unknown names are listed one by one; the rest are counted.
    static let listedNames = 10

    /// Problems for region names that matched nothing, each on its first line with the nearest
    /// known names, or with the municipalities it could mean: at most ``listedNames``, then the
    /// total.
    func unmatchedProblems(_ unmatched: [String: (line: Int, year: Int?)], file: String) -> [ImportProblem] {
        let names = unmatched.sorted { ($0.value.line, $0.key) < ($1.value.line, $1.key) }
        var problems: [ImportProblem] = names.prefix(Self.listedNames).map { name, place in
            if case .ambiguous(let codes) = region(name, year: place.year) {
                let year = place.year.map { " in \($0)" } ?? ""
                return ImportProblem(file: file, line: place.line, message:
                    "\"\(name)\" was\(year) de naam van meer dan één gemeente (\(codes.map(\.rawValue).joined(separator: ", "))); "
                    + "Regie weet niet welke bedoeld is. Kies in StatLine de gemeentelijke indeling van één jaar, of geef met --metadata de metadata van de tabel")
            }
            let nearest = suggestions(for: name)
            return ImportProblem(file: file, line: place.line, message:
                "\"\(name)\" is geen regionaam die Regie kent"
                + (nearest.isEmpty ? "" : "; bedoelde u " + Self.alternatives(nearest) + "?"))
        }
        if names.count > Self.listedNames {
            problems.append(ImportProblem(file: file, line: nil, message:
                "en nog \(names.count - Self.listedNames) onbekende regionamen (\(names.count) in totaal); er is niets ingelezen"))
        } else if names.count > 1 {
            problems.append(ImportProblem(file: file, line: nil, message: "\(names.count) regionamen zijn onbekend; er is niets ingelezen"))
        }
        return problems
    }

    /// "A", "A of B", "A, B of C".
    static func alternatives(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " of " + names.last!
    }
}

/// A stable key for a free title: lower case, accents dropped, runs of other characters
/// turned into one `-` ("Meldingen verward gedrag (E33)" → `meldingen-verward-gedrag-e33`).
func slug(_ title: String) -> String {
    let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL")).lowercased()
    var key = ""
    for scalar in folded.unicodeScalars {
        if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            key.unicodeScalars.append(scalar)
        } else if !key.isEmpty, !key.hasSuffix("-") {
            key += "-"
        }
    }
    while key.hasSuffix("-") { key.removeLast() }
    return key
}

/// Opens a CSV file, turning failures into one problem list.
func openDelimited(_ url: URL, delimiter: UnicodeScalar? = nil) throws(ImportProblems) -> DelimitedFile {
    do { return try DelimitedFile(url, delimiter: delimiter) } catch let problem as ImportProblem { throw ImportProblems([problem]) } catch {
        throw ImportProblems([ImportProblem(file: url.lastPathComponent, line: nil, message: "het bestand kan niet worden gelezen")])
    }
}

extension DelimitedFile {
    /// The next row, a broken file reported to `collector` as the end.
    func nextRow(_ collector: inout ImportCollector) -> (line: Int, fields: [String])? {
        do { return try next() } catch let problem as ImportProblem {
            collector.report(problem.line, problem.message)
        } catch {
            collector.report(nil, "het bestand kan niet verder worden gelezen")
        }
        return nil
    }
}

extension ImportProblem {
    /// What went wrong when the database refused to store figures of `file`, in Dutch: which
    /// figure was doubled, or what kind of trouble the database had, and that nothing changed.
    /// The database's own text is never shown (it can hold SQL). `line` is the last line of the
    /// block being stored, when known; `dimensions` names the parts of a stored category key.
    public static func storing(_ error: any Error, file: String, line: Int?, dimensions: [String] = []) -> ImportProblem {
        let unchanged = "Er is niets ingelezen; de tabel zoals die was opgeslagen, is ongewijzigd"
        let block = line.map { " (bij het blok regels dat op regel \($0) eindigt)" } ?? ""
        guard let failure = error as? StatisticsStoreFailure else {
            return ImportProblem(file: file, line: nil, message: "opslaan in de database mislukte door een onverwachte fout\(block). \(unchanged)")
        }
        let message: String
        switch failure {
        case .duplicate(let region, let period, let category, let measure):
            let parts = category.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let categories = zip(dimensions, parts).filter { !$0.1.isEmpty }.map { "\($0.0) \($0.1)" }
            let what = (["regio \(region)", "periode \(period)"] + categories + ["onderwerp \(measure)"]).joined(separator: ", ")
            message = "het cijfer voor \(what) staat twee keer in het bestand\(block); elk cijfer mag maar één keer voorkomen. \(unchanged)"
        case .busy:
            message = "de database was te lang bezet door een ander programma\(block); probeer het over een paar minuten opnieuw. \(unchanged)"
        case .unavailable:
            message = "de verbinding met de database viel weg\(block); controleer of de database bereikbaar is en probeer het opnieuw. \(unchanged)"
        case .full:
            message = "de schijf van de database is vol\(block); maak ruimte vrij en probeer het opnieuw. \(unchanged)"
        case .readOnly:
            message = "de database mag niet worden beschreven (alleen-lezen of geen rechten)\(block). \(unchanged)"
        case .concurrentImport:
            message = "tegelijk is een andere import van dezelfde tabel afgerond; deze import is daarom niet doorgevoerd. Lees het bestand opnieuw in als het de nieuwste cijfers heeft. Er is niets ingelezen"
        case .otherDimensions(let stored, let file):
            func words(_ dimensions: [String]) -> String { dimensions.isEmpty ? "geen" : dimensions.joined(separator: ", ") }
            message = "dit bestand is anders ingedeeld dan de opgeslagen tabel (indelingen van de opgeslagen tabel: \(words(stored)); "
                + "van dit bestand: \(words(file))), dus kunnen de cijfers niet bij de opgeslagen cijfers worden gezet. "
                + "Geef het bestand een eigen tabelcode (--tabel), of vervang de hele tabel (regie data import --vervang, "
                + "of in de browser 'Vervang de hele tabel'). Er is niets ingelezen"
        case .other(let kind):
            message = "de database weigerde de cijfers op te slaan\(block) (soort fout: \(kind)). \(unchanged)"
        }
        // The line is named in the message: it ends the block stored, it is not the bad row.
        return ImportProblem(file: file, line: nil, message: message)
    }
}
