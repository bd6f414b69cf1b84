/// `hearsay topology …`: to be written.
enum TopologyCommand {
    static func run(_ arguments: [String]) -> Int32 {
        Console.error("`hearsay topology` is not written yet")
        return 2
    }
}
