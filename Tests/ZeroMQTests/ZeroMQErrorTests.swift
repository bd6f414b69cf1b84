import Foundation
import Testing
import ZeroMQ

@Suite("ZeroMQError", .serialized)
struct ZeroMQErrorTests {
    let context: Context

    init() throws {
        context = try Context()
    }

    @Test("second bind is EADDRINUSE")
    func secondBindAddressInUse() throws {
        let endpoint = TestEndpoints.abstractIPC("inuse")
        let first = try Socket(context: context, type: .pull)
        try first.bind(endpoint)
        let second = try Socket(context: context, type: .pull)

        let error = #expect(throws: ZeroMQError.self) {
            try second.bind(endpoint)
        }
        let systemText = String(cString: strerror(EADDRINUSE))
        #expect(error?.code == EADDRINUSE)
        #expect(error?.isAddressInUse == true)
        #expect(error?.message == systemText)
        #expect(error?.operation == "zmq_bind(\"\(endpoint)\")")
        #expect(error?.description.contains(systemText) == true)
        #expect(error?.description.contains(endpoint) == true)
        #expect(error?.description.contains("EADDRINUSE") == true)
    }

    @Test("long ipc path is ENAMETOOLONG")
    func longIPCPath() throws {
        let socket = try Socket(context: context, type: .pull)
        let path = "/tmp/" + String(repeating: "x", count: 103)  // 108 bytes

        let error = #expect(throws: ZeroMQError.self) {
            try socket.bind("ipc://\(path)")
        }
        #expect(error?.code == ENAMETOOLONG)
        #expect(error?.description.contains("ipc://@name") == true)
        #expect(FileManager.default.fileExists(atPath: path) == false)
    }

    @Test("unknown transport is EPROTONOSUPPORT")
    func unknownTransport() throws {
        let socket = try Socket(context: context, type: .push)

        let error = #expect(throws: ZeroMQError.self) {
            try socket.connect("carrier-pigeon://127.0.0.1:5555")
        }
        #expect(error?.code == EPROTONOSUPPORT)
        #expect(error?.codeName == "EPROTONOSUPPORT")
    }

    @Test("malformed tcp endpoint is EINVAL")
    func malformedTCPEndpoint() throws {
        let socket = try Socket(context: context, type: .pull)

        let error = #expect(throws: ZeroMQError.self) {
            try socket.bind("tcp://127.0.0.1")
        }
        #expect(error?.code == EINVAL)
        #expect(error?.description.contains("zmq_bind(\"tcp://127.0.0.1\") failed") == true)
    }

    @Test("description names operation and code")
    func descriptionFormat() {
        let error = ZeroMQError(code: EAGAIN, operation: "zmq_msg_recv(PULL)")
        let systemText = String(cString: strerror(EAGAIN))

        #expect(error.isWouldBlock)
        #expect(error.isTerminated == false)
        #expect(error.message == systemText)
        #expect(error.description.hasPrefix("zmq_msg_recv(PULL) failed: \(systemText)"))
        #expect(error.description.contains("(EAGAIN \(EAGAIN))"))
    }

    @Test("unlisted code has errno label")
    func unlistedCode() {
        let error = ZeroMQError(code: EPERM, operation: "zmq_test")

        #expect(error.codeName == nil)
        #expect(error.description.contains("(errno \(EPERM))"))
    }
}
