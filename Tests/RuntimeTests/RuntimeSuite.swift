import Testing

/// Every test of this target starts real `hearsay` processes over real sockets. They run one
/// at a time (`.serialized` reaches the nested suites): on two cores, parallel runs would
/// starve each other and break the timing bounds that some tests check.
@Suite("Distributed runtime", .serialized, .timeLimit(.minutes(2)))
enum RuntimeSuite {}
