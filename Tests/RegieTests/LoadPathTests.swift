import Foundation
import RegieCore
import RegiePersistence
import RegiePlanFile
import Testing
import VaporTesting

/// The fast paths of issue 14: prose without Foundation's string bridging, plan documents kept by
/// revision, and the session read in one query. Each must give exactly what the slow path gave.
@Suite("Fast paths give the same results")
struct FastPathTests {
    /// Texts with every kind of line end, white space and non-ASCII the editor lets through.
    static let awkwardTexts: [String] = [
        "", " ", "\n", "\r\n", "\r", "\t\r\n \u{00A0}", "Eén regel", "  omringd door spaties  ",
        "Alinea één.\r\nNog een regel.\r\n\r\nAlinea twee.", "Oude Mac\rregels\r\rmet witregel",
        "- punt een\n- punt twee\n  loopt door\n* ster\n• bolletje\n•\tmet tab\n-\n-\tleeg?",
        "Tekst\u{2028}met regelscheiding\u{2029}en alineascheiding", "\u{3000}ideografische spatie\u{3000}",
        "\u{0085}volgende regel\u{0085}", "e\u{0301} en \u{1F46E}\u{200D}\u{2640}\u{FE0F} blijven heel", "–  gedachtestreep – ",
        "a\r\n\r\n\r\n\r\nb", "\u{FEFF}BOM blijft", "tab\tbinnen\t\tde regel  en  spaties",
        "- item\nkleine letter loopt door\nHoofdletter begint alinea", "\u{00A0}- harde spatie voor streep",
    ]

    /// The implementation before issue 14, on Foundation, as the oracle.
    static func foundationSource(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Prose keeps the same source text as Foundation's trimming gave")
    func proseSource() {
        for text in Self.awkwardTexts {
            #expect(Prose(text).source == Self.foundationSource(text), "\(text.debugDescription)")
        }
    }

    @Test("Random texts trim as Foundation trims them")
    func randomTrimming() {
        let alphabet: [String] = ["a", "B", " ", "\t", "\n", "\r", "\r\n", "\u{00A0}", "\u{2028}", "\u{2029}", "\u{3000}",
                                  "\u{0085}", "\u{000B}", "\u{000C}", "é", "e\u{0301}", "-", "•", "\u{1F46E}", "\u{200B}", "\u{180E}", "\u{202F}", "\u{1680}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(text.trimmingSpacesAndLines == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(Prose(text).source == Self.foundationSource(text), "\(text.debugDescription)")
        }
    }

    @Test("Blocks and reflowing are unchanged for awkward texts")
    func blocks() {
        #expect(Prose.blocks(of: "Alinea één.\r\nNog een regel.\r\n\r\n- punt een\n  loopt door\n-\tpunt twee\n\nSlot\u{2029}Na scheiding")
                == [.paragraph("Alinea één. Nog een regel."), .bulletList(["punt een loopt door", "punt twee"]),
                    .paragraph("Slot"), .paragraph("Na scheiding")])
        #expect(Prose.blocks(of: "-\n- echt") == [.bulletList(["", "echt"])])
        #expect(Prose.blocks(of: "regel\u{2028}zelfde alinea") == [.paragraph("regel zelfde alinea")])
        #expect(Prose.blocks(of: "  \u{3000}ruimte\u{3000}  ") == [.paragraph("ruimte")])
        for text in Self.awkwardTexts {
            #expect(Prose.reflow(Prose.reflow(text)) == Prose.reflow(text), "\(text.debugDescription)")
        }
    }
}

extension DatabaseTests {
    @Suite("Plan documents kept by revision")
    struct PlanDocumentCacheTests {
        @Test("A save is read at once, by every instance, though the decoded plan is kept")
        func savesCountAtOnce() async throws {
            try await withTestApp { app in
                var plan = try PlanFileReader.read(minimalPlanFile)
                _ = try await app.plans.save(plan)
                let first = try #require(try await app.plans.stored(plan.key))
                #expect(first.plan == plan)
                // Read again: the kept document, the same plan.
                #expect(try await app.plans.stored(plan.key)?.plan == plan)

                // A second instance on the same database, with a cache of its own, reads it too.
                let officer = try await app.officer(for: plan)
                plan.title = "Veilig Proefstad, gewijzigd"
                let entry = AuditEntry(actor: officer.account.id, actorName: "test", municipalities: plan.owner.municipalities.map(\.code),
                                       action: .planPartChanged, object: "titel")
                // Writes never tell a cache anything: this is what a save on another instance does.
                let revision = try await app.plans.update(plan, expectingRevision: first.revision, audit: [entry])
                let second = try #require(try await app.plans.stored(plan.key))
                #expect(second.revision == revision)
                #expect(second.plan.title == "Veilig Proefstad, gewijzigd")
                #expect(second.plan == plan)
                #expect(try await app.plans.plan(plan.key)?.title == "Veilig Proefstad, gewijzigd")

                // And the page shows it.
                try await app.testing().test(.GET, "/plannen/\(plan.key)", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Veilig Proefstad, gewijzigd"))
                }
                // Importing the plan file again (another write path) also counts at once.
                plan.title = "Veilig Proefstad, opnieuw ingelezen"
                #expect(try await app.plans.save(plan) == .replaced(revision: revision + 1))
                #expect(try await app.plans.stored(plan.key)?.plan.title == "Veilig Proefstad, opnieuw ingelezen")
            }
        }

        @Test("The cache keeps at most its capacity, and never an older revision over a newer")
        func bounded() async throws {
            try await withTestApp { app in
                let cache = PlanDocumentCache(capacity: 2)
                var keys: [Key] = []
                for n in 1...3 {
                    var plan = try PlanFileReader.read(minimalPlanFile)
                    plan.key = Key("proefstad-\(n)")!
                    _ = try await app.plans.save(plan)
                    keys.append(plan.key)
                }
                let repository = FluentPlanRepository(database: app.db, chain: AuditChain(key: testKeys.auditMAC, anchors: MemoryAnchors()),
                                                      documents: cache)
                for key in keys { #expect(try await repository.stored(key)?.plan.key == key) }
                #expect(cache.count == 2)
                for key in keys { #expect(try await repository.stored(key)?.plan.key == key) }
                #expect(cache.count == 2)
            }
        }
    }

    @Suite("The session read in one query")
    struct SignedInQueryTests {
        @Test("Account, roles and organisation come with the session; a revoked one is gone at once")
        func oneQuery() async throws {
            try await withTestApp { app in
                let officer = try await app.signIn("beleid.gm0037", .municipality(MunicipalityCode("GM0037")!), [.policyOfficer])
                let partner = try await app.signIn("politie.oost", .organisation(Key("politie-oost")!), [.partner])
                let sessions = SessionStore(database: app.db)
                let token = try #require(officer.headers.first(name: .cookie)?.split(separator: "=", maxSplits: 1).last.map(String.init))
                let found = try #require(try await sessions.signedIn(token: token))
                #expect(found.account.id == officer.account.id)
                #expect(found.account.roles == [.policyOfficer])
                #expect(found.tenantName == "Gemeente Gemeente GM0037")
                #expect(found.tenantRequiresTwoFactor == false)
                let partnerToken = try #require(partner.headers.first(name: .cookie)?.split(separator: "=", maxSplits: 1).last.map(String.init))
                #expect(try await sessions.signedIn(token: partnerToken)?.tenantName == "Organisatie politie-oost")
                #expect(try await sessions.signedIn(token: "geen-echte-sessie") == nil)

                try await sessions.delete(found.session.id)
                #expect(try await sessions.signedIn(token: token) == nil)
                try await app.testing().test(.GET, "/", headers: officer.headers) { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location)?.hasPrefix("/inloggen") == true)
                }
            }
        }
    }
}
