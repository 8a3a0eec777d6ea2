import ArgumentParser

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "TODO")
    func run() throws {}
}
