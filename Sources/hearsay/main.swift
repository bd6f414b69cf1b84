#if canImport(Glibc)
    import Glibc
#endif

/// The entry point: `hearsay COMMAND [ARGUMENTS…]`, each command in its own file.
IdleLibraryThreads.stop()
let arguments = Array(CommandLine.arguments.dropFirst())
let commands: [String: ([String]) -> Int32] = [
    "simulate": SimulateCommand.run,
    "run": RunCommand.run,
    "agent": AgentCommand.run,
    "coordinator": CoordinatorCommand.run,
    "theory": TheoryCommand.run,
    "validate": ValidateCommand.run,
    "topology": TopologyCommand.run,
    "batch": BatchCommand.run,
]

guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
    print(Usage.text)
    exit(arguments.isEmpty ? 2 : 0)
}
guard let command = commands[name] else {
    Console.error("unknown command `\(name)`; run `hearsay --help` for the list")
    exit(2)
}
exit(command(Array(arguments.dropFirst())))
