import Foundation
import RegieCore
import RegieDocuments
import RegiePlanFile
import RegieRegisterPages
import RegieRegisters
import RegieReports
import RegieWeb
import Testing

// Issue 17, point 6: an indicator fed by a register's suppressed counts.
@Suite("Register counts feeding an indicator")
struct RegisterCountTests {
    @Test("The Stadskanaal example links two indicators to its registers, and the link survives writing and reading")
    func exampleLinks() throws {
        let plan = try PlanFileReader.read(try exampleText("stadskanaal-2020-2024.yaml"))
        let linked = plan.allThemes.flatMap(\.indicators).compactMap { i in i.register.map { (i.key.rawValue, $0) } }
        #expect(linked.map(\.0).sorted() == ["kwetsbare-personen-incidenten", "ondermijning-signalen-witwassen"])
        #expect(linked.first { $0.0 == "ondermijning-signalen-witwassen" }?.1 == IndicatorRegisterLink(register: .underminingSignals, category: "witwassen"))
        let again = try PlanFileReader.read(PlanFileWriter.write(plan))
        #expect(again == plan)
    }

    @Test("A measurement of \"<5\" is kept as published through the plan file, and never judged against the target")
    func suppressedMeasurement() throws {
        var plan = try PlanFileReader.read(try exampleText("stadskanaal-2020-2024.yaml"))
        let key = Key("ondermijning-signalen-witwassen")!
        let day = CalendarDate(iso: "2026-02-01")!
        plan.execution.measurements = [
            MeasuredValue(indicator: key, value: 7, period: .year(2024), source: "Register", recordedOn: day, origin: .register(.underminingSignals)),
            MeasuredValue(indicator: key, suppressed: .small, period: .year(2025), source: "Register", recordedOn: day, origin: .register(.underminingSignals)),
        ]
        let text = PlanFileWriter.write(plan)
        #expect(text.contains("waarde: <5") || text.contains("waarde: \"<5\"") || text.contains("waarde: '<5'"))
        let read = try PlanFileReader.read(text)
        #expect(read.execution.measurements == plan.execution.measurements)
        #expect(read.execution.measurements[1].value == nil)
        // A target, so the indicator could be judged; the latest figure has no number.
        var judged = read
        judged.themes = judged.themes.map { theme in
            var theme = theme
            theme.indicators = theme.indicators.map { i in var i = i; if i.key == key { i.target = IndicatorValue(value: 2, period: .year(2026)) }; return i }
            return theme
        }
        let assessment = PlanProgress(judged, today: day).assessment(of: key)
        #expect(assessment?.status == .noData)
        #expect(assessment?.reason == .latestSuppressed(.small))
        // With only the "<5", the page says so rather than "no measurement".
        var onlySmall = plan
        onlySmall.execution.measurements.removeFirst()
        #expect(PlanProgress(onlySmall, today: day).assessment(of: key)?.reason == .latestSuppressed(.small))
        // Typed in, a figure must be a number: only a register publishes "<5".
        let typed = MeasuredValue(indicator: key, suppressed: .small, period: .year(2025), recordedOn: day, origin: .typed(by: "Beleid"))
        #expect(plan.refusals(for: typed, today: day) == [.valueMissing])
    }

    @Test("The progress report lists the register counts under \"Inzet bestuurlijke instrumenten\", \"<5\" as published")
    func progressReport() throws {
        var plan = ExampleExecution.apply(to: try PlanFileReader.read(try exampleText("stadskanaal-2020-2024.yaml")))
        let day = CalendarDate(iso: "2025-02-01")!
        plan.execution.measurements += [
            MeasuredValue(indicator: Key("ondermijning-signalen-witwassen")!, suppressed: .small, period: .year(2024), recordedOn: day, origin: .register(.underminingSignals)),
            MeasuredValue(indicator: Key("kwetsbare-personen-incidenten")!, value: 41, period: .year(2024), recordedOn: day, origin: .register(.vulnerablePersonIncidents)),
        ]
        let key = DocumentKey(kind: .progressReport, year: 2024)
        let document = try DocumentBuilder.build(key, DocumentInput(plan: plan, analysis: nil, draft: DocumentDraft(key: key), today: day))
        let parts = try unzipped(try DOCXWriter().write(document))
        let xml = try #require(parts["word/document.xml"])
        let section = try #require(xml.range(of: "Inzet bestuurlijke instrumenten<", options: .backwards))
        let after = String(xml[section.upperBound...].prefix(20_000))
        #expect(after.contains("Aantallen uit de registers"))
        #expect(after.contains("Signalen van witwassen (voorbeeld)") && after.contains("&lt;5"))
        #expect(after.contains(">41<"))
        #expect(!after.contains("nog geen registertelling"))
    }

    @Test("The measurement page says plainly why there is nothing to take over: no register, nothing counted, all taken over")
    func measurementPageOffers() throws {
        let plan = try PlanFileReader.read(try exampleText("stadskanaal-2020-2024.yaml"))
        let (theme, indicator) = try #require(plan.indicator(Key("ondermijning-signalen-witwassen")!))
        let assessment = try #require(PlanProgress(plan, today: CalendarDate(iso: "2026-02-01")!).assessment(of: indicator.key))
        func page(_ offer: RegisterCountsOffer, mayRecord: Bool = true) -> String {
            MeasurementPage(plan: plan, theme: theme, indicator: indicator, assessment: assessment, mayRecord: mayRecord, registerCounts: offer).render()
        }
        let button = "Aantallen overnemen als metingen"
        #expect(page(.noRegister(municipality: "Stadskanaal")).contains("Stadskanaal heeft nog geen register ondermijningssignalen in Regie"))
        #expect(page(.nothingCounted).contains("nog geen aantallen over een afgelopen jaar"))
        #expect(page(.allTakenOver).contains("alle afgelopen jaren staan al bij de metingen"))
        #expect(page(.noMunicipality).contains("gemeente: met de gemeentecode"))
        for offer in [RegisterCountsOffer.noRegister(municipality: "Stadskanaal"), .nothingCounted, .allTakenOver, .noMunicipality] {
            #expect(!page(offer).contains(button))
        }
        let counts = RegisterCountsOffer.new([PublishedRegisterCount(year: 2024, value: 7), PublishedRegisterCount(year: 2025, suppressed: .small)])
        #expect(page(counts).contains("<li>2025: &lt;5</li>") && page(counts).contains(button))
        // Someone who may not record measurements sees the counts, but no button.
        #expect(!page(counts, mayRecord: false).contains(button))
        // A count without a number and without a mark shows "×": nothing unpublished leaks as a number.
        #expect(PublishedRegisterCount(year: 2025, value: nil, suppressed: nil).text == "×")
        #expect(SuppressionMark.text(number: "12", mark: .small) == "12")
    }

    @Test("A wrong register link or a \"<5\" typed as a plain measurement gets a Dutch message with its place")
    func badLinks() throws {
        let base = try exampleText("stadskanaal-2020-2024.yaml")
        let wrongCategory = base.replacingOccurrences(of: "register: { soort: ondermijningssignalen, categorie: witwassen }",
                                                      with: "register: { soort: ondermijningssignalen, categorie: heling, gemeente: GM0757 }")
        let found = problems(in: wrongCategory).map { "\($0.path): \($0.message)" }
        #expect(found.contains { $0.contains("register.categorie") && $0.contains("\"heling\" is geen categorie") && $0.contains("witwassen") })
        #expect(found.contains { $0.contains("register.gemeente") && $0.contains("GM0757 hoort niet bij dit plan") })
        let wrongKind = base.replacingOccurrences(of: "register: { soort: incidenten-verward-gedrag }", with: "register: { soort: verward }")
        #expect(problems(in: wrongKind).contains { $0.path.description.contains("register.soort") })
        let typedSmall = base + """

        uitvoering:
          metingen:
            - indicator: ondermijning-signalen-witwassen
              waarde: <5
              periode: 2025
              vastgelegd-op: 2026-01-10
            - indicator: ondermijning-signalen-witwassen
              waarde: <5
              periode: 2024
              vastgelegd-op: 2026-01-10
              herkomst: register
            - indicator: ondermijning-signalen-witwassen
              waarde: minder dan vijf
              periode: 2023
              vastgelegd-op: 2026-01-10
              herkomst: register
              register: ondermijningssignalen

        """
        let messages = problems(in: typedSmall).map { "\($0.path): \($0.message)" }
        #expect(messages.contains { $0.contains("metingen[0].waarde") && $0.contains("geen getal") })
        #expect(messages.contains { $0.contains("metingen[1].register") })
        #expect(messages.contains { $0.contains("metingen[2].waarde") && $0.contains("\"minder dan vijf\" is geen aantal uit een register: een getal, of <5 of ×") })
    }
}

extension DatabaseTests.RegisterStorageTests {
    @Test("A register publishes yearly counts for an indicator: small ones as \"<5\", never a number that can be worked back")
    func countsForIndicators() async throws {
        try await withTestApp { app in
            let people = People()
            let register = try await Self.setUp(app, people)
            let calendar = Calendar.dutch
            func day(_ year: Int, _ month: Int) -> Date { calendar.date(from: DateComponents(year: year, month: month, day: 10, hour: 12))! }
            func signal(_ date: Date, _ phenomenon: Phenomenon, _ district: String) -> Signal {
                var s = Self.exampleSignal(date)
                s.phenomena = [phenomenon]
                s.district = district
                return s
            }
            // 2025: twelve drugs signals in two districts, three of money laundering in one.
            for month in 1...6 {
                _ = try await app.registers.takeIn(signal(day(2025, month), .drugs, "Musselkanaal"), register: register.id, context: people.handlerContext)
                _ = try await app.registers.takeIn(signal(day(2025, month + 6), .drugs, "Stadskanaal-Noord"), register: register.id, context: people.handlerContext)
            }
            for month in [2, 5, 9] {
                _ = try await app.registers.takeIn(signal(day(2025, month), .moneyLaundering, "Musselkanaal"), register: register.id, context: people.handlerContext)
            }
            _ = try await app.registers.takeIn(signal(day(2026, 3), .drugs, "Musselkanaal"), register: register.id, context: people.handlerContext)
            let municipality = people.municipality
            let logBefore = try await app.registerStore.log(record: UUID()).count

            let all = try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .underminingSignals), municipality: municipality, through: 2025)
            #expect(all == [PublishedRegisterCount(year: 2025, value: 15)])
            let laundering = try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .underminingSignals, category: "witwassen"),
                                                                     municipality: municipality, through: 2025)
            #expect(laundering == [PublishedRegisterCount(year: 2025, suppressed: .small)])
            // Drugs is 12, but with the total of 15 published it would give away the 3: withheld.
            let drugs = try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .underminingSignals, category: "drugs"),
                                                                municipality: municipality, through: 2025)
            #expect(drugs?.first?.value == nil)
            #expect(drugs?.first?.text == "×")
            // A district that the register has no records for counts nothing; a year not complete is not given.
            let district = try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .underminingSignals, district: "Stadskanaal-Noord"),
                                                                   municipality: municipality, through: 2025)
            #expect(district?.count == 1)
            // A register the municipality does not have gives nothing at all, not an empty list.
            #expect(try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .vulnerablePersonIncidents), municipality: municipality, through: 2025) == nil)
            // Years already taken over are not counted again; years without records give nothing.
            #expect(try await app.registers.publishedCounts(for: IndicatorRegisterLink(register: .underminingSignals), municipality: municipality,
                                                            through: 2025, skipping: [2025]) == [])
            // Counting reads no person record: nothing new in the processing log for it.
            #expect(try await app.registerStore.log(record: UUID()).count == logBefore)

            // As measurements, "<5" stays "<5".
            let link = IndicatorRegisterLink(register: .underminingSignals, category: "witwassen")
            let measurement = try #require(laundering?.first).measurement(of: Key("witwassen")!, link: link, source: "Register", recordedOn: CalendarDate(iso: "2026-01-05")!)
            #expect(measurement.value == nil && measurement.suppressed == .small && measurement.origin == .register(.underminingSignals))
        }
    }
}

@Suite("Register forms")
struct RegisterFormTests {
    @Test("A subject's problem names its own slot on the form, also when an earlier slot is empty")
    func subjectSlots() throws {
        let input = RegisterFormInput([
            "ontvangen": ["2026-03-10"], "bron": ["partner"], "urgentie": ["hoog"], "ernst": ["middel"], "fenomeen": ["drugs"],
            "omschrijving": ["Testsignaal"], "betrokkene-2-soort": ["bedrijf"], "betrokkene-2-naam": ["Test BV"], "betrokkene-2-kvk": ["123"],
        ])
        guard case .failure(let refusal) = SignalForm.signal(input, today: Date(timeIntervalSince1970: 1_780_000_000)) else {
            Issue.record("a KvK number of three digits was accepted"); return
        }
        #expect(refusal.problems.map(\.field) == ["Betrokkene 2"])
        // Typed by hand as the message asks, the date reads too.
        #expect(FormDates.day("14-03-2026") == FormDates.day("2026-03-14"))
        #expect(FormDates.day("2026-03-14") != nil && FormDates.day("31-02-2026") == nil)
    }
}
