/// Where `litsearch serve` listens and who may ask it.
///
/// ```swift
/// let configuration = try ServerConfiguration(host: "0.0.0.0", port: 8080, token: "s3cret").validated()
/// ```
public struct ServerConfiguration: Sendable {
    /// The address to bind: `127.0.0.1` (the default) answers this machine only.
    public var host: String
    /// The TCP port; 0 lets the system choose (the real one is printed when listening).
    public var port: Int
    /// The shared secret every request must carry (bearer header, or the cookie set by `/?token=`);
    /// nil: no check.
    public var token: String?
    /// Listen on a non-loopback address without a token (said loudly, never the default).
    public var allowsAnyone: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, allowsAnyone: Bool = false) {
        self.host = host
        self.port = port
        self.token = token
        self.allowsAnyone = allowsAnyone
    }

    /// Whether `host` only reaches this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The configuration when it is safe to start: a non-loopback address needs a token or an
    /// explicit `allowsAnyone`.
    ///
    /// - Throws: `ServerConfigurationError`.
    public func validated() throws -> ServerConfiguration {
        guard (0...65535).contains(port) else { throw ServerConfigurationError("--port must be between 0 and 65535, not \(port)") }
        guard !host.isEmpty else { throw ServerConfigurationError("--host needs an address, not an empty string") }
        if let token {
            guard token.count >= 8 else { throw ServerConfigurationError("--token must be at least 8 characters long") }
            guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",") }) else {
                throw ServerConfigurationError("--token may hold printable ASCII only, without spaces, ';' or ','")
            }
            if allowsAnyone { throw ServerConfigurationError("--token and --no-auth contradict each other: choose one") }
        } else if !isLoopback && !allowsAnyone {
            throw ServerConfigurationError("""
                refusing to listen on \(host) without --token: anyone who can reach it could browse the indexed photos. \
                Give --token SECRET (then open http://HOST:PORT/?token=SECRET), or --no-auth to share them with everyone
                """)
        }
        return self
    }

    /// What a browser should open: the host as reachable (a wildcard address becomes `localhost`).
    public func url(port actualPort: Int) -> String {
        let shown = host == "0.0.0.0" || host == "::" ? "localhost" : host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(shown):\(actualPort)"
    }
}

/// A `serve` option that cannot work; says what to give instead.
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
