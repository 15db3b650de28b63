import RegieCore
import Testing

@Suite("Domain core")
struct CoreTests {
    @Test("Planned periods parse in every accepted form and print back the same")
    func periods() throws {
        let forms = ["2020", "2020-2021", "2021-Q3", "2021-Q3-2022-Q1", "doorlopend"]
        for form in forms {
            let period = try #require(PlannedPeriod(form))
            #expect(period.description == form)
        }
        #expect(PlannedPeriod("2020").flatMap(\.years) == 2020...2020)
        #expect(PlannedPeriod("2021-Q3-2022-Q1")?.years == 2021...2022)
        #expect(PlannedPeriod("2021-2021") == .year(2021))
    }

    @Test("Invalid periods are refused with the reason", arguments: [
        ("2020/21", PlannedPeriod.ParseFailure.unrecognised),
        ("2021-Q5", .unrecognised),
        ("21", .unrecognised),
        ("", .unrecognised),
        ("2022-2020", .endBeforeStart),
        ("2022-Q3-2022-Q1", .endBeforeStart),
    ])
    func invalidPeriods(text: String, failure: PlannedPeriod.ParseFailure) {
        #expect(PlannedPeriod.parse(text) == .failure(failure))
    }

    @Test("A mistyped key gets the few keys that were most likely meant, not every key")
    func nearestKeys() {
        let known = ["politie", "openbaar-ministerie", "gemeente", "veilig-thuis", "ggd", "woningcorporatie"].compactMap(Key.init)
        #expect(Key.nearest(to: "politie-basisteam", in: known) == [Key("politie")!])
        #expect(Key.nearest(to: "gemeenten", in: known) == [Key("gemeente")!])
        #expect(Key.nearest(to: "veilig-thuus", in: known) == [Key("veilig-thuis")!])
        #expect(Key.nearest(to: "brandweer", in: known).isEmpty)
        #expect(Key.nearest(to: "GGD", in: known) == [Key("ggd")!], "a key typed in capitals")
        #expect(Key.nearest(to: "ggd", in: known).isEmpty, "the key itself is no suggestion")
        let many = (1...56).compactMap { Key("partner-\($0)") }
        #expect(Key.nearest(to: "partner-7x", in: many).count <= 3)
    }

    @Test("Prose splits into paragraphs and bullet lists")
    func prose() {
        let prose = Prose("""
        Eerste alinea
        loopt door.

        - punt een
        - punt twee
          met vervolg
        Tweede alinea.
        """)
        #expect(prose.blocks == [
            .paragraph("Eerste alinea loopt door."),
            .bulletList(["punt een", "punt twee met vervolg"]),
            .paragraph("Tweede alinea."),
        ])
    }

    @Test("Codes, keys and dates accept only their own form")
    func identifiers() {
        #expect(MunicipalityCode(" gm0037 ")?.rawValue == "GM0037")
        #expect(MunicipalityCode("GM37") == nil)
        #expect(Key("woning-inbraak") != nil)
        #expect(Key("Woning inbraak") == nil)
        #expect(Key.slug("Zorg & Veiligheid (één)") == "zorg-veiligheid-een")
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(YearRange(first: 2024, last: 2020) == nil)
    }

    /// A key from a literal known to be valid.
    func k(_ raw: String) -> Key { Key(raw)! }

    @Test("Validation finds broken references, duplicates and missing adoptions at once")
    func validation() {
        let owner = PlanOwner.municipality(Municipality(code: MunicipalityCode("GM0001")!, name: "A"))
        let theme = Theme(key: k("t"), title: "T", role: .foundation, direction: .renew, answers: [k("rbp")],
                          goals: [Goal(key: k("g"), title: "G")],
                          actions: [Action(key: k("a"), description: "A", planning: .year(2019), owner: k("politie"), goal: k("x")),
                                    Action(key: k("a"), description: "", partners: [k("gemeente")])])
        let plan = Plan(key: k("p"), title: " ", owner: owner, period: YearRange(first: 2020, last: 2023)!,
                        status: .adopted, themes: [theme], partners: [Partner(key: k("gemeente"), name: "Gemeente", type: .municipality)])
        let kinds = plan.problems().map(\.kind)
        #expect(kinds.contains(.empty))
        #expect(kinds.contains(.adoptionMissing))
        #expect(kinds.contains(.directionWithoutDevelopmentTheme))
        #expect(kinds.contains(.unknownPriorityReference(k("rbp"), known: [])))
        #expect(kinds.contains(.outsidePlanPeriod("2019", YearRange(first: 2020, last: 2023)!)))
        #expect(kinds.contains(.unknownPartner(k("politie"), known: [k("gemeente")])))
        #expect(kinds.contains(.unknownGoal(k("x"), known: [k("g")])))
        #expect(kinds.contains { if case .duplicateKey(let key, _) = $0, key == k("a") { true } else { false } })
        #expect(plan.problems().count == 9)
    }
}
