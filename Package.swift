// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Hearsay",
    products: [
        .executable(name: "hearsay", targets: ["hearsay"])
    ],
    targets: [
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CIGraph",
            pkgConfig: "igraph",
            providers: [.apt(["libigraph-dev"])]
        ),
        .target(name: "SocialLearning"),
        .target(name: "Topology", dependencies: ["SocialLearning"]),
        .target(name: "Scenario", dependencies: ["SocialLearning", "Topology", "CYAML"]),
        .target(name: "Reporting", dependencies: ["SocialLearning", "Topology", "Scenario"]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "Runtime", dependencies: ["SocialLearning", "Scenario", "Reporting", "ZeroMQ"]),
        .target(name: "Batch", dependencies: ["SocialLearning", "Scenario", "Reporting", "CSQLite"]),
        .target(
            name: "TopologyTools", dependencies: ["Topology", "SocialLearning", "CIGraph"],
            // igraph.h defines _GNU_SOURCE before it includes the C library headers, so its
            // fd_set differs from the one Foundation's modules see, and a clean build fails
            // with "__fds_bits ... is not present in definition of 'fd_set'". Defining it for
            // every C module of this target makes the two agree.
            swiftSettings: [.unsafeFlags(["-Xcc", "-D_GNU_SOURCE"])]
        ),
        .executableTarget(
            name: "hearsay",
            dependencies: [
                "SocialLearning", "Topology", "Scenario", "Reporting", "Runtime", "Batch",
                "TopologyTools",
            ]
        ),
        .testTarget(
            name: "SocialLearningTests",
            dependencies: ["SocialLearning"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ScenarioTests",
            dependencies: ["Scenario", "Topology", "SocialLearning"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TopologyToolsTests",
            dependencies: ["TopologyTools", "Topology"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BatchTests",
            dependencies: ["Batch", "Scenario", "Reporting", "SocialLearning"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "ZeroMQ", "Scenario"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(
            name: "HearsayCLITests",
            dependencies: ["SocialLearning", "Scenario"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
