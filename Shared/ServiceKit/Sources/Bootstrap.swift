import Foundation
import Logging
import Metrics
import Prometheus

/// Process-wide logging and metrics set-up, done once however many applications a process builds (tests build many).
public enum FerryBootstrap {
    /// The Prometheus registry `/metrics` emits; swift-metrics' `MetricsSystem` is bootstrapped with it.
    public static var registry: PrometheusCollectorRegistry {
        _ = metricsBootstrapped
        return prometheusRegistry
    }

    private static let prometheusRegistry = PrometheusCollectorRegistry()

    private static let metricsBootstrapped: Bool = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheusRegistry))
        return true
    }()

    private static let logLevel = LogLevelBox()

    private static let loggingBootstrapped: Bool = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = FerryBootstrap.logLevel.value
            return handler
        }
        return true
    }()

    /// Bootstraps `LoggingSystem` (StreamLogHandler to stderr) and `MetricsSystem` (Prometheus) once.
    /// `level` applies to loggers made afterwards; the last call's level wins.
    public static func bootstrap(logLevel level: Logger.Level) {
        logLevel.value = level
        _ = loggingBootstrapped
        _ = metricsBootstrapped
    }
}

private final class LogLevelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var level: Logger.Level = .info
    var value: Logger.Level {
        get { lock.withLock { level } }
        set { lock.withLock { level = newValue } }
    }
}
