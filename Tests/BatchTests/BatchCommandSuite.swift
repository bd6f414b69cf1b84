import Testing

/// The tests of this target that start `hearsay batch` as a child process. They run one at a
/// time (`.serialized` reaches the nested suites): each batch already keeps both cores busy,
/// and tests that stop a driver after a number of finished runs poll its index.
@Suite("hearsay batch", .serialized, .timeLimit(.minutes(3)))
enum BatchCommandSuite {}
