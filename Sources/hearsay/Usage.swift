/// The top-level help text.
enum Usage {
    static let text = """
        hearsay: distributed social-learning simulator

        usage: hearsay COMMAND [ARGUMENTS…]

        commands:
          simulate SCENARIO [--output DIR] [key=value …]   run the whole network in one process
          run SCENARIO [--output DIR] [--transport ipc|tcp] [--port N] [key=value …]
                                                           run one process per agent over ZeroMQ
          theory SCENARIO [--json] [key=value …]           print the predictions of the theory
          validate SCENARIO|TOPOLOGY                       check a file without running it
          topology SUBCOMMAND …                            generate, convert, check and edit graphs
          batch SWEEP [--jobs N] [--resume]                run a parameter sweep
          batch export DIR                                 write a batch's index as CSV
          agent …, coordinator …                           the processes `hearsay run` starts

        Run `hearsay COMMAND --help` for the options of one command. Exit status: 0 success,
        1 a failure during a run, 2 invalid input, 130 or 143 interrupted (SIGINT, SIGTERM).
        """
}
