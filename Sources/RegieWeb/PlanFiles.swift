import Foundation
import RegieCore
import RegiePlanFile

/// Reading plan files from disk and storing them, shared by the command line and the demo.
public enum PlanFiles {
    /// A file with the problems found in it.
    public struct FileProblems: Error, CustomStringConvertible {
        public var file: String
        public var problems: [PlanFileProblem]

        public var description: String {
            "\(file): \(problems.count == 1 ? "1 probleem" : "\(problems.count) problemen")\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Reads and checks one file.
    public static func read(_ path: String) -> Result<Plan, FileProblems> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "het bestand kan niet worden gelezen" : "het bestand bestaat niet"
            return .failure(FileProblems(file: path, problems: [.init(path: "", line: nil, message: reason)]))
        }
        do {
            return .success(try PlanFileReader.read(data))
        } catch {
            return .failure(FileProblems(file: path, problems: error.problems))
        }
    }

    /// The outcome of reading several files: all plans, or every problem of every file.
    public enum ReadOutcome {
        case plans([Plan])
        case problems([FileProblems])
    }

    /// Reads every file; returns the plans only when all files are valid, else every problem.
    public static func readAll(_ paths: [String]) -> ReadOutcome {
        switch readEach(paths) {
        case .success(let read): .plans(read.map(\.plan))
        case .failure(let failures): .problems(failures.problems)
        }
    }

    /// Every problem of every file read.
    public struct Failures: Error {
        public var problems: [FileProblems]
    }

    /// As ``readAll(_:)``, with the file each plan came from.
    public static func readEach(_ paths: [String]) -> Result<[(file: String, plan: Plan)], Failures> {
        var plans: [(file: String, plan: Plan)] = []
        var failures: [FileProblems] = []
        var keys: [Key: String] = [:]
        for path in paths {
            switch read(path) {
            case .success(let plan):
                if let other = keys[plan.key] {
                    failures.append(FileProblems(file: path, problems: [.init(path: "sleutel", line: nil,
                        message: "plan \"\(plan.key)\" staat ook in \(other); lees elk plan maar één keer in")]))
                } else {
                    keys[plan.key] = path
                    plans.append((path, plan))
                }
            case .failure(let problems):
                failures.append(problems)
            }
        }
        return failures.isEmpty ? .success(plans) : .failure(Failures(problems: failures))
    }

    /// The example plan files in `directory`, sorted by name.
    public static func examples(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
