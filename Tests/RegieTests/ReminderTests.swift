import Foundation
import RegieCore
import RegieWeb
import Testing
import VaporTesting

/// Collects mail instead of sending it.
final class RecordingMailer: Mailer, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [Mail] = []
    var mails: [Mail] { lock.withLock { sent } }
    func send(_ mail: Mail) async throws { lock.withLock { sent.append(mail) } }
}

@Suite("Reminders: weeks")
struct ReminderWeekTests {
    @Test("ISO weeks: Monday starts the week, and the first week holds the first Thursday")
    func isoWeeks() {
        #expect(CalendarDate(iso: "2026-12-04")!.isoWeek == "2026-W49")
        #expect(CalendarDate(iso: "2027-01-01")!.isoWeek == "2026-W53")
        #expect(CalendarDate(iso: "2024-12-30")!.isoWeek == "2025-W01")
        #expect(CalendarDate(iso: "2024-06-02")!.isoWeek == "2024-W22")
        #expect(CalendarDate(iso: "2024-06-03")!.isoWeek == "2024-W23")
    }

    @Test("The message is UTF-8 with an encoded subject and CRLF line ends")
    func message() {
        let text = CurlMailer.message(Mail(to: "a@b.nl", subject: "Regie: 2 taken – week 23", body: "Eén\nTwee"), from: "regie@b.nl")
        #expect(text.contains("Subject: =?UTF-8?B?\(Data("Regie: 2 taken – week 23".utf8).base64EncodedString())?="))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("\r\n\r\nEén\r\nTwee\r\n"))
    }
}

extension DatabaseTests {
    @Suite("Reminders: once a week, on one instance")
    struct ReminderTests {
        static let key = Key("stadskanaal-2020-2024")!

        /// Stadskanaal adopted with an adopted programme for 2024 and no updates: all of it is stale.
        func setUp(_ app: Application) async throws -> (officer: Account, reader: Account) {
            var plan = try example("stadskanaal-2020-2024.yaml")
            var programme = plan.draftProgramme(key: Key("uitvoering-2024")!, title: "Programma 2024", period: YearRange(first: 2024, last: 2024)!, municipality: nil)
            programme.status = .adopted
            programme.adoption = ProgrammeAdoption(body: .executive, date: CalendarDate(iso: "2024-01-16")!)
            plan.execution.programmes = [programme]
            _ = try await app.plans.save(plan)
            let officer = try await app.createAccount("beleid.mail", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
            let reader = try await app.createAccount("raad.mail", .municipality(MunicipalityCode("GM0037")!), [.reader])
            let noAddress = try await app.createAccount("beleid.zonder", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
            _ = noAddress
            let audit = AuditEntry(actor: nil, actorName: "test", municipalities: [], action: .emailChanged, object: "test")
            try await app.accounts.setEmail(officer.id, "beleid@stadskanaal.test", audit: audit)
            try await app.accounts.setEmail(reader.id, "raad@stadskanaal.test", audit: audit)
            return (officer, reader)
        }

        func job(_ app: Application, _ mailer: RecordingMailer, _ instance: String) -> ReminderJob {
            ReminderJob(plans: app.plans, accounts: app.accounts, schedule: app.schedule, mailer: mailer, baseURL: "https://regie.test", instance: instance)
        }

        @Test("Two instances start the reminders at the same moment: exactly one sends, one digest per person per week")
        func onceAcrossInstances() async throws {
            try await withTestApp { app in
                _ = try await setUp(app)
                // On PostgreSQL a second application on the same database is a second instance;
                // in-memory SQLite has one database per application, so both jobs share the first.
                let other: Application? = testDatabase.isPostgres
                    ? try await Application.makeRegie(RegieConfiguration(database: testDatabase, keys: .fixed(testKeys), anchors: .memory),
                                                      environment: .testing, migrate: false)
                    : nil
                let first = RecordingMailer(), second = RecordingMailer()
                let monday = CalendarDate(iso: "2024-06-03")!
                async let a = job(app, first, "a").run(today: monday)
                async let b = job(other ?? app, second, "b").run(today: monday)
                let (ra, rb) = try await (a, b)
                #expect([ra.ran, rb.ran].filter { $0 }.count == 1, "one instance runs the week")
                let mails = first.mails + second.mails
                // The officer has stale work; the council member has no tasks; no address, no mail.
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.to == "beleid@stadskanaal.test")
                #expect(mail.subject.hasPrefix("Regie: ") && mail.subject.hasSuffix("week 23"))
                #expect(mail.body.contains("Bijwerken") && mail.body.contains("https://regie.test/plannen/stadskanaal-2020-2024/uitvoering/"))
                // Later that week, another start: nothing more.
                let again = RecordingMailer()
                #expect(try await job(app, again, "c").run(today: CalendarDate(iso: "2024-06-06")!).ran == false)
                #expect(again.mails.isEmpty)
                // The next week: a new digest.
                let next = RecordingMailer()
                let outcome = try await job(app, next, "d").run(today: CalendarDate(iso: "2024-06-10")!)
                #expect(outcome.ran && next.mails.count == 1)
                try await other?.asyncShutdown()
            }
        }

        @Test("A digest is recorded once per person and week, even when a run is repeated")
        func digestOnce() async throws {
            try await withTestApp { app in
                let (officer, _) = try await setUp(app)
                #expect(try await app.schedule.recordDigest(account: officer.id, week: "2024-W23", items: 3, at: Date()))
                #expect(try await app.schedule.recordDigest(account: officer.id, week: "2024-W23", items: 3, at: Date()) == false)
                #expect(try await app.schedule.recordDigest(account: officer.id, week: "2024-W24", items: 3, at: Date()))
            }
        }

        @Test("Staleness with a test clock: nothing to do right after an update, a reminder three months later")
        func staleWithClock() async throws {
            try await withTestApp { app in
                let (officer, _) = try await setUp(app)
                var stored = try #require(try await app.plans.stored(Self.key))
                // Every activity and agreement updated on 2024-06-03.
                let facts = stored.access
                let actor = ExecutionActor(name: "Test", partners: nil, permissions: AccessPolicy.permissions(of: officer, for: facts))
                let day = CalendarDate(iso: "2024-06-03")!
                for item in PlanProgress(stored.plan, today: day).items {
                    let ended = item.planning?.lastDay(in: stored.plan.period).map { $0 < day } ?? false
                    _ = stored.plan.record(ProgressInput(subject: item.subject, date: day, status: ended ? .done : .running, note: "Loopt."), by: actor, today: day)
                }
                // Measurements for every indicator, so they are current too.
                for indicator in stored.plan.allThemes.flatMap(\.indicators) {
                    stored.plan.execution.measurements.append(MeasuredValue(indicator: indicator.key, value: 10, period: .year(2023), recordedOn: day, origin: .typed(by: "Test")))
                }
                _ = try await app.plans.updateExecution(stored.plan.execution, of: Self.key, expectingRevision: stored.revision, audit: [])
                let soon = RecordingMailer()
                _ = try await job(app, soon, "a").run(today: CalendarDate(iso: "2024-06-10")!)
                #expect(soon.mails.isEmpty, "\(soon.mails.first?.body ?? "")")
                let later = RecordingMailer()
                _ = try await job(app, later, "a").run(today: CalendarDate(iso: "2024-09-09")!)
                #expect(later.mails.count == 1)
            }
        }

        @Test("The account page takes an address for reminders, refuses a wrong one, and the trail does not hold the address")
        func emailOnAccountPage() async throws {
            try await withTestApp { app in
                let user = try await app.signIn("beleid.x", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                var status: HTTPStatus = .ok, body = ""
                try await app.testing().test(.POST, "/account/email", headers: user.formHeaders, body: form(user, [("email", "geen adres")])) { res in
                    status = res.status; body = res.body.string
                }
                #expect(status == .unprocessableEntity && body.contains("is geen e-mailadres"))
                try await app.testing().test(.POST, "/account/email", headers: user.formHeaders, body: form(user, [("email", "x@gemeente.test")])) { res in
                    status = res.status
                }
                #expect(status == .seeOther)
                #expect(try await app.accounts.email(of: user.account.id) == "x@gemeente.test")
                let trail = try await app.accounts.auditTrail(about: user.account.id, byOthers: false, limit: 5)
                #expect(trail.contains { $0.entry.action == .emailChanged })
                #expect(!trail.contains { "\($0.entry)".contains("x@gemeente.test") })
            }
        }

        @Test("Mail reaches a real SMTP server through curl (the sink .ci/run starts)", .enabled(if: ProcessInfo.processInfo.environment["REGIE_TEST_SMTP_URL"] != nil))
        func throughSMTPSink() async throws {
            let env = ProcessInfo.processInfo.environment
            let server = try #require(env["REGIE_TEST_SMTP_URL"]), folder = try #require(env["REGIE_TEST_SMTP_MAILDIR"])
            let marker = UUID().uuidString
            try await CurlMailer(server: server, from: "regie@gemeente.test").send(Mail(to: "beleid@gemeente.test", subject: "Regie: één taak", body: "Controle \(marker)\nTweede regel"))
            var found = false
            for _ in 0..<50 where !found {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/new")) ?? []
                found = files.contains { (try? String(contentsOfFile: folder + "/new/" + $0, encoding: .utf8))?.contains(marker) == true }
                if !found { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(found, "the sink received the message")
        }
    }
}
