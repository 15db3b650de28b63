import Foundation
import RegieCore
import RegieImporter
import RegieReports
import Vapor

/// The beheerder's figures: the stored tables, importing an open-data file through the browser
/// (received by ``DataUploadReceiver``, imported in the background by ``FigureImports``) and
/// each import's status page.
struct FiguresController {
    func boot(routes: any RoutesBuilder) {
        let figures = routes.grouped("beheer", "cijfers")
        figures.get(use: page)
        // Streamed: the receiver writes the file to disk as it comes (docs/adr/0009).
        figures.on(.POST, body: .stream, use: importFile)
        figures.get("inlezingen", ":id", use: status)
        figures.get("tabellen", ":table", use: versions)
    }

    /// The municipality of this beheerder; 403 for everyone else.
    private func managed(_ req: Request) throws -> (Account, MunicipalityCode) {
        let account = try req.account
        guard let code = account.tenant.municipality, AccessPolicy.mayImportFigures(account, for: code) else {
            throw Abort(.forbidden, reason: "Alleen een beheerder van de gemeente kan cijfers inlezen.")
        }
        return (account, code)
    }

    private func render(_ req: Request, _ account: Account, _ code: MunicipalityCode,
                        errors: [(field: String?, label: String, message: String)] = [], table: String = "", replace: Bool = false,
                        status: HTTPStatus = .ok) async throws -> Response {
        let imports = await req.application.figureImports.recent(of: code).map(view)
        return html(FiguresPage(tenantName: try await tenantName(req, account), tables: try await req.statistics.tables(),
                                imports: imports, maxUploadMB: req.application.security.maxUploadBytes / (1 << 20),
                                errors: errors, table: table, replace: replace).render(), status: status)
    }

    func page(_ req: Request) async throws -> Response {
        let (account, code) = try managed(req)
        return try await render(req, account, code)
    }

    func importFile(_ req: Request) async throws -> Response {
        let (account, code) = try managed(req)
        // Only the receiver puts an upload here; a URL-encoded post to this address has none.
        guard let upload = req.storage[DataUploadKey.self] else {
            throw Abort(.unsupportedMediaType, reason: "Verstuur het bestand met het formulier op de pagina Cijfers. Er is niets ingelezen.")
        }
        let values = try FormValues(req)
        let table = values.one("tabel").trimmingCharacters(in: .whitespaces)
        let replace = values.one("vervang") == "ja"
        var errors: [(field: String?, label: String, message: String)] = []
        if let file = upload.files["bestand"] {
            if file.bytes == 0 { errors.append(("bestand", "Bestand met cijfers", "Het gekozen bestand \(file.name) is leeg.")) }
        } else {
            errors.append(("bestand", "Bestand met cijfers", "Kies het bestand met de cijfers."))
        }
        if !table.isEmpty, !Self.isTableCode(table) {
            errors.append(("tabel", "Tabelcode", "Gebruik hoogstens 80 letters, cijfers, punten, - en _, en begin met een letter of cijfer (bijvoorbeeld 47013NED)."))
        }
        guard errors.isEmpty, let file = upload.files["bestand"] else {
            return try await render(req, account, code, errors: errors, table: table, replace: replace, status: .unprocessableEntity)
        }
        do throws(FigureImports.Busy) {
            let id = try await req.application.figureImports.start(
                file: file, metadata: upload.files["metadata"], table: table.isEmpty ? nil : table, mode: replace ? .replace : .addUp, upload: upload, by: account,
                for: code, statistics: req.application.statistics, audit: req.application.accounts, logger: req.logger)
            return req.redirect(to: SiteURL.figuresImport(id).path, redirectType: .normal)
        } catch {
            return try await render(req, account, code, errors: [(nil, "", "Er wordt al een bestand ingelezen (begonnen \(Self.clock(error.since))); Regie leest er één tegelijk in. Wacht tot dat klaar is en kies het bestand dan opnieuw. Er is niets ingelezen.")],
                                    table: table, replace: replace, status: .conflict)
        }
    }

    func status(_ req: Request) async throws -> Response {
        let (_, code) = try managed(req)
        // Another municipality's import is as good as absent.
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let job = await req.application.figureImports.job(id), job.municipality == code else {
            throw Abort(.notFound, reason: "Deze inleespoging bestaat niet (meer). Op de pagina Cijfers staan de pogingen van de laatste dag.")
        }
        return html(FigureImportPage(job: view(job)).render())
    }

    /// The versions of a stored table and the figures one of them revised (`?versie=N`; the
    /// newest without it). Stored figures are shared by the deployment: every beheerder sees them.
    func versions(_ req: Request) async throws -> Response {
        _ = try managed(req)
        let identifier = req.parameters.get("table") ?? ""
        let missing = Abort(.notFound, reason: "Regie heeft geen tabel met de code \(identifier.prefix(80)). De ingelezen tabellen staan op de pagina Cijfers.")
        guard Self.isTableCode(identifier) else { throw missing }
        let asked = req.query[String.self, at: "versie"]
        let revision = asked.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if asked != nil, revision == nil {
            throw Abort(.badRequest, reason: "\u{201C}\(asked!.prefix(20))\u{201D} is geen versienummer; gebruik een heel getal, bijvoorbeeld ?versie=2.")
        }
        let page = try await req.statistics.reading { statistics -> StatisticsTablePage? in
            guard let summary = try await statistics.tables().first(where: { $0.identifier == identifier }) else { return nil }
            let revisions = try await statistics.revisions(table: identifier)
            let shown = revision ?? revisions.first?.revision ?? summary.revision
            let changes = try await statistics.revisionChanges(table: identifier, revision: shown, limit: Self.changesShown)
            let regions = Array(Set(changes.changes.map(\.region)))
            var names = regions.isEmpty ? [:] : try await statistics.regionNames(table: identifier, regions: .codes(regions))
            // A table without region names (own series): municipalities from the shipped lists.
            for region in regions where names[region] == nil {
                if let code = MunicipalityCode(region.rawValue), let name = CodeLists.shipped.municipalityName(code) { names[region] = name }
            }
            let measures = try await statistics.table(identifier)?.measures ?? []
            return StatisticsTablePage(table: summary, revisions: revisions, shown: shown, changes: changes.changes, totalChanges: changes.total,
                                       regionNames: names, measureTitles: Dictionary(measures.map { ($0.key, $0.title) }, uniquingKeysWith: { a, _ in a }))
        }
        guard let page else { throw missing }
        if revision != nil, !page.revisions.contains(where: { $0.revision == page.shown }) {
            throw Abort(.notFound, reason: "Tabel \(identifier) heeft geen versie \(page.shown); er zijn versies \(page.revisions.map { String($0.revision) }.reversed().joined(separator: ", ")).")
        }
        return html(page.render())
    }

    /// Revised figures listed on a version's page.
    static let changesShown = 500

    private func view(_ job: FigureImports.Job) -> FigureImportView {
        let state: FigureImportView.State = switch job.state {
        case .running: .running(rows: job.rows.count, figures: job.figures.count)
        case .succeeded(let outcome): .succeeded(outcome)
        case .failed(let problems): .failed(problems.map { Self.browserWording($0.description) })
        }
        return FigureImportView(id: job.id, fileName: job.file.name, metadataName: job.metadata?.name, startedBy: job.actorName,
                                startedAt: job.startedAt, state: state)
    }

    /// The importer's messages name the command line's options; in the browser they are fields.
    static func browserWording(_ message: String) -> String {
        message.replacingOccurrences(of: "--tabel", with: "het veld Tabelcode")
            .replacingOccurrences(of: "--metadata", with: "het veld Metadatabestand")
            .replacingOccurrences(of: "--periode", with: "de periode")
    }

    static func isTableCode(_ text: String) -> Bool {
        guard (1...80).contains(text.count), let first = text.unicodeScalars.first,
              first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// "om 14:05" today, else the date and time.
    static func clock(_ date: Date) -> String {
        var style = Date.FormatStyle(date: .omitted, time: .shortened).locale(Locale(identifier: "nl_NL"))
        style.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        return "om " + date.formatted(style)
    }
}
