import Foundation
import RegieCore
import RegieReports
import Vapor

/// An e-mail to send.
public struct Mail: Hashable, Sendable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends mail. Regie does not speak SMTP itself: ``CurlMailer`` hands the message to curl.
public protocol Mailer: Sendable {
    func send(_ mail: Mail) async throws
}

/// Mail through curl's SMTP client (Debian package `curl`), a well-kept implementation of SMTP,
/// STARTTLS and authentication; Regie only writes the message. `REGIE_SMTP_URL` is the server
/// as curl takes it (`smtp://host:25`, `smtps://user:password@host:465`).
public struct CurlMailer: Mailer {
    public var server: String
    public var from: String
    public var curl: String

    public init(server: String, from: String, curl: String = "/usr/bin/curl") {
        self.server = server
        self.from = from
        self.curl = curl
    }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled(String)
        case refused(String)
        public var description: String {
            switch self {
            case .notInstalled(let path): "Het programma curl (\(path)) is niet gevonden; installeer het Debian-pakket curl om herinneringen te versturen."
            case .refused(let message): "De mailserver nam het bericht niet aan: \(message)"
            }
        }
    }

    /// The message as RFC 5322 text: UTF-8, the subject encoded for non-ASCII.
    public static func message(_ mail: Mail, from: String, date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "=?UTF-8?B?\(Data(mail.subject.utf8).base64EncodedString())?="
        let body = mail.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return ["From: Regie <\(from)>", "To: <\(mail.to)>", "Subject: \(subject)", "Date: \(formatter.string(from: date))",
                "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body, ""]
            .joined(separator: "\r\n")
    }

    public func send(_ mail: Mail) async throws {
        guard FileManager.default.isExecutableFile(atPath: curl) else { throw Failure.notInstalled(curl) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = ["--silent", "--show-error", "--max-time", "30", "--url", server,
                             "--mail-from", from, "--mail-rcpt", mail.to, "--upload-file", "-"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(Self.message(mail, from: from).utf8))
        try input.fileHandleForWriting.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { process.waitUntilExit(); done.resume() }
        }
        if process.terminationStatus != 0 {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure.refused(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// What one run of the weekly reminders did.
public struct ReminderOutcome: Hashable, Sendable {
    /// False when another instance (or an earlier run) already did this week's reminders.
    public var ran: Bool
    public var sent = 0
    /// Accounts whose digest was already recorded this week.
    public var skipped = 0
    public var failed = 0
}

/// The weekly digest of "Mijn taken" for every account with an e-mail address and something to do.
public struct ReminderJob: Sendable {
    public static let name = "herinneringen"
    let plans: any PlanRepository
    let accounts: any AccountRepository
    let schedule: any ScheduleStore
    let mailer: any Mailer
    /// Where the links in the mail point (REGIE_ADRES), such as `https://regie.example.nl`.
    let baseURL: String
    let instance: String

    public init(plans: any PlanRepository, accounts: any AccountRepository, schedule: any ScheduleStore, mailer: any Mailer,
                baseURL: String, instance: String) {
        self.plans = plans
        self.accounts = accounts
        self.schedule = schedule
        self.mailer = mailer
        self.baseURL = baseURL
        self.instance = instance
    }

    public func run(today: CalendarDate, now: Date = Date(), logger: Logger? = nil) async throws -> ReminderOutcome {
        let week = today.isoWeek
        guard try await schedule.claim(job: Self.name, period: week, instance: instance, at: now) else { return ReminderOutcome(ran: false) }
        var outcome = ReminderOutcome(ran: true)
        let addresses = try await accounts.reminderAddresses()
        for account in try await accounts.accounts(of: nil) where !account.disabled {
            guard let email = addresses[account.id] else { continue }
            let entries = try await Self.tasks(of: account, plans: plans, today: today)
            guard !entries.isEmpty else { continue }
            guard try await schedule.recordDigest(account: account.id, week: week, items: entries.count, at: now) else {
                outcome.skipped += 1
                continue
            }
            do {
                try await mailer.send(Mail(to: email, subject: "Regie: \(entries.count) \(entries.count == 1 ? "taak" : "taken") voor week \(week.suffix(2))",
                                           body: Self.digest(entries, name: account.displayName, baseURL: baseURL)))
                outcome.sent += 1
            } catch {
                // No address in the log: the account's id is enough to find it.
                logger?.warning("Herinnering voor account \(account.id) niet verstuurd: \(error)")
                outcome.failed += 1
            }
        }
        try await schedule.finish(job: Self.name, period: week, outcome: "verstuurd \(outcome.sent), mislukt \(outcome.failed)", at: now)
        return outcome
    }

    /// What `account` must do in the plans it sees: the same list as its "Mijn taken" page.
    static func tasks(of account: Account, plans: any PlanRepository, today: CalendarDate) async throws -> [TaskEntry] {
        let scope = PlanScope(account: account, plans: plans)
        var entries: [TaskEntry] = []
        for summary in try await scope.summaries() {
            guard let scoped = try? await scope.open(summary.key) else { continue }
            var plan = scoped.plan
            plan.execution = scoped.stored.plan.execution
            guard !plan.execution.programmes.isEmpty || plan.status >= .adopted else { continue }
            entries += RunningController.tasks(plan, permissions: scoped.permissions, isMunicipality: account.tenant.municipality != nil, today: today)
        }
        return entries
    }

    /// A task's title on one line, cut at a word before 100 characters.
    static func short(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard line.count > 100 else { return line }
        let cut = line.prefix(100)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }

    /// The mail's text: plain Dutch, a line per task with its link, nothing about other people.
    static func digest(_ entries: [TaskEntry], name: String, baseURL: String) -> String {
        let groups: [(TaskEntry.Kind, String)] = [(.overdue, "Over tijd"), (.update, "Bijwerken"), (.approve, "Wacht op uw goedkeuring"),
                                                  (.explain, "Uitleg nodig"), (.measure, "Meting nodig")]
        var lines = ["Beste \(name),", "", "Dit staat deze week voor u of uw organisatie klaar in Regie.", ""]
        for (kind, title) in groups {
            let list = entries.filter { $0.kind == kind }
            guard !list.isEmpty else { continue }
            lines.append("\(title) (\(list.count)):")
            for entry in list { lines.append("- \(short(entry.title)) (\(entry.plan.title)): \(baseURL)\(entry.link.path)") }
            lines.append("")
        }
        lines += ["Alles staat ook op de pagina Mijn taken: \(baseURL)\(SiteURL.myTasks.path)", "",
                  "U krijgt dit bericht hoogstens één keer per week. U zet het uit door op de pagina Mijn account uw e-mailadres te verwijderen."]
        return lines.joined(separator: "\n")
    }
}

extension Application {
    /// Runs the weekly reminders every hour while serving, when an SMTP server is configured
    /// (REGIE_SMTP_URL). The claim in the database makes each week's run happen once, on one
    /// instance, however many are serving.
    func startReminders(_ configuration: RegieConfiguration) {
        guard let server = configuration.smtpURL else { return }
        let mailer = CurlMailer(server: server, from: configuration.smtpFrom)
        let instance = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let job = ReminderJob(plans: plans, accounts: accounts, schedule: schedule, mailer: mailer,
                              baseURL: configuration.publicURL, instance: instance)
        let logger = self.logger
        let today = configuration.today
        eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(60), delay: .hours(1)) { _ in
            let promise = self.eventLoopGroup.next().makePromise(of: Void.self)
            promise.completeWithTask {
                do {
                    let outcome = try await job.run(today: today ?? CalendarDate.today(), logger: logger)
                    if outcome.ran { logger.notice("Herinneringen: \(outcome.sent) verstuurd, \(outcome.failed) mislukt.") }
                } catch {
                    logger.error("Herinneringen niet gelukt: \(error)")
                }
            }
            return promise.futureResult
        }
    }
}
