extension Duration {
    /// The duration in (fractional) seconds, for logs and Prometheus series.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
