import Foundation
import RegieCore
import RegieImporter
import RegieReports
import Vapor

/// The browser imports of this server: at most one runs at a time (the import keeps a core and
/// the database busy), each in a task of its own; finished ones are kept for a day so their
/// status page keeps answering. Kept in memory: after a restart the status pages are gone, and
/// an import that was running stored nothing (the next import removes what it staged); the audit
/// trail keeps every finished import.
actor FigureImports {
    struct Job: Sendable {
        let id: UUID
        let municipality: MunicipalityCode
        let actor: UUID
        let actorName: String
        let file: UploadedFile
        let metadata: UploadedFile?
        let requestedTable: String?
        /// Added up to the stored table (the default) or replacing it ("Vervang de hele tabel").
        let mode: StatisticsImportMode
        let startedAt: Date
        var finishedAt: Date?
        var state: State
        let rows: RowCounter
        let figures: ReplacementGuard.Counter

        enum State: Sendable {
            case running
            case succeeded(FigureImportOutcome)
            case failed([ImportProblem])
        }

        var isRunning: Bool { if case .running = state { true } else { false } }
    }

    /// Rows read so far, as the reader reports them.
    final class RowCounter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        var count: Int { lock.lock(); defer { lock.unlock() }; return value }
        func set(_ rows: Int) { lock.lock(); value = max(value, rows); lock.unlock() }
    }

    /// Another import runs (since this moment).
    struct Busy: Error {
        var since: Date
    }

    static let keptFor: TimeInterval = 24 * 3600
    static let maximumKept = 100

    private var jobs: [UUID: Job] = [:]
    private var running: (id: UUID, task: Task<Void, Never>)?

    /// Starts importing `file`; the upload's folder is removed when the import ends.
    func start(file: UploadedFile, metadata: UploadedFile?, table: String?, mode: StatisticsImportMode, upload: DataUpload, by account: Account,
               for municipality: MunicipalityCode, statistics: any StatisticsRepository,
               audit: any AccountRepository, logger: Logger) throws(Busy) -> UUID {
        if let running, let job = jobs[running.id] { throw Busy(since: job.startedAt) }
        prune()
        let job = Job(id: UUID(), municipality: municipality, actor: account.id, actorName: account.displayName, file: file,
                      metadata: metadata, requestedTable: table, mode: mode, startedAt: Date(), state: .running, rows: RowCounter(),
                      figures: ReplacementGuard.Counter())
        jobs[job.id] = job
        upload.claimed = true
        let task = Task.detached { [weak self] in
            let state = await Self.run(job, statistics: statistics, audit: audit, logger: logger)
            upload.remove()
            await self?.finish(job.id, state)
        }
        running = (job.id, task)
        return job.id
    }

    func job(_ id: UUID) -> Job? { jobs[id] }

    /// The imports of one municipality, newest first.
    func recent(of municipality: MunicipalityCode) -> [Job] {
        jobs.values.filter { $0.municipality == municipality }.sorted { $0.startedAt > $1.startedAt }
    }

    /// At shutdown: cancels the running import (it stops at its next block of figures and
    /// stores nothing) and waits for it, at most `limit`; a reader still in its first pass does not
    /// hold up the shutdown longer than that.
    func stop(waitingAtMost limit: Duration = .seconds(10)) async {
        guard let task = running?.task else { return }
        task.cancel()
        let deadline = ContinuousClock.now + limit
        while running != nil, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func finish(_ id: UUID, _ state: Job.State) {
        jobs[id]?.state = state
        jobs[id]?.finishedAt = Date()
        if running?.id == id { running = nil }
    }

    private func prune() {
        let now = Date()
        for (id, job) in jobs where !job.isRunning && now.timeIntervalSince(job.finishedAt ?? now) > Self.keptFor { jobs[id] = nil }
        let finished = jobs.values.filter { !$0.isRunning }.sorted { $0.startedAt > $1.startedAt }
        for job in finished.dropFirst(Self.maximumKept) { jobs[job.id] = nil }
    }

    /// Runs the import with the same checks as the command line, through the guard that keeps
    /// other municipalities' figures, and records the outcome in the audit trail.
    private static func run(_ job: Job, statistics: any StatisticsRepository, audit: any AccountRepository, logger: Logger) async -> Job.State {
        let started = Date()
        let guarded = ReplacementGuard(statistics, owner: job.municipality, counting: job.figures)
        let rows = job.rows
        let state: Job.State
        var values = [AuditValue("Bestand", job.file.name), AuditValue("SHA-256", job.file.sha256),
                      AuditValue("Grootte", "\(job.file.bytes) bytes")]
        if let metadata = job.metadata {
            values += [AuditValue("Metadatabestand", metadata.name), AuditValue("SHA-256 metadata", metadata.sha256)]
        }
        let entry: AuditEntry
        do {
            let result = try await DataImport.run(job.file.url, identifier: job.requestedTable, metadata: job.metadata?.url,
                                                  mode: job.mode, into: guarded, progress: { rows.set($0) })
            let summary = result.summary
            let outcome = FigureImportOutcome(layout: result.layout.description, table: result.table.identifier, title: result.table.title,
                                              revision: result.outcome.revision, rows: summary.rows, figures: summary.observations,
                                              missing: summary.missingValues, regions: summary.regions.count, periods: summary.periods.count,
                                              seconds: Date().timeIntervalSince(started), previousFigures: result.outcome.previousObservations,
                                              notes: result.notes, changes: result.outcome.sentences(table: result.table.identifier))
            state = .succeeded(outcome)
            values += result.notes.map { AuditValue("Periode", $0) }
            values += [AuditValue("Tabel", result.table.identifier), AuditValue("Versie", String(result.outcome.revision)),
                       AuditValue("Regels", String(summary.rows)), AuditValue("Cijfers", String(summary.observations))]
            if let previous = result.outcome.previousObservations { values.append(AuditValue("Cijfers vorige versie", String(previous))) }
            let changes = result.outcome.changes
            values += [AuditValue("Wijze", job.mode.rawValue), AuditValue("Nieuwe cijfers", String(changes.added)),
                       AuditValue("Herziene cijfers", String(changes.revised))]
            if job.mode == .addUp, result.outcome.revision > 1 { values.append(AuditValue("Behouden cijfers", String(changes.kept))) }
            if job.mode == .replace, result.outcome.revision > 1 { values.append(AuditValue("Verwijderde cijfers", String(changes.removed))) }
            entry = AuditEntry(actor: job.actor, actorName: job.actorName, municipalities: [job.municipality], action: .figuresImported,
                               object: "tabel \(result.table.identifier) · ingelezen uit \(job.file.name)", after: values)
        } catch {
            state = .failed(error.problems)
            values += [AuditValue("Problemen", String(error.problems.count))]
            if let table = job.requestedTable { values.append(AuditValue("Gevraagde tabel", table)) }
            entry = AuditEntry(actor: job.actor, actorName: job.actorName, municipalities: [job.municipality], action: .figuresImportFailed,
                               object: "bestand \(job.file.name) · niets ingelezen", after: values)
        }
        do { try await audit.record(entry) } catch {
            logger.error("browser import: the audit entry could not be written: \(type(of: error))")
        }
        return state
    }
}

struct FigureImportsKey: StorageKey { typealias Value = FigureImports }

extension Application {
    /// The browser imports of this server (set up by ``configureRegie(_:migrate:)``).
    var figureImports: FigureImports {
        if let imports = storage[FigureImportsKey.self] { return imports }
        let imports = FigureImports()
        storage[FigureImportsKey.self] = imports
        return imports
    }
}

/// Lets a running browser import end before the application's database goes.
struct FigureImportsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.figureImports.stop()
    }
}
