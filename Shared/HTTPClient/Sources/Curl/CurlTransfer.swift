import CCurl
import CCurlShim
import Foundation

/// Everything one transfer needs, prepared on the calling task (Sendable, crosses to the pool thread).
struct CurlRequest: Sendable {
    var method: String
    var url: String
    /// `Name: value` lines.
    var headerLines: [String]
    var body: [UInt8]?
    var timeoutMilliseconds: Int
    var connectTimeoutMilliseconds: Int
}

/// State the C callbacks write into. Lives on the pool thread for the duration of one `curl_easy_perform`;
/// reached from the callbacks through an unretained `Unmanaged` pointer.
final class CurlTransferState {
    var body: [UInt8] = []
    var headers: [HTTPHeaderField] = []
    let cancel: CurlCancelFlag

    init(cancel: CurlCancelFlag) { self.cancel = cancel }
}

enum CurlTransfer {
    /// Runs one blocking transfer. Call only on a `CurlRuntime.pool` thread.
    static func perform(_ request: CurlRequest, cancel: CurlCancelFlag) throws -> HTTPClientResponse {
        guard let easy = CurlRuntime.handles.take() ?? CurlEasy() else {
            throw HTTPClientError.transport(code: 2, message: "libcurl could not be initialised", url: request.url)
        }
        defer { CurlRuntime.handles.give(easy) }
        let h = easy.raw

        let state = CurlTransferState(cancel: cancel)
        let userData = Unmanaged.passUnretained(state).toOpaque()

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { if let headerList { curl_slist_free_all(headerList) } }

        // Request body: a private copy that curl reads (and can rewind, e.g. when it retries a request on a
        // reused connection the server had closed) until the transfer is over.
        var bodyCopy: UnsafeMutableRawPointer? = nil
        defer { bodyCopy?.deallocate() }

        var rc = CURLE_OK
        func set(_ code: CURLcode) { if rc == CURLE_OK { rc = code } }

        set(ccurl_setopt_string(h, CURLOPT_URL, request.url))
        set(ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ccurl_setopt_long(h, CURLOPT_TIMEOUT_MS, max(1, request.timeoutMilliseconds)))
        set(ccurl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, max(1, request.connectTimeoutMilliseconds)))
        set(ccurl_setopt_ptr(h, CURLOPT_ERRORBUFFER, errorBuffer))

        let method = request.method.uppercased()
        switch method {
        case "GET":
            set(ccurl_setopt_long(h, CURLOPT_HTTPGET, 1))
        case "HEAD":
            set(ccurl_setopt_long(h, CURLOPT_NOBODY, 1))
        default:
            let body = request.body ?? []
            if request.body != nil || ["POST", "PUT", "PATCH"].contains(method) {
                let copy = UnsafeMutableRawPointer.allocate(byteCount: max(1, body.count), alignment: 1)
                body.withUnsafeBytes { src in
                    if let base = src.baseAddress { copy.copyMemory(from: base, byteCount: body.count) }
                }
                bodyCopy = copy
                set(ccurl_setopt_long(h, CURLOPT_POST, 1))
                set(ccurl_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
                set(ccurl_setopt_ptr(h, CURLOPT_POSTFIELDS, copy))
            }
            if method != "POST" {
                set(ccurl_setopt_string(h, CURLOPT_CUSTOMREQUEST, method))
            }
        }

        for line in request.headerLines {
            headerList = curl_slist_append(headerList, line)
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        headerList = curl_slist_append(headerList, "Expect:")
        set(ccurl_setopt_slist(h, CURLOPT_HTTPHEADER, headerList))

        set(ccurl_setopt_write(h, { ptr, size, nmemb, userData in
            let state = Unmanaged<CurlTransferState>.fromOpaque(userData!).takeUnretainedValue()
            let count = size * nmemb
            if let ptr, count > 0 {
                state.body.append(contentsOf: UnsafeRawBufferPointer(start: ptr, count: count))
            }
            return count
        }, userData))

        set(ccurl_setopt_header(h, { ptr, size, nmemb, userData in
            let state = Unmanaged<CurlTransferState>.fromOpaque(userData!).takeUnretainedValue()
            let count = size * nmemb
            guard let ptr, count > 0 else { return count }
            let line = UnsafeRawBufferPointer(start: ptr, count: count)
            if line.starts(with: "HTTP/".utf8) {
                state.headers.removeAll()  // a new response block (after 100 Continue, …)
            } else if let field = HTTPHeaderLine.parse(line) {
                state.headers.append(field)
            }
            return count
        }, userData))

        // Progress callback: lets a cancelled Swift task abort the transfer (returns non-zero → code 42).
        let progress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
            userData, _, _, _, _ in
            let state = Unmanaged<CurlTransferState>.fromOpaque(userData!).takeUnretainedValue()
            return state.cancel.isCancelled ? 1 : 0
        }
        set(ccurl_setopt_ptr(h, CURLOPT_XFERINFOFUNCTION, unsafeBitCast(progress, to: UnsafeMutableRawPointer.self)))
        set(ccurl_setopt_ptr(h, CURLOPT_XFERINFODATA, userData))
        set(ccurl_setopt_long(h, CURLOPT_NOPROGRESS, 0))

        if rc != CURLE_OK {
            throw HTTPClientError.transport(code: Int(rc.rawValue), message: "curl setup failed: \(errorText(rc, errorBuffer))", url: request.url)
        }

        let performed = withExtendedLifetime(state) { curl_easy_perform(h) }
        if performed != CURLE_OK {
            if performed == CURLE_ABORTED_BY_CALLBACK && cancel.isCancelled {
                throw CancellationError()
            }
            throw HTTPClientError.transport(code: Int(performed.rawValue), message: errorText(performed, errorBuffer), url: request.url)
        }

        var status = 0
        _ = ccurl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, headers: state.headers, body: state.body)
    }

    private static func errorText(_ code: CURLcode, _ buffer: UnsafeMutablePointer<CChar>) -> String {
        let detail = String(cString: buffer)
        if !detail.isEmpty { return detail }
        return String(cString: curl_easy_strerror(code))
    }
}
