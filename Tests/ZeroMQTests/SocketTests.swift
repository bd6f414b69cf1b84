import Foundation
import Testing
import ZeroMQ

@Suite("Socket", .serialized)
struct SocketTests {
    let context: Context

    init() throws {
        context = try Context()
    }

    @Test("PUSH/PULL over abstract ipc")
    func pushPullAbstractIPC() throws {
        let endpoint = TestEndpoints.abstractIPC("pipeline")
        let (push, pull, bound) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: endpoint
        )
        #expect(bound == endpoint)

        #expect(try push.send(Array("hello".utf8)))
        let message = try pull.receive()
        #expect(message == [Array("hello".utf8)])
    }

    @Test("PUSH/PULL over ipc file")
    func pushPullIPCFile() throws {
        let path = TestEndpoints.ipcFilePath("pipeline")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (push, pull, bound) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: "ipc://\(path)"
        )
        #expect(bound == "ipc://\(path)")
        #expect(FileManager.default.fileExists(atPath: path))

        #expect(try push.send(Array("over a file".utf8)))
        #expect(try pull.receive() == [Array("over a file".utf8)])
    }

    @Test("PUSH/PULL over tcp wildcard port")
    func pushPullTCP() throws {
        let (push, pull, bound) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: "tcp://127.0.0.1:*"
        )
        #expect(bound.hasPrefix("tcp://127.0.0.1:"))
        let port = Int(bound.dropFirst("tcp://127.0.0.1:".count))
        #expect(port != nil)
        #expect(try pull.lastEndpoint() == bound)
        #expect(try push.lastEndpoint() == bound)

        #expect(try push.send(Array("over tcp".utf8)))
        #expect(try pull.receive() == [Array("over tcp".utf8)])
    }

    @Test("multipart with empty and 1 MiB frames")
    func multipartFrames() throws {
        let (push, pull, _) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: TestEndpoints.abstractIPC("multipart")
        )
        let large = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let frames: [[UInt8]] = [Array("header".utf8), [], large, [0]]

        #expect(try push.send(frames))
        #expect(try push.send([UInt8]()))  // a one-frame message whose frame is empty

        let received = try #require(try pull.receive())
        #expect(received.count == 4)
        #expect(received.first == Array("header".utf8))
        #expect(received.dropFirst().first?.isEmpty == true)
        let receivedLarge = received.dropFirst(2).first ?? []
        #expect(receivedLarge.count == 1 << 20)
        // elementsEqual keeps a failure report short instead of printing 1 MiB of bytes.
        #expect(receivedLarge.elementsEqual(large))
        #expect(received.last == [0])
        #expect(try pull.hasMoreFrames() == false)

        #expect(try pull.receive() == [[]])
    }

    @Test("send rejects a message without frames")
    func sendWithoutFrames() throws {
        let push = try Socket(context: context, type: .push)
        let error = #expect(throws: ZeroMQError.self) {
            try push.send([[UInt8]]())
        }
        #expect(error?.code == EINVAL)
        #expect(error?.description.contains("at least one frame") == true)
    }

    @Test("DEALER/ROUTER routing ids")
    func dealerRouterRoutingIDs() throws {
        let endpoint = TestEndpoints.abstractIPC("router")
        let router = try Socket(context: context, type: .router)
        try router.setReceiveTimeout(TestEndpoints.messageTimeout)
        try router.setRouterMandatory(true)
        try router.bind(endpoint)

        let dealer = try Socket(context: context, type: .dealer)
        let routingID = Array("agent-7".utf8)
        try dealer.setRoutingID(routingID)
        try dealer.setReceiveTimeout(TestEndpoints.messageTimeout)
        try dealer.connect(endpoint)

        #expect(try dealer.send([Array("request".utf8)]))
        let request = try #require(try router.receive())
        #expect(request == [routingID, Array("request".utf8)])

        #expect(try router.send([routingID, Array("reply".utf8), [1, 2, 3]]))
        #expect(try dealer.receive() == [Array("reply".utf8), [1, 2, 3]])
    }

    @Test("ROUTER_MANDATORY unknown peer")
    func routerMandatoryUnknownPeer() throws {
        let router = try Socket(context: context, type: .router)
        try router.setRouterMandatory(true)
        try router.bind(TestEndpoints.abstractIPC("mandatory"))

        let error = #expect(throws: ZeroMQError.self) {
            try router.send([Array("nobody".utf8), Array("lost".utf8)])
        }
        #expect(error?.code == EHOSTUNREACH)
        #expect(error?.isHostUnreachable == true)
        #expect(error?.isWouldBlock == false)
        #expect(error?.operation == "zmq_send(ROUTER)")
    }

    @Test("ROUTER drops unknown peer by default")
    func routerDropsUnknownPeer() throws {
        let router = try Socket(context: context, type: .router)
        try router.bind(TestEndpoints.abstractIPC("dropping"))

        // Without ROUTER_MANDATORY libzmq discards the message and reports success.
        #expect(try router.send([Array("nobody".utf8), Array("lost".utf8)]))
    }

    @Test("receive timeout returns nil")
    func receiveTimeout() throws {
        let pull = try Socket(context: context, type: .pull)
        try pull.bind(TestEndpoints.abstractIPC("timeout"))
        try pull.setReceiveTimeout(.milliseconds(100))

        let clock = ContinuousClock()
        let start = clock.now
        let message = try pull.receive()
        let elapsed = clock.now - start

        #expect(message == nil)
        #expect(elapsed >= .milliseconds(80))
        #expect(elapsed < .seconds(3))
    }

    @Test("dontWait receive returns nil")
    func receiveWithoutWaiting() throws {
        let pull = try Socket(context: context, type: .pull)
        try pull.bind(TestEndpoints.abstractIPC("dontwait"))

        #expect(try pull.receive(dontWait: true) == nil)
    }

    @Test("send timeout returns false")
    func sendTimeout() throws {
        // A PUSH socket without any connection has no queue, so a send has to wait.
        let push = try Socket(context: context, type: .push)
        try push.setSendTimeout(.milliseconds(50))

        #expect(try push.send(Array("nowhere".utf8)) == false)
        #expect(try push.send(Array("nowhere".utf8), dontWait: true) == false)
    }

    @Test("linger default and read back")
    func lingerReadBack() throws {
        let socket = try Socket(context: context, type: .dealer)
        #expect(try socket.linger() == Socket.defaultLinger)
        #expect(Socket.defaultLinger == .milliseconds(200))

        try socket.setLinger(.milliseconds(350))
        #expect(try socket.linger() == .milliseconds(350))

        try socket.setLinger(.microseconds(1500))  // rounded up to whole milliseconds
        #expect(try socket.linger() == .milliseconds(2))

        try socket.setLinger(.zero)
        #expect(try socket.linger() == .zero)

        try socket.setLinger(nil)
        #expect(try socket.linger() == nil)

        let configured = try Socket(context: context, type: .push, linger: .seconds(1))
        #expect(try configured.linger() == .seconds(1))
    }

    @Test("options read back")
    func optionsReadBack() throws {
        let socket = try Socket(context: context, type: .dealer)
        #expect(try socket.sendTimeout() == nil)
        #expect(try socket.receiveTimeout() == nil)
        #expect(try socket.routingID() == [])
        #expect(try socket.isImmediate() == false)
        #expect(try socket.heartbeatInterval() == .zero)
        #expect(try socket.heartbeatTimeout() == nil)

        try socket.setSendTimeout(.milliseconds(120))
        try socket.setReceiveTimeout(.milliseconds(130))
        try socket.setSendHighWaterMark(17)
        try socket.setReceiveHighWaterMark(19)
        try socket.setRoutingID([9, 8, 7])
        try socket.setImmediate(true)
        try socket.setHeartbeatInterval(.seconds(2))
        try socket.setHeartbeatTimeout(.seconds(6))

        #expect(try socket.sendTimeout() == .milliseconds(120))
        #expect(try socket.receiveTimeout() == .milliseconds(130))
        #expect(try socket.sendHighWaterMark() == 17)
        #expect(try socket.receiveHighWaterMark() == 19)
        #expect(try socket.routingID() == [9, 8, 7])
        #expect(try socket.isImmediate() == true)
        #expect(try socket.heartbeatInterval() == .seconds(2))
        #expect(try socket.heartbeatTimeout() == .seconds(6))
        #expect(socket.type == .dealer)
    }

    @Test("invalid option values rejected")
    func invalidOptionValues() throws {
        let socket = try Socket(context: context, type: .dealer)

        let negativeLinger = #expect(throws: ZeroMQError.self) {
            try socket.setLinger(.milliseconds(-5))
        }
        #expect(negativeLinger?.code == EINVAL)
        #expect(negativeLinger?.operation == "zmq_setsockopt(ZMQ_LINGER)")
        #expect(try socket.linger() == Socket.defaultLinger)

        let hugeTimeout = #expect(throws: ZeroMQError.self) {
            try socket.setReceiveTimeout(.seconds(Int64(Int32.max)))
        }
        #expect(hugeTimeout?.code == EINVAL)

        let emptyID = #expect(throws: ZeroMQError.self) {
            try socket.setRoutingID([])
        }
        #expect(emptyID?.code == EINVAL)
        #expect(emptyID?.description.contains("got 0") == true)

        let longID = #expect(throws: ZeroMQError.self) {
            try socket.setRoutingID([UInt8](repeating: 1, count: 256))
        }
        #expect(longID?.code == EINVAL)

        let negativeMark = #expect(throws: ZeroMQError.self) {
            try socket.setSendHighWaterMark(-1)
        }
        #expect(negativeMark?.code == EINVAL)

        #expect(throws: ZeroMQError.self) {
            try Socket(context: context, type: .pull, linger: .seconds(-1))
        }
    }

    @Test("close is idempotent")
    func closeTwice() throws {
        let socket = try Socket(context: context, type: .pull)
        try socket.bind(TestEndpoints.abstractIPC("close"))
        #expect(socket.isClosed == false)

        socket.close()
        socket.close()
        #expect(socket.isClosed)

        let error = #expect(throws: ZeroMQError.self) {
            try socket.receive(dontWait: true)
        }
        #expect(error?.isSocketClosed == true)
        #expect(error?.code == ENOTSOCK)
        #expect(error?.description.contains("zmq_msg_recv(PULL)") == true)
        #expect(throws: ZeroMQError.self) { try socket.linger() }
        #expect(throws: ZeroMQError.self) { try socket.connect("tcp://127.0.0.1:1") }
    }

    @Test("unbind and disconnect")
    func unbindAndDisconnect() throws {
        let pull = try Socket(context: context, type: .pull)
        let bound = try pull.bind("tcp://127.0.0.1:*")
        let push = try Socket(context: context, type: .push)
        try push.connect(bound)

        try push.disconnect(bound)
        try pull.unbind(bound)

        let unbindAgain = #expect(throws: ZeroMQError.self) { try pull.unbind(bound) }
        #expect(unbindAgain?.code == ENOENT)
        let disconnectAgain = #expect(throws: ZeroMQError.self) { try push.disconnect(bound) }
        #expect(disconnectAgain?.code == ENOENT)
    }

    @Test("PUB/SUB prefix filter")
    func publishSubscribe() throws {
        let endpoint = TestEndpoints.abstractIPC("pubsub")
        let subscriber = try Socket(context: context, type: .sub)
        try subscriber.subscribe("keep")
        try subscriber.bind(endpoint)
        let publisher = try Socket(context: context, type: .pub)
        try publisher.connect(endpoint)

        // PUB drops messages until the subscription reaches it, so publish until one
        // arrives or the deadline passes.
        let clock = ContinuousClock()
        let deadline = clock.now + TestEndpoints.messageTimeout
        var received: [[UInt8]]?
        while received == nil && clock.now < deadline {
            #expect(try publisher.send([Array("skip".utf8), [1]]))
            #expect(try publisher.send([Array("keep.me".utf8), [2]]))
            try subscriber.setReceiveTimeout(.milliseconds(20))
            received = try subscriber.receive()
        }

        #expect(received == [Array("keep.me".utf8), [2]])
        while let next = try subscriber.receive(dontWait: true) {
            #expect(next == [Array("keep.me".utf8), [2]])
        }

        try subscriber.unsubscribe("keep")
    }

    @Test("REQ second send is EFSM")
    func requestSendTwice() throws {
        let endpoint = TestEndpoints.abstractIPC("req")
        let reply = try Socket(context: context, type: .rep)
        try reply.bind(endpoint)
        let request = try Socket(context: context, type: .req)
        try request.connect(endpoint)

        #expect(try request.send(Array("first".utf8)))
        let error = #expect(throws: ZeroMQError.self) {
            try request.send(Array("second".utf8))
        }
        #expect(error?.codeName == "EFSM")
        #expect(error?.description.contains("REQ") == true)
    }
}
