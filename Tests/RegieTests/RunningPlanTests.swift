import Foundation
import RegieCore
import RegiePlanFile
import Testing

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
private func key(_ text: String) -> Key { Key(text)! }
private func value(_ v: Decimal, _ period: String) -> IndicatorValue { IndicatorValue(value: v, period: PlannedPeriod(period)!) }
private func measured(_ indicator: String, _ v: Decimal, _ period: String, on recorded: String = "2026-01-15") -> MeasuredValue {
    MeasuredValue(indicator: key(indicator), value: v, period: PlannedPeriod(period)!, recordedOn: day(recorded), origin: .typed(by: "Test"))
}

/// The worked examples of docs/status-rules.md, one test each.
@Suite("Status rules")
struct StatusRuleTests {
    let share = Indicator(key: Key("aandeel")!, name: "Inwoners die zich veilig voelen", unit: "% inwoners", source: "Veiligheidsmonitor",
                          desiredDirection: .increase, baseline: IndicatorValue(value: 60, period: PlannedPeriod("2021")!),
                          target: IndicatorValue(value: 70, period: PlannedPeriod("2025")!))

    @Test("Example 1: on the path from baseline to target is on track")
    func onPath() {
        // Halfway in time (2023 of 2021-2025) the path expects 65; 66 is ahead of it.
        let a = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 66, "2023")])
        #expect(a.status == .onTrack && a.reason == .onPath)
        #expect(a.expected == 65)
    }

    @Test("Example 2: behind the path is 'aandacht nodig', far behind or backwards is off track")
    func behindPath() {
        let behind = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 62, "2023")])
        #expect(behind.status == .needsAttention && behind.reason == .behindPath)
        let backwards = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 59, "2023")])
        #expect(backwards.status == .offTrack && backwards.reason == .farBehindPath)
        // Within a tenth of the whole change behind the path (65 - 1) is still on track.
        let close = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 64, "2023")])
        #expect(close.status == .onTrack)
    }

    @Test("Example 3: the target year has passed; met is on track, missed is off track")
    func targetYearPassed() {
        let met = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 71, "2025")])
        #expect(met.status == .onTrack && met.reason == .targetMet)
        let missed = StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 68, "2025"), measured("aandeel", 69, "2026")])
        #expect(missed.status == .offTrack && missed.reason == .targetMissed)
        #expect(missed.latest?.value == 69)
    }

    @Test("Example 4: a noisy count is not called progress or decline")
    func noisyCount() {
        let burglaries = Indicator(key: key("inbraak"), name: "Woninginbraken", unit: "aantal", desiredDirection: .decrease,
                                   baseline: value(50, "2021"), target: value(40, "2025"))
        // 44 after 50 looks like progress on the path (45 expected in 2023), but is well within chance.
        let noisy = StatusRules.assess(burglaries, baseline: burglaries.baseline, measurements: [measured("inbraak", 44, "2023")])
        #expect(noisy.test?.judgement == .noClearChange)
        #expect(noisy.status == .needsAttention)
        #expect(noisy.reason == .withinChance(expectedChange: true))
        // 56 after 50 looks like a rise, but is within chance too: not off track.
        let up = StatusRules.assess(burglaries, baseline: burglaries.baseline, measurements: [measured("inbraak", 56, "2023")])
        #expect(up.status == .needsAttention)
        // In the target year, 40 meets the target by number, but 50 → 40 is still within chance.
        let met = StatusRules.assess(burglaries, baseline: burglaries.baseline, measurements: [measured("inbraak", 40, "2025")])
        #expect(met.status == .needsAttention && met.reason == .targetMetWithinChance)
        // Large counts: 500 → 400 is beyond chance and meets the target.
        let big = Indicator(key: key("inbraak"), name: "Woninginbraken", unit: "aantal", desiredDirection: .decrease,
                            baseline: value(500, "2021"), target: value(400, "2025"))
        let real = StatusRules.assess(big, baseline: big.baseline, measurements: [measured("inbraak", 400, "2025")])
        #expect(real.status == .onTrack && real.reason == .targetMet)
        // And 500 → 600 is a real rise: off track.
        let rise = StatusRules.assess(big, baseline: big.baseline, measurements: [measured("inbraak", 600, "2023")])
        #expect(rise.status == .offTrack)
    }

    @Test("Example 5: no baseline, no target or no measurement is 'geen gegevens'")
    func noData() {
        let bare = Indicator(key: key("kaal"), name: "Kaal", unit: "aantal")
        #expect(StatusRules.assess(bare, baseline: nil, measurements: []).reason == .noBaseline)
        #expect(StatusRules.assess(share, baseline: share.baseline, measurements: []).reason == .noMeasurement)
        #expect(StatusRules.assess(share, baseline: share.baseline, measurements: [measured("aandeel", 61, "2020")]).reason == .noMeasurement)
        var noTarget = share
        noTarget.target = nil
        #expect(StatusRules.assess(noTarget, baseline: share.baseline, measurements: [measured("aandeel", 61, "2023")]).status == .noData)
    }

    @Test("Example 6: without a baseline in the plan the first measurement is the baseline")
    func firstMeasurementIsBaseline() {
        var open = share
        open.baseline = nil
        let a = StatusRules.assess(open, baseline: nil, measurements: [measured("aandeel", 60, "2021"), measured("aandeel", 66, "2023")])
        #expect(a.baselineFromFirstMeasurement && a.status == .onTrack)
        // One measurement only: it is the baseline, nothing is judged yet.
        #expect(StatusRules.assess(open, baseline: nil, measurements: [measured("aandeel", 60, "2021")]).reason == .noMeasurement)
    }

    @Test("Example 7: keeping a level: within 5 % on track, within 10 % attention, beyond off track")
    func maintain() {
        let grade = Indicator(key: key("cijfer"), name: "Rapportcijfer veiligheid", unit: "rapportcijfer", desiredDirection: .maintain,
                              baseline: value(7.2, "2021"), target: value(7.2, "2025"))
        #expect(StatusRules.assess(grade, baseline: grade.baseline, measurements: [measured("cijfer", 7.0, "2023")]).status == .onTrack)
        #expect(StatusRules.assess(grade, baseline: grade.baseline, measurements: [measured("cijfer", 6.6, "2023")]).status == .needsAttention)
        #expect(StatusRules.assess(grade, baseline: grade.baseline, measurements: [measured("cijfer", 6.2, "2023")]).status == .offTrack)
    }

    @Test("A goal without indicators takes its status from its work, and says so")
    func goalFromActivities() {
        #expect(StatusRules.fromActivities([]).0 == .noData)
        #expect(StatusRules.fromActivities([.running, .done]).0 == .onTrack)
        #expect(StatusRules.fromActivities([.running, .done, .delayed]).0 == .needsAttention)
        #expect(StatusRules.fromActivities([.delayed, .dropped, .running]).0 == .offTrack)
        if case .activities(let total, let delayed, _, _) = StatusRules.fromActivities([.running, .delayed]).1 {
            #expect(total == 2 && delayed == 1)
        } else { Issue.record("basis should be the activities") }
    }
}

/// Progress, staleness, approval and programmes on the Stadskanaal example.
@Suite("Running the plan: progress and programmes")
struct ProgressTests {
    func officer(_ plan: Plan) -> ExecutionActor {
        let account = Account(id: UUID(), username: "beleid", displayName: "Beleidsmedewerker OOV", tenant: .municipality(plan.owner.municipalities[0].code),
                              roles: [.policyOfficer])
        return ExecutionActor(name: account.displayName, partners: nil, permissions: AccessPolicy.permissions(of: account, for: PlanAccessFacts(plan)))
    }

    func police(_ plan: Plan) -> ExecutionActor {
        let account = Account(id: UUID(), username: "politie", displayName: "Wijkagent", tenant: .organisation(key("politie-noord-nederland")), roles: [.partner])
        var facts = PlanAccessFacts(plan)
        facts.organisations = [key("politie-noord-nederland"): [key("politie")]]
        return ExecutionActor(name: account.displayName, partners: [key("politie")], permissions: AccessPolicy.permissions(of: account, for: facts))
    }

    func adoptedProgramme(_ plan: inout Plan) throws -> ImplementationProgramme {
        var programme = plan.draftProgramme(key: key("uitvoering-2024"), title: "Uitvoeringsprogramma 2024", period: YearRange(first: 2024, last: 2024)!,
                                            municipality: nil)
        programme.status = .adopted
        programme.adoption = ProgrammeAdoption(body: .executive, date: day("2024-01-16"), decisionNumber: "B&W 2024-003")
        #expect(plan.refusals(for: programme).isEmpty)
        plan.execution.programmes.append(programme)
        return programme
    }

    @Test("A programme takes over the plan's agreements with their link, owner and planning")
    func draftFromAgreements() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        let programme = try adoptedProgramme(&plan)
        #expect(!programme.activities.isEmpty)
        let first = programme.activities[0]
        let agreementKey = try #require(first.agreement)
        let agreement = try #require(plan.action(agreementKey))
        #expect(first.description == agreement.action.description)
        #expect(first.owner?.partner == agreement.action.owner)
        #expect(first.theme == agreement.theme.key)
        // Out of the plan period, or three years long: refused.
        var wrong = programme
        wrong.period = YearRange(first: 2025, last: 2025)!
        #expect(plan.refusals(for: wrong).contains(.programmePeriodOutsidePlan))
        wrong.period = YearRange(first: 2020, last: 2022)!
        #expect(plan.refusals(for: wrong).contains(.programmeTooLong))
        wrong.period = YearRange(first: 2023, last: 2024)!
        wrong.status = .adopted
        wrong.adoption = nil
        #expect(plan.refusals(for: wrong).contains(.adoptionMissing))
    }

    @Test("'Vertraagd' without an explanation is refused; with one it is kept, and history is never overwritten")
    func explainRed() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        let programme = try adoptedProgramme(&plan)
        let subject = ProgressSubject.activity(programme: programme.key, activity: programme.activities[0].key)
        let me = officer(plan)
        let refused = plan.record(ProgressInput(subject: subject, date: day("2024-04-02"), status: .delayed, note: ""), by: me, today: day("2024-04-02"))
        guard case .failure(let why) = refused else { Issue.record("should be refused"); return }
        #expect(why.reasons == [.explanationRequired(.delayed)])
        #expect(plan.execution.updates.isEmpty)
        _ = try plan.record(ProgressInput(subject: subject, date: day("2024-03-01"), status: .running, note: "Gestart."), by: me, today: day("2024-04-02")).get()
        _ = try plan.record(ProgressInput(subject: subject, date: day("2024-04-02"), status: .delayed, note: "Wacht op de provincie."), by: me, today: day("2024-04-02")).get()
        #expect(plan.execution.updates.count == 2)
        #expect(plan.execution.updates.map(\.number) == [1, 2])
        let progress = PlanProgress(plan, today: day("2024-04-03"))
        #expect(progress.item(subject)?.status == .delayed)
        #expect(progress.item(subject)?.history.count == 2)
        // A date in the future is refused.
        let future = plan.record(ProgressInput(subject: subject, date: day("2024-05-01"), status: .running, note: ""), by: me, today: day("2024-04-02"))
        #expect((try? future.get()) == nil)
    }

    @Test("A partner updates only what its organisation leads; with approval on, its update waits")
    func partnerApproval() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        let programme = try adoptedProgramme(&plan)
        plan.execution.settings.partnerUpdatesNeedApproval = true
        let policeLed = try #require(programme.activities.first { $0.owner?.partner == key("politie") })
        let otherLed = try #require(programme.activities.first { $0.owner?.partner != key("politie") })
        let subject = ProgressSubject.activity(programme: programme.key, activity: policeLed.key)
        let agent = police(plan)
        let notHers = plan.record(ProgressInput(subject: .activity(programme: programme.key, activity: otherLed.key), date: day("2024-04-01"),
                                                status: .running, note: ""), by: agent, today: day("2024-04-01"))
        guard case .failure(let why) = notHers else { Issue.record("should be refused"); return }
        #expect(why.reasons == [.notAllowed])
        let update = try plan.record(ProgressInput(subject: subject, date: day("2024-04-01"), status: .done, note: "Afgerond."), by: agent, today: day("2024-04-01")).get()
        #expect(update.review == .pending)
        #expect(PlanProgress(plan, today: day("2024-04-02")).item(subject)?.status == .notStarted)
        #expect(PlanProgress(plan, today: day("2024-04-02")).item(subject)?.pending.count == 1)
        // The partner cannot approve; the officer can, and then it counts.
        #expect((try? plan.review(update: update.number, approve: true, reason: "", by: agent, today: day("2024-04-02")).get()) == nil)
        let rejectWithoutReason = plan.review(update: update.number, approve: false, reason: " ", by: officer(plan), today: day("2024-04-02"))
        #expect((try? rejectWithoutReason.get()) == nil)
        _ = try plan.review(update: update.number, approve: true, reason: "", by: officer(plan), today: day("2024-04-02")).get()
        #expect(PlanProgress(plan, today: day("2024-04-03")).item(subject)?.status == .done)
        #expect((try? plan.review(update: update.number, approve: true, reason: "", by: officer(plan), today: day("2024-04-02")).get()) == nil)
    }

    @Test("Staleness follows the plan's months; actualiteit is the share kept current")
    func staleness() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        let programme = try adoptedProgramme(&plan)
        let subject = ProgressSubject.activity(programme: programme.key, activity: programme.activities[0].key)
        _ = try plan.record(ProgressInput(subject: subject, date: day("2024-01-31"), status: .running, note: ""), by: officer(plan), today: day("2024-01-31")).get()
        #expect(PlanProgress(plan, today: day("2024-04-30")).item(subject)?.isStale == false)
        #expect(PlanProgress(plan, today: day("2024-05-01")).item(subject)?.isStale == true)
        plan.execution.settings.staleAfterMonths = 6
        #expect(PlanProgress(plan, today: day("2024-05-01")).item(subject)?.isStale == false)
        let progress = PlanProgress(plan, today: day("2024-05-01"))
        let open = progress.items.filter(\.isOpen).count
        let expected = Double(1) / Double(open + progress.indicators.count)
        #expect(abs((progress.currency ?? 0) - expected) < 1e-9)
        // An item with a planning that has ended and is not done is overdue.
        let later = PlanProgress(plan, today: day("2025-06-01"))
        let anyOverdue = later.items.contains { $0.isOverdue }
        #expect(anyOverdue)
    }

    @Test("A measurement that puts a goal off track needs the story behind it")
    func measurementNeedsExplanation() throws {
        var plan = try example("lindewaarde-2025-2028.yaml")
        let (theme, indicator) = try #require(plan.allThemes.lazy.flatMap { t in t.indicators.map { (t, $0) } }
            .first { $0.1.target != nil && plan.baseline(of: $0.1, in: $0.0) != nil && !StatusRules.isCount($0.1) })
        let baseline = try #require(plan.baseline(of: indicator, in: theme))
        let direction = indicator.desiredDirection ?? .increase
        let worse = baseline.value + (direction == .decrease ? 5 : -5)
        let lastYear = try #require(baseline.period.years).upperBound + 2
        let figure = MeasuredValue(indicator: indicator.key, value: worse, period: .year(lastYear), recordedOn: day("\(lastYear + 1)-02-01"), origin: .typed(by: "Beleidsmedewerker OOV"))
        let today = day("\(lastYear + 1)-02-01")
        plan.status = .adopted
        let refused = plan.add(figure, explanation: "", by: officer(plan), today: today)
        guard case .failure(let why) = refused else { Issue.record("should be refused"); return }
        #expect(why.reasons == [.explanationRequired(nil)])
        #expect(plan.execution.measurements.isEmpty)
        let assessment = try plan.add(figure, explanation: "De daling komt door een nieuwe vraagstelling.", by: officer(plan), today: today).get()
        #expect(assessment.status == .offTrack)
        #expect(plan.execution.measurements.count == 1)
        #expect(plan.execution.updates.last?.note == "De daling komt door een nieuwe vraagstelling.")
        // Bad input: a percentage above 100, a period in the future.
        var bad = figure
        bad.value = 140
        bad.period = .year(lastYear + 5)
        let problems = plan.refusals(for: bad, today: today)
        #expect(problems.contains(.periodInFuture))
    }

    @Test("A follow-up programme carries unfinished work over and leaves finished work behind")
    func followUp() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        // Make the plan one year longer to have room for a follow-up.
        let programme = try adoptedProgramme(&plan)
        let done = ProgressSubject.activity(programme: programme.key, activity: programme.activities[0].key)
        _ = try plan.record(ProgressInput(subject: done, date: day("2024-06-01"), status: .done, note: ""), by: officer(plan), today: day("2024-06-01")).get()
        let next = plan.followUp(of: programme, key: key("uitvoering-2024-b"), title: "Vervolg", period: YearRange(first: 2024, last: 2024)!, today: day("2024-07-01"))
        #expect(next.activities.count == programme.activities.count - 1)
        #expect(next.activities.allSatisfy { $0.carriedOverFrom == programme.key })
        #expect(next.follows == programme.key)
        #expect(!next.activities.contains { $0.key == programme.activities[0].key })
    }

    @Test("The quality check lists the gaps of each example plan")
    func qualityCheckOnExamples() throws {
        for name in ["stadskanaal-2020-2024.yaml", "basisteam-meierij-2023-2026.yaml", "lindewaarde-2025-2028.yaml", "doetinchem-2020-2023.yaml"] {
            let plan = try example(name)
            let gaps = QualityCheck.gaps(in: plan)
            #expect(!gaps.isEmpty, "\(name)")
            // Every gap points into the plan.
            for gap in gaps { #expect(plan.theme(gap.theme) != nil, "\(name): \(gap)") }
        }
        var plan = try example("stadskanaal-2020-2024.yaml")
        let qualitative = try #require(QualityCheck.gaps(in: plan).first { $0.kind == .goalWithoutIndicator })
        plan.execution.checkReasons.append(CheckReason(subject: try #require(qualitative.reasonSubject), text: "Dit doel is kwalitatief.",
                                                       by: "Beleidsmedewerker OOV", on: day("2024-01-01")))
        #expect(!QualityCheck.gaps(in: plan).contains(qualitative))
    }

    @Test("A budget that the plan's lines do not cover is a gap")
    func budgetGap() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        var programme = try adoptedProgramme(&plan)
        programme.activities[0].budget = 1_000_000_000
        plan.execution.programmes = [programme]
        #expect(QualityCheck.gaps(in: plan).contains { if case .budgetNotCovered = $0.kind { true } else { false } })
    }
}

@Suite("Running the plan in the plan file")
struct ExecutionFileTests {
    @Test("Programmes, progress, measurements, settings and reasons survive a round trip through YAML")
    func roundTrip() throws {
        var plan = try example("stadskanaal-2020-2024.yaml")
        var programme = plan.draftProgramme(key: Key("uitvoering-2024")!, title: "Uitvoeringsprogramma 2024", period: YearRange(first: 2024, last: 2024)!,
                                            municipality: nil, coProducers: [Municipality(code: MunicipalityCode("GM1895")!, name: "Oldambt")])
        programme.status = .adopted
        programme.adoption = ProgrammeAdoption(body: .mayor, date: CalendarDate(iso: "2024-01-16")!, decisionNumber: "2024/12")
        programme.activities[0].budget = 12_500.5
        programme.activities[0].hours = 120
        programme.activities[0].carriedOverFrom = Key("uitvoering-2023")
        plan.execution = PlanExecution(
            settings: ExecutionSettings(staleAfterMonths: 4, indicatorIntervalMonths: 6, partnerUpdatesNeedApproval: true, qualityCheckBlocks: true),
            programmes: [programme],
            updates: [
                ProgressUpdate(number: 1, subject: .activity(programme: programme.key, activity: programme.activities[0].key), date: CalendarDate(iso: "2024-03-31")!,
                               status: .delayed, note: "Wacht op de provincie.\n\nTweede alinea.", hoursSpent: 12, eurosSpent: 300.25, author: "Wijkagent",
                               organisation: Key("politie"), review: .approved(by: "Beleid", on: CalendarDate(iso: "2024-04-02")!)),
                ProgressUpdate(number: 2, subject: .goal(plan.themes[0].goals[0].key), date: CalendarDate(iso: "2024-04-02")!, status: nil,
                               note: "Uitleg.", author: "Beleid", review: .rejected(by: "Beleid", on: CalendarDate(iso: "2024-04-03")!, reason: "Dubbel")),
                ProgressUpdate(number: 3, subject: .agreement(plan.themes[0].actions[0].key), date: CalendarDate(iso: "2024-04-04")!, status: .running,
                               note: "", author: "Beleid", review: .pending),
            ],
            measurements: [
                MeasuredValue(indicator: plan.themes[0].indicators[0].key, value: 42, period: PlannedPeriod("2023")!, source: "Registratie",
                              figureDate: CalendarDate(iso: "2024-01-01"), recordedOn: CalendarDate(iso: "2024-02-01")!, origin: .typed(by: "Beleid")),
                MeasuredValue(indicator: plan.themes[0].indicators[0].key, value: 40, period: PlannedPeriod("2024-Q1")!,
                              recordedOn: CalendarDate(iso: "2024-04-10")!, origin: .openData(table: "47022NED")),
            ],
            checkReasons: [CheckReason(subject: .qualitativeGoal(plan.themes[0].goals[0].key), text: "Kwalitatief.", by: "Beleid", on: CalendarDate(iso: "2024-01-02")!)])
        let text = PlanFileWriter.write(plan)
        #expect(text.contains("uitvoering:"))
        let read = try PlanFileReader.read(text)
        #expect(read.execution == plan.execution)
        #expect(read == plan)
    }

    @Test("Bad running data in a plan file is reported in Dutch with its place")
    func badInput() throws {
        let text = try exampleText("stadskanaal-2020-2024.yaml") + """

        uitvoering:
          programmas:
            - sleutel: te-lang
              titel: Te lang
              periode: 2019-2021
              activiteiten:
                - sleutel: een
                  thema: bestaat-niet
                  omschrijving: Iets
          updates:
            - nummer: 1
              afspraak: bestaat-niet
              datum: 2024-01-01
              status: vertraagd
          metingen:
            - indicator: burenproblematiek-buurtbemiddelingszaken
              waarde: veel
              periode: jaarlijks
              vastgelegd-op: 2024-01-01

        """
        let found = problems(in: text).map { "\($0.path): \($0.message)" }
        #expect(found.contains { $0.contains("uitvoering.programmas[0].periode") && $0.contains("buiten de planperiode") })
        #expect(found.contains { $0.contains("activiteiten[0].thema") && $0.contains("geen thema") })
        #expect(found.contains { $0.contains("updates[0]") && $0.contains("niet in het plan") })
        #expect(found.contains { $0.contains("updates[0].toelichting") })
        #expect(found.contains { $0.contains("metingen[0].waarde") && $0.contains("geen getal") })
        #expect(found.contains { $0.contains("metingen[0].periode") })
    }
}

@Suite("Running the plan: the documented example")
struct ExecutionFormatDocTests {
    @Test("The example of docs/plan-format.md, section Uitvoering, reads into the Stadskanaal example")
    func documentedExampleReads() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/plan-format.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## Uitvoering"))
        let rest = doc[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let yaml = String(rest[start.upperBound..<end.lowerBound])
        let plan = try PlanFileReader.read(try exampleText("stadskanaal-2020-2024.yaml") + "\n" + yaml)
        #expect(plan.execution.programmes.first?.activities.first?.budget == 12500)
        #expect(plan.execution.updates.first?.status == .delayed)
        #expect(plan.execution.settings.partnerUpdatesNeedApproval)
    }
}
