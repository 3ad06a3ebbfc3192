// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "hewei",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hewei", targets: ["hewei"]),
        .library(name: "HeweiCore", targets: ["HeweiCore"]),
        .library(name: "HeweiServer", targets: ["HeweiServer"]),
    ],
    // Every dependency pinned to one released version (等保: known, reviewed components).
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", exact: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", exact: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", exact: "1.57.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", exact: "3.36.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", exact: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", exact: "2.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
    ],
    targets: [
        .target(
            name: "HeweiCore",
            dependencies: []
        ),
        .target(
            name: "HeweiServer",
            dependencies: [
                "HeweiCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Public"), .copy("Defaults"), .copy("openapi.yaml")]
        ),
        .executableTarget(
            name: "hewei",
            dependencies: [
                "HeweiCore",
                "HeweiServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "HeweiCoreTests", dependencies: ["HeweiCore"]),
        .testTarget(
            name: "HeweiServerTests",
            dependencies: [
                "HeweiServer",
                "HeweiCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
